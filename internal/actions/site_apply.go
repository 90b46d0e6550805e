package actions

import (
	"context"
	"fmt"
	"io"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// AdjustObjects edits a site's built objects before they are applied, for
// callers that need more than the SiteSpec offers (the demo seed sets
// kwok's usage annotations and a deploy's change-cause). It must keep the
// objects valid.
type AdjustObjects func(objs []*unstructured.Unstructured) error

// ApplyOptions are ApplySiteWith's extras; the zero value is ApplySite.
type ApplyOptions struct {
	Adjust AdjustObjects // may be nil
	// Manager is the field manager to apply as; "" is kube.FieldManager.
	// Another tool's manager keeps what it adds beyond the blueprint from
	// being removed by fdtui's next apply of the site.
	Manager string
}

// ApplySite builds the blueprint for spec (keeping the generated passwords
// already stored in the namespace's mysql and drupal Secrets, so a re-run
// never locks Drupal out of its database), ensures the site's bucket exists
// in the object store when store != nil, then server-side applies the
// objects (with dryRun nothing is persisted and the bucket is not created).
// It returns the per-object results. It knows nothing of Bubble Tea: the
// new-site wizard wraps it in a command, hack/seed calls it directly.
func ApplySite(ctx context.Context, cs kubernetes.Interface, dyn dynamic.Interface, mapper meta.RESTMapper,
	store objstore.Store, spec blueprint.SiteSpec, dryRun bool, rand io.Reader) ([]kube.ApplyResult, error) {
	return ApplySiteWith(ctx, cs, dyn, mapper, store, spec, dryRun, rand, ApplyOptions{})
}

// ApplySiteWith is ApplySite with opt.Adjust run on the built objects
// before they are applied, as opt.Manager.
func ApplySiteWith(ctx context.Context, cs kubernetes.Interface, dyn dynamic.Interface, mapper meta.RESTMapper,
	store objstore.Store, spec blueprint.SiteSpec, dryRun bool, rand io.Reader, opt ApplyOptions) ([]kube.ApplyResult, error) {
	objs, err := BuildSite(ctx, cs, spec, rand)
	if err != nil {
		return nil, err
	}
	if opt.Adjust != nil {
		if err := opt.Adjust(objs); err != nil {
			return nil, fmt.Errorf("site %s: adjusting objects: %w", spec.Domain, err)
		}
	}
	if store != nil && !dryRun {
		s := spec.WithDefaults().S3
		if err := store.EnsureBucket(ctx, s.Bucket, s.Region); err != nil {
			return nil, fmt.Errorf("site %s: %w", spec.Domain, err)
		}
	}
	manager := opt.Manager
	if manager == "" {
		manager = kube.FieldManager
	}
	return kube.ApplyObjectsAs(ctx, dyn, mapper, objs, dryRun, manager)
}

// BuildSite returns the site's objects with fresh credentials, except those
// the cluster already holds for it.
func BuildSite(ctx context.Context, cs kubernetes.Interface, spec blueprint.SiteSpec, rand io.Reader) ([]*unstructured.Unstructured, error) {
	spec = spec.WithDefaults()
	if err := spec.Validate(); err != nil {
		return nil, fmt.Errorf("site %s: %w", spec.Domain, err)
	}
	ns, err := blueprint.NamespaceFor(spec.Domain)
	if err != nil {
		return nil, err
	}
	gen, err := blueprint.GenerateSecrets(rand)
	if err != nil {
		return nil, err
	}
	existing, err := existingSecrets(ctx, cs, ns)
	if err != nil {
		return nil, fmt.Errorf("site %s: %w", spec.Domain, err)
	}
	return blueprint.Build(spec, blueprint.KeepExisting(gen, existing))
}

// existingSecrets reads the Secrets holding generated values, by name (a
// GET each: listing would fetch every Secret in the namespace). A missing
// namespace or Secret just means nothing to keep. Values stay in memory.
func existingSecrets(ctx context.Context, cs kubernetes.Interface, ns string) (map[string]map[string][]byte, error) {
	out := map[string]map[string][]byte{}
	if _, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); err != nil {
		if apierrors.IsNotFound(err) {
			return out, nil
		}
		return nil, fmt.Errorf("reading namespace %s: %w", ns, err)
	}
	for _, name := range []string{blueprint.SecretMySQL, blueprint.SecretDrupal} {
		sec, err := cs.CoreV1().Secrets(ns).Get(ctx, name, metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err):
			continue
		case err != nil:
			return nil, fmt.Errorf("reading Secret %s/%s: %w", ns, name, err)
		}
		out[name] = sec.Data
	}
	return out, nil
}
