package blueprint

import (
	"bytes"
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// Redacted replaces Secret values in exports.
const Redacted = "<redacted>"

// ExportYAML renders objects as a multi-document YAML stream for GitOps.
// With redactSecrets every Secret value becomes "<redacted>" so the file
// can be committed; the keys stay, to show what the Secret must contain.
func ExportYAML(objs []*unstructured.Unstructured, redactSecrets bool) ([]byte, error) {
	var buf bytes.Buffer
	for _, obj := range objs {
		if redactSecrets && isSecret(obj) {
			obj = redact(obj)
		}
		doc, err := yaml.Marshal(obj.Object)
		if err != nil {
			return nil, fmt.Errorf("rendering %s %s: %w", obj.GetKind(), obj.GetName(), err)
		}
		buf.WriteString("---\n")
		buf.Write(doc)
	}
	return buf.Bytes(), nil
}

// SecretKeys maps each Secret's name to its sorted keys, for screens that
// show what a Secret holds without its values.
func SecretKeys(objs []*unstructured.Unstructured) map[string][]string {
	keys := map[string][]string{}
	for _, obj := range objs {
		if !isSecret(obj) {
			continue
		}
		data, _, _ := unstructured.NestedMap(obj.Object, "data")
		names := make([]string, 0, len(data))
		for k := range data {
			names = append(names, k)
		}
		slices.Sort(names)
		keys[obj.GetName()] = names
	}
	return keys
}

func isSecret(obj *unstructured.Unstructured) bool {
	return obj.GetKind() == "Secret" && obj.GroupVersionKind().Group == ""
}

// redact returns a copy whose data and stringData values are Redacted.
func redact(obj *unstructured.Unstructured) *unstructured.Unstructured {
	out := obj.DeepCopy()
	for _, field := range []string{"data", "stringData"} {
		values, found, _ := unstructured.NestedMap(out.Object, field)
		if !found {
			continue
		}
		for k := range values {
			values[k] = Redacted
		}
		_ = unstructured.SetNestedMap(out.Object, values, field)
	}
	return out
}
