// Package dolocal is a faithful local stand-in for the parts of the
// DigitalOcean v2 API that fdtui uses (DOKS clusters, node pools, options,
// sizes, kubeconfig/credentials, associated resources and the volumes,
// volume snapshots and load balancers they name, the account balance).
// Responses are godo's own types marshalled in DO's envelopes, so tests
// and the demo exercise the real godo code path through its base-URL
// option.
package dolocal

import (
	"crypto/subtle"
	"net/http"
	"sync"
	"time"

	"github.com/digitalocean/godo"
)

// Defaults for Config.
const (
	DefaultProvisionDelay = 3 * time.Second
	// DefaultExpiry is DO's default lifetime of handed-out credentials.
	DefaultExpiry = 7 * 24 * time.Hour
)

// Config shapes a Server.
type Config struct {
	// Token is the bearer token accepted. Empty accepts any non-empty token.
	Token string
	// ProvisionDelay is how long a new cluster (or added node) provisions
	// before it runs; zero means DefaultProvisionDelay.
	ProvisionDelay time.Duration
	// MaxExpiry caps the lifetime of handed-out kubeconfigs and credentials
	// (e.g. 10s to exercise refresh); zero means no cap beyond DO's default.
	MaxExpiry time.Duration
	// Kube is what kubeconfig and credentials point at, e.g. loaded with
	// KubeCredentialsFromKubeconfig. Zero hands out unusable placeholders.
	Kube KubeCredentials
	// Seed clusters present from the start (see DefaultSeed).
	Seed []SeedCluster
	// LintDelay is how long a clusterlint run takes before its results
	// are served; zero means DefaultLintDelay.
	LintDelay time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logf, if set, gets one line per request (never the token).
	Logf func(format string, args ...any)
	// UnpricedSizes are node sizes GET /v2/kubernetes/options offers that
	// GET /v2/sizes does not list (as happens on DO when a new size ships
	// before the catalogue has it): their price is unknown to clients.
	UnpricedSizes []string
}

// Server is an http.Handler serving the local DigitalOcean API.
type Server struct {
	cfg    Config
	mux    *http.ServeMux
	faults faultQueue

	mu       sync.Mutex
	clusters []*cluster // in creation order, as DO lists them
	vpcs     []*godo.VPC
	serial   int
	requests int
	// res holds volumes, snapshots and load balancers by ID.
	res resources
}

// New returns a server holding cfg.Seed.
func New(cfg Config) *Server {
	if cfg.ProvisionDelay <= 0 {
		cfg.ProvisionDelay = DefaultProvisionDelay
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.LintDelay <= 0 {
		cfg.LintDelay = DefaultLintDelay
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), res: newResources()}
	s.routes()
	s.seedVPCs()
	for _, sc := range cfg.Seed {
		s.addSeed(sc)
	}
	return s
}

func (s *Server) routes() {
	const c = "/v2/kubernetes/clusters"
	s.mux.HandleFunc("GET "+c, s.listClusters)
	s.mux.HandleFunc("POST "+c, s.createCluster)
	s.mux.HandleFunc("GET "+c+"/{id}", s.getCluster)
	s.mux.HandleFunc("DELETE "+c+"/{id}", s.deleteCluster)
	s.mux.HandleFunc("GET "+c+"/{id}/status_messages", s.statusMessages)
	s.mux.HandleFunc("GET "+c+"/{id}/kubeconfig", s.kubeconfig)
	s.mux.HandleFunc("GET "+c+"/{id}/credentials", s.credentials)
	s.mux.HandleFunc("GET "+c+"/{id}/node_pools/{pool}", s.getNodePool)
	s.mux.HandleFunc("PUT "+c+"/{id}/node_pools/{pool}", s.updateNodePool)
	s.mux.HandleFunc("GET "+c+"/{id}/destroy_with_associated_resources", s.associated)
	s.mux.HandleFunc("DELETE "+c+"/{id}/destroy_with_associated_resources/selective", s.deleteSelective)
	s.mux.HandleFunc("POST "+c+"/{id}/clusterlint", s.runClusterlint)
	s.mux.HandleFunc("GET "+c+"/{id}/clusterlint", s.clusterlintResults)
	s.mux.HandleFunc("GET "+c+"/{id}/upgrades", s.getUpgrades)
	s.mux.HandleFunc("POST "+c+"/{id}/upgrade", s.upgradeCluster)
	s.mux.HandleFunc("GET /v2/kubernetes/options", s.options)
	s.mux.HandleFunc("GET /v2/sizes", s.sizes)
	s.mux.HandleFunc("GET /v2/volumes/{id}", s.getVolume)
	s.mux.HandleFunc("GET /v2/snapshots/{id}", s.getSnapshot)
	s.mux.HandleFunc("GET /v2/load_balancers/{id}", s.getLoadBalancer)
	s.mux.HandleFunc("GET /v2/customers/my/balance", s.balance)
	s.mux.HandleFunc("GET /v2/vpcs", s.listVPCs)
	s.mux.HandleFunc("POST /v2/kubernetes/registry", s.addRegistry)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "The resource you were accessing could not be found.")
	})
}

// ServeHTTP answers admin calls, then injected faults, then authenticates
// and routes, as DO's edge rate-limits before it authenticates.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_fault" {
		s.faultAdmin(w, r)
		return
	}
	n := s.countRequest()
	s.logf("%s %s", r.Method, r.URL.RequestURI())
	if s.faults.serve(w, s.cfg.Now()) {
		return
	}
	setRateHeaders(w, n, s.cfg.Now())
	if !s.authorized(r) {
		writeError(w, http.StatusUnauthorized, "unauthorized", "Unable to authenticate you")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// Requests counts API requests served so far (admin calls excluded).
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func (s *Server) countRequest() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	return s.requests
}

func (s *Server) authorized(r *http.Request) bool {
	const prefix = "Bearer "
	h := r.Header.Get("Authorization")
	if len(h) <= len(prefix) || h[:len(prefix)] != prefix {
		return false
	}
	given := h[len(prefix):]
	return s.cfg.Token == "" || subtle.ConstantTimeCompare([]byte(given), []byte(s.cfg.Token)) == 1
}

func (s *Server) logf(format string, args ...any) {
	if s.cfg.Logf != nil {
		s.cfg.Logf(format, args...)
	}
}
