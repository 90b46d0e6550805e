package kube

import (
	"sort"
	"strconv"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// DescribeLine is one line of a describe-like view: "Label: Value",
// indented by Depth. Warn marks what explains a problem (a waiting
// reason, a non-zero exit code, a failed condition) for highlighting.
type DescribeLine struct {
	Label, Value string
	Depth        int
	Warn         bool
}

// describer collects lines; methods keep the Describe* functions flat.
type describer struct{ lines []DescribeLine }

func (d *describer) add(depth int, label, value string) {
	d.lines = append(d.lines, DescribeLine{Label: label, Value: value, Depth: depth})
}

func (d *describer) warn(depth int, label, value string, warn bool) {
	d.lines = append(d.lines, DescribeLine{Label: label, Value: value, Depth: depth, Warn: warn})
}

// addIf adds the line only when value is not empty.
func (d *describer) addIf(depth int, label, value string) {
	if value != "" {
		d.add(depth, label, value)
	}
}

func timeText(t *metav1.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func orNone(s string) string {
	if s == "" {
		return "<none>"
	}
	return s
}

func labelsText(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, ",")
}

// reasonMessage joins a reason and a message as "Reason: message".
func reasonMessage(reason, message string) string {
	switch {
	case reason == "":
		return message
	case message == "":
		return reason
	}
	return reason + ": " + message
}

func itoa32(v int32) string { return strconv.Itoa(int(v)) }
