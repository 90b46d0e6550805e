package cloudui

import (
	"fmt"
	"math"
	"os/exec"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
)

// Flags are fdtui's cloud flags.
type Flags struct {
	DOAPIURL  string
	DOContext string
	S3Quota   string
}

// AddFlags adds --do-api-url, --do-context and --s3-quota to fs.
func AddFlags(fs *pflag.FlagSet) *Flags {
	f := &Flags{}
	fs.StringVar(&f.DOAPIURL, "do-api-url", "", "DigitalOcean API base URL (e.g. the local stand-in from hack/doapi)")
	fs.StringVar(&f.DOContext, "do-context", "", "doctl auth context whose token to use (default: DIGITALOCEAN_ACCESS_TOKEN, else doctl's current context)")
	fs.StringVar(&f.S3Quota, "s3-quota", "250GiB", "object-store quota per-site usage is measured against (Spaces includes 250GiB)")
	return f
}

// DO client settings: godo retries 429 and 5xx (honouring Retry-After)
// before an error reaches the screen.
const (
	doRetries      = 4
	doRetryWaitMin = 500 * time.Millisecond
	doRetryWaitMax = 5 * time.Second
)

// FlagsToConfig resolves the DigitalOcean token (DIGITALOCEAN_ACCESS_TOKEN,
// else doctl's config; --do-context picks a doctl auth context) and the
// object-store credentials (SPACES_*, else AWS_*, else FDTUI_S3_* for the
// local MinIO). A missing token is not an error: DigitalOcean features
// are then hidden and the clusters screen says how to enable them. An
// explicitly chosen --do-context that cannot be found is an error.
func FlagsToConfig(f *Flags, env func(string) string) (Config, error) {
	var cfg Config
	quota, err := ParseQuota(f.S3Quota)
	if err != nil {
		return cfg, fmt.Errorf("--s3-quota: %w", err)
	}
	cfg.S3Quota = quota
	cfg.S3 = storeFromEnv(env)
	cfg.LookPath, cfg.DoctlContext = exec.LookPath, do.DoctlContext(env, "", f.DOContext)
	token, _, err := do.ResolveToken(env, "", f.DOContext)
	if err != nil {
		if f.DOContext != "" {
			return cfg, fmt.Errorf("--do-context: %w", err)
		}
		cfg.DOHint = NoTokenHint + " (" + err.Error() + ")"
		return cfg, nil
	}
	opts := []do.Option{do.WithRetry(doRetries), do.WithRetryWait(doRetryWaitMin, doRetryWaitMax)}
	if f.DOAPIURL != "" {
		opts = append(opts, do.WithBaseURL(f.DOAPIURL))
	}
	client, err := do.New(token, opts...)
	if err != nil {
		return cfg, err
	}
	cfg.DO = client
	return cfg, nil
}

// localS3Region is MinIO's default region.
const localS3Region = "us-east-1"

func storeFromEnv(env func(string) string) *objstore.Config {
	if c, ok := objstore.ConfigFromEnv(env); ok {
		return &c
	}
	endpoint, key, secret := env("FDTUI_S3_ENDPOINT"), env("FDTUI_S3_ACCESS_KEY"), env("FDTUI_S3_SECRET_KEY")
	if endpoint == "" || key == "" || secret == "" {
		return nil
	}
	region := env("FDTUI_S3_REGION")
	if region == "" {
		region = localS3Region
	}
	return &objstore.Config{Endpoint: endpoint, Region: region, AccessKey: key, SecretKey: secret,
		Secure: strings.HasPrefix(endpoint, "https://")}
}

// ParseQuota reads "250GiB", "250Gi", "1TiB", "500GB" or a byte count.
func ParseQuota(s string) (int64, error) {
	q, err := quotaQuantity(s)
	if err != nil || q.Sign() <= 0 {
		return 0, fmt.Errorf("%q is not a size like 250GiB", s)
	}
	// Past 8 EiB Quantity.Value() no longer fits an int64 and returns
	// garbage ("10E" gave a quota of 0), so such sizes are refused.
	if q.Cmp(*resource.NewQuantity(math.MaxInt64, resource.BinarySI)) > 0 {
		return 0, fmt.Errorf("%q is more than 8EiB, the largest quota", s)
	}
	return q.Value(), nil
}

// quotaQuantity turns the byte units people write (GiB, GB, KiB) into
// Kubernetes quantity suffixes (Gi, G, Ki) and parses the result.
func quotaQuantity(s string) (resource.Quantity, error) {
	t := strings.TrimSpace(s)
	if strings.HasSuffix(t, "iB") {
		t = strings.TrimSuffix(t, "B")
	} else if strings.HasSuffix(t, "B") && len(t) > 1 && strings.ContainsAny(t[len(t)-2:len(t)-1], "kKMGTP") {
		t = strings.TrimSuffix(t, "B")
	}
	t = strings.Replace(t, "K", "k", 1)
	if strings.HasSuffix(t, "ki") {
		t = strings.TrimSuffix(t, "ki") + "Ki"
	}
	return resource.ParseQuantity(t)
}
