package actions

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// S3Target is where a site keeps its files, as its s3 Secret says. Only
// Bucket, Prefix and Endpoint may be shown; the keys stay unexported and
// String never includes them.
type S3Target struct {
	Bucket, Prefix, Endpoint, Region string
	accessKey, secretKey             string
}

func (t S3Target) String() string {
	return fmt.Sprintf("s3 bucket %q prefix %q at %s", t.Bucket, t.Prefix, t.Endpoint)
}

// HasKeys reports whether the Secret carried an access key pair.
func (t S3Target) HasKeys() bool { return t.accessKey != "" && t.secretKey != "" }

// ErrNoS3Secret says a site keeps no object-store settings.
var ErrNoS3Secret = fmt.Errorf("no %s Secret", blueprint.SecretS3)

// ReadS3Target GETs the site's s3 Secret (as written by the blueprint) on
// demand; nothing is cached or logged here.
func ReadS3Target(ctx context.Context, cs kubernetes.Interface, namespace string) (S3Target, error) {
	sec, err := cs.CoreV1().Secrets(namespace).Get(ctx, blueprint.SecretS3, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return S3Target{}, ErrNoS3Secret
	}
	if apierrors.IsForbidden(err) {
		return S3Target{}, fmt.Errorf("not allowed to read Secret %s/%s", namespace, blueprint.SecretS3)
	}
	if err != nil {
		return S3Target{}, fmt.Errorf("reading Secret %s/%s: %s", namespace, blueprint.SecretS3, cloudLine(err.Error()))
	}
	get := func(k string) string { return strings.TrimSpace(string(sec.Data[k])) }
	t := S3Target{
		Bucket: get(blueprint.KeyBucket), Prefix: get(blueprint.KeyPrefix),
		Endpoint: get(blueprint.KeyEndpoint), Region: get(blueprint.KeyRegion),
		accessKey: get(blueprint.KeyAccessKey), secretKey: get(blueprint.KeySecretKey),
	}
	if t.Bucket == "" {
		return t, fmt.Errorf("Secret %s/%s names no bucket (%s)", namespace, blueprint.SecretS3, blueprint.KeyBucket)
	}
	return t, nil
}

// StoreConfig picks the credentials to measure t with: the account-wide
// ones (account, from SPACES_*/AWS_*/FDTUI_S3_*; may be nil) when they are
// for the same endpoint, else the site's own keys, else the account's
// when the site names no endpoint.
func (t S3Target) StoreConfig(account *objstore.Config) (objstore.Config, error) {
	endpoint := t.Endpoint
	if account != nil && (endpoint == "" || sameHost(endpoint, account.Endpoint)) {
		cfg := *account
		if t.Region != "" {
			cfg.Region = t.Region
		}
		return cfg, nil
	}
	if endpoint == "" {
		return objstore.Config{}, fmt.Errorf("the s3 Secret names no endpoint and no object-store credentials are set")
	}
	if !t.HasKeys() {
		return objstore.Config{}, fmt.Errorf("no credentials for %s: set SPACES_ACCESS_KEY_ID and SPACES_SECRET_ACCESS_KEY", hostOf(endpoint))
	}
	return objstore.Config{
		Endpoint: endpoint, Region: t.Region, AccessKey: t.accessKey, SecretKey: t.secretKey,
		Secure: secureByDefault(endpoint),
	}, nil
}

// secureByDefault uses TLS unless the endpoint says http:// or is a
// loopback address without a scheme (a local MinIO).
func secureByDefault(endpoint string) bool {
	if strings.HasPrefix(endpoint, "http://") {
		return false
	}
	if strings.HasPrefix(endpoint, "https://") {
		return true
	}
	host, _, err := net.SplitHostPort(endpoint)
	if err != nil {
		host = endpoint
	}
	ip := net.ParseIP(host)
	return !(host == "localhost" || ip != nil && ip.IsLoopback())
}

func hostOf(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return u.Host
	}
	return strings.TrimSuffix(endpoint, "/")
}

func sameHost(a, b string) bool { return strings.EqualFold(hostOf(a), hostOf(b)) }
