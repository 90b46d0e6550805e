package do

import (
	"context"
	"errors"
	"time"

	"github.com/digitalocean/godo"
)

// KubeConfig returns a token kubeconfig for the cluster valid for expiry
// (DO's default of seven days when expiry is zero).
func (c *Client) KubeConfig(ctx context.Context, id string, expiry time.Duration) ([]byte, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	cfg, _, err := c.godo.Kubernetes.GetKubeConfigWithExpiry(ctx, id, int64(expiry/time.Second))
	if err != nil {
		return nil, wrap("get kubeconfig", err)
	}
	if len(cfg.KubeconfigYAML) == 0 {
		return nil, errors.New("DigitalOcean: empty kubeconfig (is the cluster still provisioning?)")
	}
	return cfg.KubeconfigYAML, nil
}

// Credentials returns the API server address, CA and a token with its
// expiry, for building a client without a kubeconfig file.
func (c *Client) Credentials(ctx context.Context, id string) (Credentials, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	cr, _, err := c.godo.Kubernetes.GetCredentials(ctx, id, &godo.KubernetesClusterCredentialsGetRequest{})
	if err != nil {
		return Credentials{}, wrap("get credentials", err)
	}
	return Credentials{
		Server: cr.Server, CA: cr.CertificateAuthorityData, Token: cr.Token, ExpiresAt: cr.ExpiresAt,
		ClientCertificate: cr.ClientCertificateData, ClientKey: cr.ClientKeyData,
	}, nil
}
