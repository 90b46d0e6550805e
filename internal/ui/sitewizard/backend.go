package sitewizard

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"

	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// Backend is everything the wizard and the delete flow do to the world.
// Pages call it from commands, off the UI goroutine. Unit tests give a
// fake through ui.Config.SiteBackend to drive the pages without an
// apiserver.
type Backend interface {
	// StorageClasses lists the cluster's StorageClasses.
	StorageClasses(ctx context.Context) ([]StorageClass, error)
	// Edge reads the cluster's IngressClasses, GatewayClasses and
	// Gateways, and ns's HTTPRoutes (ns "" for a new site); kinds not
	// installed or not allowed are left out.
	Edge(ctx context.Context, ns string) (EdgeFacts, error)
	// S3Settings reads a site's object-store settings from its s3 Secret
	// (the informers keep Secret names only). Values stay in memory.
	S3Settings(ctx context.Context, ns string) (blueprint.S3Settings, error)
	// Plan is a server-side dry run of the site's objects.
	Plan(ctx context.Context, spec blueprint.SiteSpec) (Plan, error)
	// Apply ensures the bucket and server-side applies the objects.
	Apply(ctx context.Context, spec blueprint.SiteSpec) ([]kube.ApplyResult, error)
	// Export renders the objects as YAML.
	Export(ctx context.Context, spec blueprint.SiteSpec, redact bool) ([]byte, error)
	// CanDeleteBuckets tells whether Delete can honour KeepBucket=false.
	CanDeleteBuckets(s3 blueprint.S3Settings) bool
	// Delete deletes a site (see actions.DeleteSite); progress (may be
	// nil) gets the report so far, from Delete's goroutine.
	Delete(ctx context.Context, ns string, s3 blueprint.S3Settings, opt actions.DeleteOptions, progress func(actions.DeleteReport)) (actions.DeleteReport, error)
}

// StorageClass is one class offered for the database volume.
type StorageClass struct {
	Name        string
	Default     bool
	Provisioner string
}

// Plan is the dry run's outcome.
type Plan struct {
	Results []kube.ApplyResult
	// SecretKeys are each Secret's keys (never values).
	SecretKeys map[string][]string
	// Bucket says whether the bucket exists or will be created, or why
	// the store could not be asked.
	Bucket string
	// BucketProblem is set when the object store did not answer or refused
	// the keys: apply would fail on it.
	BucketProblem bool
}

type kubeBackend struct{ cluster *kube.Cluster }

// kubeBackendFor is the backend of a connected cluster.
func kubeBackendFor(cl *kube.Cluster) Backend { return &kubeBackend{cluster: cl} }

func (b *kubeBackend) StorageClasses(ctx context.Context) ([]StorageClass, error) {
	list, err := b.cluster.Client.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	out := make([]StorageClass, 0, len(list.Items))
	for _, sc := range list.Items {
		out = append(out, StorageClass{Name: sc.Name, Default: isDefaultClass(&sc), Provisioner: sc.Provisioner})
	}
	slices.SortFunc(out, func(a, b StorageClass) int {
		if a.Default != b.Default {
			if a.Default {
				return -1
			}
			return 1
		}
		return cmpString(a.Name, b.Name)
	})
	return out, nil
}

