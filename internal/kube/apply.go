package kube

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
)

// ApplyAction is what applying an object did, or would do in a dry run.
type ApplyAction string

const (
	ApplyCreate    ApplyAction = "create"
	ApplyUnchanged ApplyAction = "unchanged"
	ApplyChange    ApplyAction = "change"
)

// FieldManager is the server-side apply manager name fdtui owns fields as.
const FieldManager = "fdtui"

// NamespacePendingNote is the Diff line of namespaced objects whose
// namespace a dry run would create: the apiserver cannot dry-run them.
const NamespacePendingNote = "namespace does not exist yet; validated on apply"

// ApplyResult is the outcome for one object.
type ApplyResult struct {
	Kind, Namespace, Name string
	Action                ApplyAction
	// Diff holds compact "field: old -> new" lines. For Secrets only the
	// changed keys are listed, never values.
	Diff []string
	Err  error
}

// NewMapper maps kinds to resources through cached discovery; it re-reads
// discovery when it meets a kind it does not know (a CRD installed since).
func NewMapper(disc discovery.DiscoveryInterface) meta.RESTMapper {
	return restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(disc))
}

// ApplyObjects server-side applies objs in order, with Force so fdtui wins
// conflicts on the fields it manages. With dryRun nothing is persisted and
// the results are the plan. A dry run carries on past failures to report
// every problem; a real apply stops at the first one, since later objects
// depend on earlier ones. The error joins every object's error.
func ApplyObjects(ctx context.Context, dyn dynamic.Interface, mapper meta.RESTMapper,
	objs []*unstructured.Unstructured, dryRun bool) ([]ApplyResult, error) {
	return ApplyObjectsAs(ctx, dyn, mapper, objs, dryRun, FieldManager)
}

// ApplyObjectsAs is ApplyObjects as another field manager: fields it sets
// and fdtui's blueprint does not (e.g. a CI's annotations) then survive
// fdtui's later applies, as they would for any other tool.
func ApplyObjectsAs(ctx context.Context, dyn dynamic.Interface, mapper meta.RESTMapper,
	objs []*unstructured.Unstructured, dryRun bool, manager string) ([]ApplyResult, error) {
	a := applier{dyn: dyn, mapper: mapper, dryRun: dryRun, manager: manager, newNamespaces: map[string]bool{}}
	results := make([]ApplyResult, 0, len(objs))
	var errs []error
	for _, obj := range objs {
		if err := ctx.Err(); err != nil {
			return results, errors.Join(append(errs, err)...)
		}
		res := a.apply(ctx, obj)
		results = append(results, res)
		if res.Err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", res.Kind, qualifiedName(res.Namespace, res.Name), res.Err))
			if !dryRun {
				break
			}
		}
	}
	return results, errors.Join(errs...)
}

type applier struct {
	dyn    dynamic.Interface
	mapper meta.RESTMapper
	dryRun bool
	// manager is the field manager the applies are made as.
	manager string
	// newNamespaces are namespaces this dry run would create.
	newNamespaces map[string]bool
}

func (a *applier) apply(ctx context.Context, obj *unstructured.Unstructured) ApplyResult {
	res := ApplyResult{Kind: obj.GetKind(), Namespace: obj.GetNamespace(), Name: obj.GetName()}
	mapping, err := a.restMapping(obj)
	if err != nil {
		res.Err = err
		return res
	}
	namespaced := mapping.Scope.Name() == meta.RESTScopeNameNamespace
	if namespaced && a.dryRun && a.newNamespaces[res.Namespace] {
		res.Action, res.Diff = ApplyCreate, []string{NamespacePendingNote}
		return res
	}
	ri, err := a.resource(mapping, res.Namespace, namespaced)
	if err != nil {
		res.Err = err
		return res
	}
	res.Action, res.Diff, res.Err = a.patch(ctx, ri, obj)
	if res.Err == nil && res.Action == ApplyCreate && res.Kind == "Namespace" && a.dryRun {
		a.newNamespaces[res.Name] = true
	}
	return res
}

