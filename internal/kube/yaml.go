package kube

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"
)

// RedactedValue replaces every Secret value ObjectYAML shows.
const RedactedValue = "<redacted>"

// ObjectYAML renders obj as `kubectl get -o yaml` shows it (apiVersion and
// kind first-class, keys sorted), minus metadata.managedFields. For a
// Secret every value under data and stringData becomes "<redacted>" (the
// keys stay, so one can see what it holds), and so does its
// last-applied-configuration annotation, which would repeat the values.
// obj is not modified.
func ObjectYAML(obj runtime.Object) ([]byte, error) {
	m, err := toUnstructuredMap(obj)
	if err != nil {
		return nil, err
	}
	unstructured.RemoveNestedField(m, "metadata", "managedFields")
	if m["apiVersion"] == "v1" && m["kind"] == "Secret" {
		redactSecret(m)
	}
	out, err := yaml.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("yaml: %w", err)
	}
	return out, nil
}

// toUnstructuredMap converts a typed or unstructured object to a fresh
// map, filling in apiVersion/kind, which typed objects read through
// client-go leave empty.
func toUnstructuredMap(obj runtime.Object) (map[string]any, error) {
	if u, ok := obj.(*unstructured.Unstructured); ok {
		return u.DeepCopy().Object, nil
	}
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, fmt.Errorf("yaml: %w", err)
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	if gvk.Empty() {
		gvks, _, err := scheme.Scheme.ObjectKinds(obj)
		if err != nil || len(gvks) == 0 {
			return nil, fmt.Errorf("yaml: unknown kind %T", obj)
		}
		gvk = gvks[0]
	}
	m["apiVersion"], m["kind"] = gvk.GroupVersion().String(), gvk.Kind
	return m, nil
}

func redactSecret(m map[string]any) {
	for _, field := range []string{"data", "stringData"} {
		values, ok := m[field].(map[string]any)
		if !ok {
			continue
		}
		for k := range values {
			values[k] = RedactedValue
		}
	}
	annotations, _, _ := unstructured.NestedStringMap(m, "metadata", "annotations")
	if _, ok := annotations[corev1.LastAppliedConfigAnnotation]; ok {
		annotations[corev1.LastAppliedConfigAnnotation] = RedactedValue
		_ = unstructured.SetNestedStringMap(m, annotations, "metadata", "annotations")
	}
}
