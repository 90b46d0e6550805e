// Package cloudui puts DigitalOcean and the object store into the
// dashboard: account clusters on the clusters screen, the provision-cluster
// wizard (price first), node pools on the nodes screen, refreshing expired
// DigitalOcean credentials, and per-site object-store usage on the sites
// screens. New returns the Feature, whose values (actions, columns,
// sections, the clusters screen's cloud rows) the app's composition puts
// on the pages.
package cloudui

import (
	"time"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
)

// Config is what the cloud features need.
type Config struct {
	// DO is the DigitalOcean API; nil when no token is configured, which
	// hides every DigitalOcean feature.
	DO do.API
	// DOHint says why DO is nil (e.g. how to set a token); shown on the
	// clusters screen. It never contains a token.
	DOHint string
	// KubeconfigPath is where DigitalOcean contexts are saved; empty means
	// the --kubeconfig file if given, else the first $KUBECONFIG file or
	// ~/.kube/config, as doctl does.
	KubeconfigPath string
	// KubeconfigExpiry is the lifetime asked for saved credentials; zero
	// means DigitalOcean's default (seven days).
	KubeconfigExpiry time.Duration
	// LookPath finds programs (exec.LookPath in the app): when it finds
	// doctl, contexts are saved with doctl's exec credential, as
	// `doctl kubernetes cluster kubeconfig save` does; nil, or not
	// finding it, saves a token with its expiry. Tests give a PATH of
	// their own.
	LookPath func(file string) (string, error)
	// DoctlContext is doctl's auth context for the exec credential's
	// --context (see do.DoctlContext); empty means "default".
	DoctlContext string
	// S3 is the account-wide object-store access (SPACES_*, AWS_* or
	// FDTUI_S3_*); nil means each site's own s3 Secret keys are used.
	S3 *objstore.Config
	// S3Quota is the storage quota usage is measured against; zero means
	// Spaces' included 250 GiB.
	S3Quota int64

	// Intervals; zero means the defaults below (tests shorten them).
	ProvisionPoll    time.Duration // 2 s
	CredentialsCheck time.Duration // 10 s
	UsageTTL         time.Duration // 5 min
	// LintPoll and LintTimeout pace and bound the wait for a clusterlint
	// run's results (zero: do.LintPoll and do.LintTimeout).
	LintPoll, LintTimeout time.Duration
	// NewStore opens an object store; nil means objstore.New.
	NewStore func(objstore.Config) (objstore.Store, error)
}

const (
	defaultProvisionPoll    = 2 * time.Second
	defaultCredentialsCheck = 10 * time.Second
	defaultUsageTTL         = 5 * time.Minute
	// clustersTTL is how old the account listing may be before a screen
	// that needs it (nodes) asks again.
	clustersTTL = 30 * time.Second
)

func (c Config) withDefaults() Config {
	if c.ProvisionPoll <= 0 {
		c.ProvisionPoll = defaultProvisionPoll
	}
	if c.CredentialsCheck <= 0 {
		c.CredentialsCheck = defaultCredentialsCheck
	}
	if c.UsageTTL <= 0 {
		c.UsageTTL = defaultUsageTTL
	}
	if c.S3Quota <= 0 {
		c.S3Quota = objstore.SpacesIncludedBytes
	}
	if c.NewStore == nil {
		c.NewStore = objstore.New
	}
	return c
}
