package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// Where the demo runs: the local cluster's pools and the StorageClass the
// seed creates (see storage.go).
const (
	webPool      = "web"
	dbPool       = "db"
	storageClass = "local-demo"
	s3Region     = "us-east-1" // MinIO's default region
)

// s3Env is the local MinIO from hack/cluster.sh's .local/minio.env.
type s3Env struct {
	Endpoint, AccessKey, SecretKey string
}

// readS3Env parses KEY=VALUE lines (optionally "export "-prefixed and
// quoted) and requires the three FDTUI_S3_* variables.
func readS3Env(path string) (s3Env, error) {
	f, err := os.Open(path)
	if err != nil {
		return s3Env{}, fmt.Errorf("reading the MinIO settings: %w (is the local cluster up? bash hack/cluster.sh up)", err)
	}
	defer f.Close()
	vars := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimPrefix(strings.TrimSpace(sc.Text()), "export ")
		key, value, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(key, "#") {
			continue
		}
		vars[strings.TrimSpace(key)] = strings.Trim(strings.TrimSpace(value), `"'`)
	}
	if err := sc.Err(); err != nil {
		return s3Env{}, err
	}
	env := s3Env{Endpoint: vars["FDTUI_S3_ENDPOINT"], AccessKey: vars["FDTUI_S3_ACCESS_KEY"], SecretKey: vars["FDTUI_S3_SECRET_KEY"]}
	if env.Endpoint == "" || env.AccessKey == "" || env.SecretKey == "" {
		return s3Env{}, fmt.Errorf("%s: FDTUI_S3_ENDPOINT, FDTUI_S3_ACCESS_KEY and FDTUI_S3_SECRET_KEY must all be set", path)
	}
	if !strings.Contains(env.Endpoint, "://") {
		env.Endpoint = "http://" + env.Endpoint // local MinIO speaks plain HTTP
	}
	return env, nil
}

func (e s3Env) storeConfig() objstore.Config {
	return objstore.Config{Endpoint: e.Endpoint, Region: s3Region, AccessKey: e.AccessKey, SecretKey: e.SecretKey}
}

// siteSpec is what a user would type into the new-site wizard for d, with
// small requests so that every demo site fits on three 2-vCPU web nodes.
// The blueprint's varnish (100m/192Mi), mysql (250m/512Mi) and memcache
// (50m/96Mi) requests fit real sites; the demo packs six sites, their
// rollouts' surge pods and other people's test pods on three small nodes.
func siteSpec(d siteDef, image string, s3 s3Env) blueprint.SiteSpec {
	return blueprint.SiteSpec{
		Domain:           d.Domain,
		Image:            image,
		WebReplicas:      3,
		MemcacheReplicas: 3,
		MySQLVolume:      d.Volume,
		StorageClass:     storageClass,
		WebCPU:           "100m",
		WebMemory:        "128Mi",
		VarnishCPU:       "50m",
		VarnishMemory:    "128Mi",
		MySQLCPU:         "100m",
		MySQLMemory:      "256Mi",
		MemcacheCPU:      "25m",
		MemcacheMemory:   "64Mi",
		WebPool:          webPool,
		DBPool:           dbPool,
		S3: blueprint.S3Settings{
			Endpoint: s3.Endpoint, Region: s3Region, Bucket: d.namespace(),
			AccessKey: s3.AccessKey, SecretKey: s3.SecretKey,
		},
		ProgressDeadlineSeconds: progressDeadline(d),
		// A pull secret like the one DigitalOcean's registry integration
		// creates; the credentials are fake (kwok pulls nothing), but the
		// audit rightly flags a site without one.
		Registry: &blueprint.RegistryAuth{Server: "registry.digitalocean.com", Username: "demo", Password: "demo-registry-token"},
	}
}

// progressDeadline is short for the broken-image site so the deployment
// controller gives up (ProgressDeadlineExceeded) within the demo.
func progressDeadline(d siteDef) int32 {
	if d.Break == brokenImage {
		return 60
	}
	return 0 // the blueprint default
}
