package blueprint

import (
	"encoding/base64"
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
)

// Secrets hold bytes in data, not stringData: stringData is write-only and
// never appears in what the apiserver returns, so server-side apply could
// not tell whether a value changed.

func (s site) mysqlSecret() *corev1.Secret {
	return s.opaqueSecret(SecretMySQL, ComponentMySQL, map[string]string{
		KeyDBName:   s.secrets.DBName,
		KeyDBUser:   s.secrets.DBUser,
		KeyDBPass:   s.secrets.DBPass,
		KeyRootPass: s.secrets.DBRootPass,
	})
}

func (s site) drupalSecret() *corev1.Secret {
	return s.opaqueSecret(SecretDrupal, ComponentWeb, map[string]string{
		KeyHashSalt: s.secrets.HashSalt,
	})
}

func (s site) s3Secret() *corev1.Secret {
	return s.opaqueSecret(SecretS3, ComponentWeb, map[string]string{
		KeyEndpoint:  s.S3.Endpoint,
		KeyRegion:    s.S3.Region,
		KeyBucket:    s.S3.Bucket,
		KeyPrefix:    s.S3.Prefix,
		KeyAccessKey: s.S3.AccessKey,
		KeySecretKey: s.S3.SecretKey,
	})
}

func (s site) opaqueSecret(name, component string, values map[string]string) *corev1.Secret {
	data := make(map[string][]byte, len(values))
	for k, v := range values {
		data[k] = []byte(v)
	}
	return &corev1.Secret{ObjectMeta: s.meta(name, component), Type: corev1.SecretTypeOpaque, Data: data}
}

// pullSecret is the kubernetes.io/dockerconfigjson Secret for the private
// registry, in the format `kubectl create secret docker-registry` writes.
func (s site) pullSecret() (*corev1.Secret, error) {
	r := s.Registry
	auth := base64.StdEncoding.EncodeToString([]byte(r.Username + ":" + r.Password))
	config := map[string]any{"auths": map[string]any{
		r.Server: map[string]string{"username": r.Username, "password": r.Password, "auth": auth},
	}}
	raw, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	return &corev1.Secret{
		ObjectMeta: s.meta(s.PullSecret, ComponentWeb),
		Type:       corev1.SecretTypeDockerConfigJson,
		Data:       map[string][]byte{corev1.DockerConfigJsonKey: raw},
	}, nil
}