func isDefaultClass(sc *storagev1.StorageClass) bool {
	return sc.Annotations["storageclass.kubernetes.io/is-default-class"] == "true"
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (b *kubeBackend) Edge(ctx context.Context, ns string) (EdgeFacts, error) {
	e, err := kube.ReadEdge(ctx, b.cluster.Client, b.cluster.Dynamic)
	if err != nil {
		return EdgeFacts{}, err
	}
	f := EdgeFacts{Edge: e}
	if ns != "" {
		f.Routes, err = kube.ReadHTTPRoutes(ctx, b.cluster.Dynamic, ns)
	}
	return f, err
}

func (b *kubeBackend) S3Settings(ctx context.Context, ns string) (blueprint.S3Settings, error) {
	sec, err := b.cluster.Client.CoreV1().Secrets(ns).Get(ctx, blueprint.SecretS3, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return blueprint.S3Settings{}, nil
	}
	if err != nil {
		return blueprint.S3Settings{}, fmt.Errorf("reading Secret %s/%s: %w", ns, blueprint.SecretS3, err)
	}
	v := func(k string) string { return string(sec.Data[k]) }
	return blueprint.S3Settings{
		Endpoint: v(blueprint.KeyEndpoint), Region: v(blueprint.KeyRegion), Bucket: v(blueprint.KeyBucket),
		Prefix: v(blueprint.KeyPrefix), AccessKey: v(blueprint.KeyAccessKey), SecretKey: v(blueprint.KeySecretKey),
	}, nil
}

func (b *kubeBackend) Plan(ctx context.Context, spec blueprint.SiteSpec) (Plan, error) {
	cl := b.cluster
	objs, err := actions.BuildSite(ctx, cl.Client, spec, rand.Reader)
	if err != nil {
		return Plan{}, err
	}
	// Per-object errors are in the results; the joined error adds nothing.
	results, _ := kube.ApplyObjects(ctx, cl.Dynamic, b.cluster.Mapper(), objs, true)
	if err := ctx.Err(); err != nil {
		return Plan{}, err
	}
	p := Plan{Results: results, SecretKeys: blueprint.SecretKeys(objs)}
	p.Bucket, p.BucketProblem = bucketPlan(ctx, spec.WithDefaults().S3)
	return p, nil
}

// bucketPlan asks the object store whether the bucket exists: this also
// proves the endpoint and keys work before anything is applied.
func bucketPlan(ctx context.Context, s3 blueprint.S3Settings) (string, bool) {
	store, err := objstore.New(storeConfig(s3))
	if err != nil {
		return "object store: " + err.Error(), true
	}
	buckets, err := store.ListBuckets(ctx)
	if err != nil {
		return "object store " + s3.Endpoint + " did not answer: " + err.Error(), true
	}
	if slices.Contains(buckets, s3.Bucket) {
		return "bucket " + s3.Bucket + " exists at " + s3.Endpoint + " (kept as is)", false
	}
	return "bucket " + s3.Bucket + " will be created at " + s3.Endpoint, false
}

func storeConfig(s3 blueprint.S3Settings) objstore.Config {
	return objstore.Config{Endpoint: s3.Endpoint, Region: s3.Region, AccessKey: s3.AccessKey, SecretKey: s3.SecretKey}
}

func (b *kubeBackend) Apply(ctx context.Context, spec blueprint.SiteSpec) ([]kube.ApplyResult, error) {
	store, err := objstore.New(storeConfig(spec.WithDefaults().S3))
	if err != nil {
		return nil, err
	}
	cl := b.cluster
	return actions.ApplySite(ctx, cl.Client, cl.Dynamic, b.cluster.Mapper(), store, spec, false, rand.Reader)
}

func (b *kubeBackend) Export(ctx context.Context, spec blueprint.SiteSpec, redact bool) ([]byte, error) {
	objs, err := actions.BuildSite(ctx, b.cluster.Client, spec, rand.Reader)
	if err != nil {
		return nil, err
	}
	return blueprint.ExportYAML(objs, redact)
}

func (b *kubeBackend) CanDeleteBuckets(s3 blueprint.S3Settings) bool {
	store, err := objstore.New(storeConfig(s3))
	if err != nil {
		return false
	}
	_, ok := store.(actions.BucketDeleter)
	return ok
}

func (b *kubeBackend) Delete(ctx context.Context, ns string, s3 blueprint.S3Settings, opt actions.DeleteOptions, progress func(actions.DeleteReport)) (actions.DeleteReport, error) {
	var store objstore.Store
	if !opt.KeepBucket {
		var err error
		if store, err = objstore.New(storeConfig(s3)); err != nil {
			return actions.DeleteReport{Namespace: ns}, err
		}
	}
	return actions.DeleteSite(ctx, b.cluster.Client, store, ns, opt, progress)
}
