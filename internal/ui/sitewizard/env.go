package sitewizard

import (
	"strings"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
)

// s3Defaults prefill the object store step.
type s3Defaults struct{ Endpoint, Region, AccessKey, SecretKey string }

// minioRegion is MinIO's default region, which the local store uses.
const minioRegion = "us-east-1"

// s3FromEnv reads FDTUI_S3_* (the local MinIO of hack/cluster.sh) first,
// then the SPACES_* / AWS_* variables the DigitalOcean tools use.
func s3FromEnv(getenv func(string) string) s3Defaults {
	if key, secret := getenv("FDTUI_S3_ACCESS_KEY"), getenv("FDTUI_S3_SECRET_KEY"); key != "" && secret != "" {
		d := s3Defaults{Endpoint: getenv("FDTUI_S3_ENDPOINT"), Region: getenv("FDTUI_S3_REGION"), AccessKey: key, SecretKey: secret}
		if d.Region == "" {
			d.Region = minioRegion
		}
		// A bare host:port is the local MinIO, which speaks plain HTTP.
		d.Endpoint = withScheme(d.Endpoint, "http://")
		return d
	}
	cfg, ok := objstore.ConfigFromEnv(getenv)
	if !ok {
		return s3Defaults{Endpoint: "https://" + objstore.DefaultSpacesRegion + ".digitaloceanspaces.com", Region: objstore.DefaultSpacesRegion}
	}
	scheme := "https://"
	if !cfg.Secure {
		scheme = "http://"
	}
	return s3Defaults{Endpoint: withScheme(cfg.Endpoint, scheme), Region: cfg.Region, AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey}
}

func withScheme(endpoint, scheme string) string {
	if endpoint == "" || strings.Contains(endpoint, "://") {
		return endpoint
	}
	return scheme + endpoint
}
