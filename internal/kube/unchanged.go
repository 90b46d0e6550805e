package kube

import (
	"reflect"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// unchanged reports whether an update changed nothing fdtui keeps: the
// cached copies (after the compacting transform, slim.go) are equal but
// for the resourceVersion. An annotation or label fdtui drops, or a
// managedFields entry, bumps the resourceVersion of a pod without
// changing a cell on any screen; passing such updates on cost a site's
// re-derivation and a frame each (make bench's churn is 50 of them a
// second). Only typed objects are compared: a shallow copy of an
// Unstructured would share its map, and setting the version on it would
// write into the cache.
func unchanged(old, cur any) bool {
	if _, ok := cur.(*unstructured.Unstructured); ok {
		return false
	}
	o, n := reflect.ValueOf(old), reflect.ValueOf(cur)
	if o.Kind() != reflect.Pointer || o.Type() != n.Type() || o.IsNil() || n.IsNil() || o.Elem().Kind() != reflect.Struct {
		return false
	}
	nm, err := meta.Accessor(cur)
	if err != nil {
		return false
	}
	// A shallow copy of the old object with the new version: the cache's
	// objects are never written.
	c := reflect.New(o.Elem().Type())
	c.Elem().Set(o.Elem())
	cm, err := meta.Accessor(c.Interface())
	if err != nil {
		return false
	}
	cm.SetResourceVersion(nm.GetResourceVersion())
	// reflect.DeepEqual, not equality.Semantic: this runs for every
	// update, and the semantic one (a custom function looked up per
	// field) was a sixth of fdtui's CPU under 50 pod updates a second.
	// Where the two differ (a Quantity with its string cached, a time in
	// another location) an update counts as a change: one refresh more.
	return reflect.DeepEqual(c.Interface(), cur)
}
