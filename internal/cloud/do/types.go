// Package do talks to the DigitalOcean Kubernetes (DOKS) API through godo and
// returns plain structs, so callers never see godo types or pointers.
//
// Every call runs under its own timeout; errors come back already turned into
// one readable line (see ReadableError) while still unwrapping to godo's
// *ErrorResponse for callers that need the status code.
package do

import (
	"context"
	"time"
)

// Cluster is a DOKS cluster as the dashboard shows it.
type Cluster struct {
	ID, Name, Region, Version string
	// Status is DO's state: provisioning, running, degraded, error, deleted,
	// upgrading or invalid.
	Status, StatusMessage string
	HA                    bool
	// Endpoint is the API server URL; DO leaves it empty while provisioning.
	Endpoint string
	Tags     []string
	Pools    []Pool
	Created  time.Time
	// MonthlyCost is the worker nodes' list price plus the HA control plane,
	// zero when the size catalogue could not be read.
	MonthlyCost float64
	// Maintenance is the cluster's maintenance window (maintenance_policy).
	Maintenance Maintenance
}

// Pool is one node pool of a cluster.
type Pool struct {
	ID, Name, Size string
	Count          int
	AutoScale      bool
	Min, Max       int
	// Nodes holds the node names, as they appear as Kubernetes Node objects.
	Nodes []string
	// MonthlyPrice and HourlyPrice are per node.
	MonthlyPrice, HourlyPrice float64
}

// Options is what a new cluster can be made of: GetOptions joined with the
// droplet size catalogue (which alone carries prices) by slug.
type Options struct {
	Regions  []Region
	Versions []Version
	Sizes    []Size
}

// Region is a region that offers DOKS.
type Region struct{ Slug, Name string }

// Version is a DOKS release, e.g. Slug "1.36.3-do.0", KubernetesVersion "1.36.3".
type Version struct{ Slug, KubernetesVersion string }

// Size is a node size with its list price per node. A size missing from
// the droplet size catalogue has zero prices and no Regions: its price is
// unknown (see Priced), never $0.
type Size struct {
	Slug, Name                string
	VCPUs                     int
	MemoryMB                  int
	PriceMonthly, PriceHourly float64
	// Regions are the region slugs the size is offered in (godo.Size.Regions
	// from GET /v2/sizes); empty when the catalogue does not list the size.
	Regions []string
}

// CreateRequest describes a cluster to create.
type CreateRequest struct {
	Name, Region, Version string
	HA                    bool
	Tags                  []string
	Pools                 []PoolRequest
	// VPC is the UUID of an existing VPC in Region; empty puts the cluster
	// in the region's default VPC (DigitalOcean creates it if missing).
	VPC string
	// ClusterSubnet and ServiceSubnet are the VPC-native pod and service
	// CIDRs (e.g. "10.200.0.0/16"); empty lets DigitalOcean choose.
	ClusterSubnet, ServiceSubnet string
	// SurgeUpgrade and AutoUpgrade are godo's flags of the same names.
	SurgeUpgrade, AutoUpgrade bool
	// Maintenance is the window for automatic and required upgrades; nil
	// keeps DigitalOcean's default (any day, 04:00 UTC).
	Maintenance *Maintenance
	// Registry integrates the account's container registry (DOCR) once the
	// cluster exists (Kubernetes.AddRegistry); CreateCluster does not.
	Registry bool
}

// PoolRequest describes a node pool to create.
type PoolRequest struct {
	Name, Size string
	Count      int
	AutoScale  bool
	Min, Max   int
	// Labels and Taints are put on every node of the pool.
	Labels map[string]string
	Taints []Taint
}

// Credentials are what a client needs to reach a cluster's API server. DOKS
// hands out a bearer token; a local stand-in may hand out a client
// certificate instead, so both are carried.
type Credentials struct {
	Server    string
	CA        []byte
	Token     string
	ExpiresAt time.Time
	// ClientCertificate and ClientKey are PEM, set only when the API answered
	// with a client certificate rather than a token.
	ClientCertificate, ClientKey []byte
}

// NamedID names a resource that DO can delete together with a cluster.
type NamedID struct{ ID, Name string }

// Associated lists what ListAssociatedResourcesForDeletion reports for a
// cluster: the things a plain delete would leave behind (and keep billing).
type Associated struct {
	Volumes, LoadBalancers, VolumeSnapshots []NamedID
}

// PoolPrice is one pool's share of a cluster's price.
type PoolPrice struct {
	Name, Size string
	// Nodes is the count the price is for (Count, or Min for an autoscaled
	// pool asked for without a count).
	Nodes int
	// UnitMonthly and UnitHourly are per node.
	UnitMonthly, UnitHourly float64
	Monthly, Hourly         float64
	// MaxMonthly is what the pool costs if autoscaling reaches Max.
	MaxMonthly float64
	// MinMonthly is what an autoscaled pool costs at Min (Monthly for a
	// fixed pool).
	MinMonthly float64
	// UnknownSize is set when the size is not in the catalogue; the pool
	// then contributes nothing to the total.
	UnknownSize bool
}

// API is the part of DigitalOcean the dashboard uses. *Client implements it;
// tests of other packages can fake it.
type API interface {
	ListClusters(ctx context.Context) ([]Cluster, error)
	GetCluster(ctx context.Context, id string) (Cluster, error)
	StatusMessages(ctx context.Context, id string) ([]string, error)
	Options(ctx context.Context) (Options, error)
	CreateCluster(ctx context.Context, req CreateRequest) (Cluster, error)
	KubeConfig(ctx context.Context, id string, expiry time.Duration) ([]byte, error)
	Credentials(ctx context.Context, id string) (Credentials, error)
	UpdatePool(ctx context.Context, clusterID, poolID string, count int, autoscale bool, min, max int) (Pool, error)
	Associated(ctx context.Context, id string) (Associated, error)
	DeleteCluster(ctx context.Context, id string, sel DeleteSelection) error
	Resources(ctx context.Context, a Associated) []Resource
	Balance(ctx context.Context) (Balance, error)
	RunLint(ctx context.Context, id string) (string, error)
	LintResults(ctx context.Context, id, runID string) ([]Diagnostic, error)
	Upgrades(ctx context.Context, id string) ([]Version, error)
	Upgrade(ctx context.Context, id, version string) error
	VPCs(ctx context.Context) ([]VPC, error)
	AddRegistry(ctx context.Context, clusterID string) error
}

var _ API = (*Client)(nil)
