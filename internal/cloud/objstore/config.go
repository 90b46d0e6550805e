// Package objstore measures bucket usage on an S3-compatible object store
// (DigitalOcean Spaces in production, MinIO locally) through minio-go, for
// a dashboard that must never block on it: see Cache.
package objstore

import (
	"fmt"
	"net/url"
	"strings"
)

// Config says where the store is and how to sign requests.
type Config struct {
	// Endpoint is host:port or a URL; an http:// or https:// scheme
	// overrides Secure.
	Endpoint  string
	Region    string
	AccessKey string
	SecretKey string
	Secure    bool
}

// DefaultSpacesRegion is used when neither SPACES_REGION nor the endpoint
// names a region.
const DefaultSpacesRegion = "nyc3"

const spacesDomain = ".digitaloceanspaces.com"

// ConfigFromEnv reads SPACES_ACCESS_KEY_ID / SPACES_SECRET_ACCESS_KEY
// (falling back to AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as the s3
// tools people already use for Spaces read them), SPACES_ENDPOINT and
// SPACES_REGION. Without an endpoint it targets <region>.digitaloceanspaces.com
// over TLS. ok is false when no key pair is set.
func ConfigFromEnv(env func(string) string) (cfg Config, ok bool) {
	cfg.AccessKey, cfg.SecretKey = env("SPACES_ACCESS_KEY_ID"), env("SPACES_SECRET_ACCESS_KEY")
	if cfg.AccessKey == "" || cfg.SecretKey == "" {
		cfg.AccessKey, cfg.SecretKey = env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")
	}
	if cfg.AccessKey == "" || cfg.SecretKey == "" {
		return Config{}, false
	}
	cfg.Endpoint, cfg.Region = env("SPACES_ENDPOINT"), env("SPACES_REGION")
	if cfg.Region == "" {
		cfg.Region = regionOfSpacesEndpoint(cfg.Endpoint)
	}
	if cfg.Endpoint == "" {
		cfg.Endpoint = cfg.Region + spacesDomain
	}
	cfg.Secure = !strings.HasPrefix(cfg.Endpoint, "http://")
	return cfg, true
}

// regionOfSpacesEndpoint reads "fra1" out of fra1.digitaloceanspaces.com.
func regionOfSpacesEndpoint(endpoint string) string {
	host := endpoint
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		host = u.Host
	}
	if region, found := strings.CutSuffix(host, spacesDomain); found && region != "" && !strings.Contains(region, ".") {
		return region
	}
	return DefaultSpacesRegion
}

// hostAndTLS splits Endpoint into what minio.New wants.
func (c Config) hostAndTLS() (host string, secure bool, err error) {
	e := strings.TrimSpace(c.Endpoint)
	if e == "" {
		return "", false, fmt.Errorf("object store: no endpoint configured")
	}
	if !strings.Contains(e, "://") {
		return strings.TrimSuffix(e, "/"), c.Secure, nil
	}
	u, err := url.Parse(e)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false, fmt.Errorf("object store: endpoint %q is not host:port or an http(s) URL", e)
	}
	return u.Host, u.Scheme == "https", nil
}

// Name identifies the endpoint in cache keys and messages.
func (c Config) Name() string {
	host, _, err := c.hostAndTLS()
	if err != nil {
		return c.Endpoint
	}
	return host
}
