package actions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
)

func s3SecretObj(ns string, data map[string]string) *corev1.Secret {
	s := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "s3"}, Data: map[string][]byte{}}
	for k, v := range data {
		s.Data[k] = []byte(v)
	}
	return s
}

func TestReadS3Target(t *testing.T) {
	cs := fake.NewClientset(
		s3SecretObj("www-example-com", map[string]string{"bucket.txt": "example-files\n", "prefix.txt": "www/",
			"endpoint.txt": "https://fra1.digitaloceanspaces.com", "region.txt": "fra1",
			"access-key.txt": "DO00EXAMPLEKEY", "secret-key.txt": "very-secret-value"}),
		s3SecretObj("no-bucket", map[string]string{"endpoint.txt": "https://fra1.digitaloceanspaces.com"}),
	)
	ctx := context.Background()
	got, err := ReadS3Target(ctx, cs, "www-example-com")
	if err != nil {
		t.Fatal(err)
	}
	if got.Bucket != "example-files" || got.Prefix != "www/" || got.Endpoint != "https://fra1.digitaloceanspaces.com" || got.Region != "fra1" || !got.HasKeys() {
		t.Errorf("target = %v", got)
	}
	for _, shown := range []string{got.String(), fmt.Sprintf("%v", got), fmt.Sprintf("%+v", got)} {
		if strings.Contains(shown, "very-secret-value") || strings.Contains(shown, "DO00EXAMPLEKEY") {
			t.Errorf("printing a target shows a key: %s", shown)
		}
	}
	if _, err := ReadS3Target(ctx, cs, "blog-kittens-io"); !errors.Is(err, ErrNoS3Secret) {
		t.Errorf("no secret: %v", err)
	}
	if _, err := ReadS3Target(ctx, cs, "no-bucket"); err == nil || !strings.Contains(err.Error(), "names no bucket") {
		t.Errorf("no bucket: %v", err)
	}
}

func TestS3TargetStoreConfig(t *testing.T) {
	account := &objstore.Config{Endpoint: "fra1.digitaloceanspaces.com", Region: "fra1", AccessKey: "ACCOUNT", SecretKey: "acct-secret", Secure: true}
	local := &objstore.Config{Endpoint: "127.0.0.1:39000", Region: "us-east-1", AccessKey: "minio", SecretKey: "minio-secret"}
	withKeys := func(endpoint string) S3Target {
		return S3Target{Bucket: "b", Endpoint: endpoint, Region: "fra1", accessKey: "SITE", secretKey: "site-secret"}
	}
	cases := []struct {
		name    string
		target  S3Target
		account *objstore.Config
		want    objstore.Config
		err     string
	}{
		{"account keys for the same endpoint", withKeys("https://fra1.digitaloceanspaces.com"), account,
			objstore.Config{Endpoint: "fra1.digitaloceanspaces.com", Region: "fra1", AccessKey: "ACCOUNT", SecretKey: "acct-secret", Secure: true}, ""},
		{"site keys for another endpoint", withKeys("https://ams3.digitaloceanspaces.com"), account,
			objstore.Config{Endpoint: "https://ams3.digitaloceanspaces.com", Region: "fra1", AccessKey: "SITE", SecretKey: "site-secret", Secure: true}, ""},
		{"site keys, no account", withKeys("http://127.0.0.1:39000"), nil,
			objstore.Config{Endpoint: "http://127.0.0.1:39000", Region: "fra1", AccessKey: "SITE", SecretKey: "site-secret"}, ""},
		{"loopback without scheme is plain HTTP", withKeys("127.0.0.1:39000"), nil,
			objstore.Config{Endpoint: "127.0.0.1:39000", Region: "fra1", AccessKey: "SITE", SecretKey: "site-secret"}, ""},
		{"local account matches the secret's URL", S3Target{Bucket: "b", Endpoint: "http://127.0.0.1:39000"}, local, *local, ""},
		{"no endpoint uses the account", S3Target{Bucket: "b"}, account, *account, ""},
		{"no keys anywhere", S3Target{Bucket: "b", Endpoint: "https://nyc3.digitaloceanspaces.com"}, nil, objstore.Config{}, "no credentials for nyc3.digitaloceanspaces.com"},
		{"nothing at all", S3Target{Bucket: "b"}, nil, objstore.Config{}, "names no endpoint"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.target.StoreConfig(tc.account)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %+v %v, want %+v", got, err, tc.want)
			}
		})
	}
}