// patch reads the live object, applies, and compares the two.
func (a *applier) patch(ctx context.Context, ri dynamic.ResourceInterface,
	obj *unstructured.Unstructured) (ApplyAction, []string, error) {
	before, err := ri.Get(ctx, obj.GetName(), metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		before, err = nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("reading current object: %w", err)
	}
	body, err := obj.MarshalJSON()
	if err != nil {
		return "", nil, err
	}
	opts := metav1.PatchOptions{FieldManager: a.manager, Force: ptrTo(true)}
	if a.dryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	after, err := ri.Patch(ctx, obj.GetName(), types.ApplyPatchType, body, opts)
	if err != nil {
		return "", nil, err
	}
	if before == nil {
		return ApplyCreate, nil, nil
	}
	diff := diffApplied(obj.Object, before.Object, after.Object, isCoreSecret(obj))
	if len(diff) == 0 {
		return ApplyUnchanged, nil, nil
	}
	return ApplyChange, diff, nil
}

func (a *applier) restMapping(obj *unstructured.Unstructured) (*meta.RESTMapping, error) {
	gvk := obj.GroupVersionKind()
	mapping, err := a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		if r, ok := a.mapper.(meta.ResettableRESTMapper); ok {
			r.Reset()
			mapping, err = a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the cluster does not serve %s: %w", gvk, err)
	}
	return mapping, nil
}

func (a *applier) resource(mapping *meta.RESTMapping, namespace string, namespaced bool) (dynamic.ResourceInterface, error) {
	if !namespaced {
		return a.dyn.Resource(mapping.Resource), nil
	}
	if namespace == "" {
		return nil, fmt.Errorf("%s is namespaced but the object has no namespace", mapping.GroupVersionKind.Kind)
	}
	return a.dyn.Resource(mapping.Resource).Namespace(namespace), nil
}

func isCoreSecret(obj *unstructured.Unstructured) bool {
	gvk := obj.GroupVersionKind()
	return gvk.Group == "" && gvk.Kind == "Secret"
}

func qualifiedName(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "/" + name
}

func ptrTo[T any](v T) *T { return &v }

// diffApplied compares the live object before and after an apply, looking
// only at the fields fdtui applied (plus fields of those maps the apply
// removed). Everything else — server defaults, status, other managers'
// fields, metadata bookkeeping — is noise for the plan. Both sides come
// from the server, so values are normalised the same way. For a Secret the
// values under data/stringData are never printed, only their keys.
func diffApplied(applied, before, after map[string]any, secret bool) []string {
	d := differ{secret: secret}
	d.object(applied, before, after)
	return d.lines
}

type differ struct {
	secret bool
	lines  []string
}

// ignoredTopLevel are fields the server owns or that never differ in a
// meaningful way between before and after.
var ignoredTopLevel = []string{"status", "apiVersion", "kind"}

var ignoredMetadata = []string{
	"managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink",
}

func (d *differ) object(applied, before, after map[string]any) {
	for _, k := range sortedKeys(applied) {
		if slices.Contains(ignoredTopLevel, k) {
			continue
		}
		if k == "metadata" {
			d.metadata(applied[k], before[k], after[k])
			continue
		}
		redact := d.secret && (k == "data" || k == "stringData")
		d.walk(k, applied[k], before[k], after[k], redact)
	}
}

func (d *differ) metadata(applied, before, after any) {
	am, bm, cm := asMap(applied), asMap(before), asMap(after)
	am = withoutKeys(am, ignoredMetadata)
	d.walk("metadata", am, bm, cm, false)
}

// walk compares before and after at path, guided by the applied shape.
func (d *differ) walk(path string, applied, before, after any, redact bool) {
	switch shape := applied.(type) {
	case map[string]any:
		d.walkMap(path, shape, asMap(before), asMap(after), redact)
	case []any:
		d.walkList(path, shape, before, after, redact)
	default:
		d.leaf(path, before, after, redact)
	}
}

func (d *differ) walkMap(path string, applied, before, after map[string]any, redact bool) {
	for _, k := range sortedKeys(applied) {
		d.walk(joinPath(path, k), applied[k], before[k], after[k], redact)
	}
	// Keys the apply removed (fdtui stopped applying them).
	for _, k := range sortedKeys(before) {
		if _, stillApplied := applied[k]; stillApplied {
			continue
		}
		if _, kept := after[k]; !kept && after != nil {
			d.leaf(joinPath(path, k), before[k], nil, redact)
		}
	}
}

