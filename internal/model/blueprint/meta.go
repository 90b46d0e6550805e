package blueprint

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Labels and annotations on every object. The first four mirror the
// constants in internal/model; they are repeated here so that model may
// import blueprint without a cycle.
const (
	LabelPartOf      = "app.kubernetes.io/part-of"
	LabelInstance    = "app.kubernetes.io/instance"
	LabelComponent   = "app.kubernetes.io/component"
	LabelManagedBy   = "app.kubernetes.io/managed-by"
	PartOfFlightDeck = "flightdeck"
	ManagedByFdtui   = "fdtui"
	AnnotationDomain = "flightdeck.dev/domain"
	LabelDOPool      = "doks.digitalocean.com/node-pool"
	labelHostname    = "kubernetes.io/hostname"
)

// Components, the value of app.kubernetes.io/component.
const (
	ComponentSite     = "site" // the namespace itself
	ComponentWeb      = "web"
	ComponentMySQL    = "mysql"
	ComponentMemcache = "memcache"
)

// site carries what every object builder needs.
type site struct {
	SiteSpec
	ns      string
	secrets GeneratedSecrets
}

func (s site) labels(component string) map[string]string {
	return map[string]string{
		LabelPartOf:    PartOfFlightDeck,
		LabelInstance:  s.ns,
		LabelComponent: component,
		LabelManagedBy: ManagedByFdtui,
	}
}

// selector is the immutable subset of labels that Deployments, StatefulSets,
// Services and the PDB select pods by.
func (s site) selector(component string) map[string]string {
	return map[string]string{LabelInstance: s.ns, LabelComponent: component}
}

func (s site) meta(name, component string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: name, Namespace: s.ns, Labels: s.labels(component)}
}

func (s site) nodeSelector(pool string) map[string]string {
	if pool == "" {
		return nil
	}
	return map[string]string{LabelDOPool: pool}
}

// toUnstructured converts a typed object, setting apiVersion and kind (typed
// structs leave them empty) and dropping the zero values the converter
// writes out (creationTimestamp: null, status: {}), which would otherwise
// show up in exports and make server-side apply claim fields we don't mean.
func toUnstructured(gvk schema.GroupVersionKind, obj runtime.Object) (*unstructured.Unstructured, error) {
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, fmt.Errorf("converting %s: %w", gvk.Kind, err)
	}
	pruneNulls(m)
	pruneZeroStructs(m)
	u := &unstructured.Unstructured{Object: m}
	u.SetGroupVersionKind(gvk)
	return u, nil
}

func pruneNulls(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if child == nil {
				delete(v, k)
				continue
			}
			pruneNulls(child)
		}
	case []any:
		for _, child := range v {
			pruneNulls(child)
		}
	}
}

// pruneZeroStructs removes the empty structs the converter writes for
// non-pointer fields we never set. Only these named places: an empty map is
// meaningful elsewhere (emptyDir: {} creates a volume).
func pruneZeroStructs(obj map[string]any) {
	delete(obj, "status")
	deleteIfEmpty(obj, "spec") // Namespace
	spec, _ := obj["spec"].(map[string]any)
	deleteIfEmpty(spec, "updateStrategy") // StatefulSet
	templates, _ := spec["volumeClaimTemplates"].([]any)
	for _, t := range templates {
		if claim, ok := t.(map[string]any); ok {
			delete(claim, "status")
		}
	}
}

func deleteIfEmpty(m map[string]any, key string) {
	if child, ok := m[key].(map[string]any); ok && len(child) == 0 {
		delete(m, key)
	}
}

func ptr[T any](v T) *T { return &v }