// walkList matches elements by their "name" when every applied element has
// one (containers, env, ports, volumes), else by position. Lists of
// scalars (args, hosts) compare as a whole.
func (d *differ) walkList(path string, applied []any, before, after any, redact bool) {
	bl, al := asList(before), asList(after)
	if !allMaps(applied) {
		d.leaf(path, before, after, redact)
		return
	}
	if names, ok := elementNames(applied); ok {
		d.walkNamedList(path, names, applied, bl, al, redact)
		return
	}
	for i, elem := range applied {
		d.walk(fmt.Sprintf("%s[%d]", path, i), elem, at(bl, i), at(al, i), redact)
	}
	for i := len(applied); i < len(bl); i++ {
		if i >= len(al) {
			d.lines = append(d.lines, fmt.Sprintf("%s[%d]: removed", path, i))
		}
	}
}

func (d *differ) walkNamedList(path string, names []string, applied, before, after []any, redact bool) {
	for i, name := range names {
		elemPath := fmt.Sprintf("%s[%s]", path, name)
		b, a := byName(before, name), byName(after, name)
		if b == nil && a != nil {
			d.lines = append(d.lines, elemPath+": added")
			continue
		}
		d.walk(elemPath, applied[i], b, a, redact)
	}
	for _, elem := range before {
		name, _ := asMap(elem)["name"].(string)
		if name != "" && !slices.Contains(names, name) && byName(after, name) == nil {
			d.lines = append(d.lines, fmt.Sprintf("%s[%s]: removed", path, name))
		}
	}
}

func (d *differ) leaf(path string, before, after any, redact bool) {
	if valuesEqual(before, after) {
		return
	}
	if d.expandMaps(path, before, after, redact) {
		return
	}
	if redact {
		d.lines = append(d.lines, path+": "+redactedChange(before, after))
		return
	}
	d.lines = append(d.lines, fmt.Sprintf("%s: %s -> %s", path, formatValue(before), formatValue(after)))
}

// expandMaps lists a map that appeared or disappeared key by key, so
// "labels: map[...] -> <none>" reads as one line per label.
func (d *differ) expandMaps(path string, before, after any, redact bool) bool {
	bm, bIsMap := before.(map[string]any)
	am, aIsMap := after.(map[string]any)
	switch {
	case bIsMap && after == nil:
		for _, k := range sortedKeys(bm) {
			d.leaf(joinPath(path, k), bm[k], nil, redact)
		}
	case aIsMap && before == nil:
		for _, k := range sortedKeys(am) {
			d.leaf(joinPath(path, k), nil, am[k], redact)
		}
	default:
		return false
	}
	return true
}

func redactedChange(before, after any) string {
	switch {
	case before == nil:
		return "added"
	case after == nil:
		return "removed"
	}
	return "changed"
}

// valuesEqual treats numbers of different Go types as equal when their
// values are (JSON decoding yields int64 or float64).
func valuesEqual(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	fa, okA := toFloat(a)
	fb, okB := toFloat(b)
	return okA && okB && fa == fb
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

const maxValueWidth = 60

func formatValue(v any) string {
	var s string
	switch v := v.(type) {
	case nil:
		return "<none>"
	case string:
		if v == "" {
			return `""`
		}
		s = v
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = formatValue(e)
		}
		s = "[" + strings.Join(parts, ", ") + "]"
	default:
		s = fmt.Sprint(v)
	}
	if len(s) > maxValueWidth {
		s = s[:maxValueWidth-1] + "…"
	}
	return s
}

// joinPath writes keys holding dots or slashes (label and annotation names,
// Secret keys) in brackets so the path stays readable.
func joinPath(path, key string) string {
	if strings.ContainsAny(key, "./") {
		return path + "[" + key + "]"
	}
	return path + "." + key
}

func elementNames(list []any) ([]string, bool) {
	names := make([]string, len(list))
	for i, e := range list {
		name, ok := asMap(e)["name"].(string)
		if !ok || name == "" {
			return nil, false
		}
		names[i] = name
	}
	return names, true
}

func byName(list []any, name string) map[string]any {
	for _, e := range list {
		if m := asMap(e); m["name"] == name {
			return m
		}
	}
	return nil
}

func allMaps(list []any) bool {
	for _, e := range list {
		if _, ok := e.(map[string]any); !ok {
			return false
		}
	}
	return len(list) > 0
}

func at(list []any, i int) any {
	if i < len(list) {
		return list[i]
	}
	return nil
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func withoutKeys(m map[string]any, keys []string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if !slices.Contains(keys, k) {
			out[k] = v
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
