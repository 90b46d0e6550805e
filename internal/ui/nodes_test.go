package ui_test

import (
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/labels"
)

// Cordoned nodes (issue 11, kind 5): kubectl's STATUS on the nodes screen,
// their room not counted as free, and the sites summary saying so.
func TestCordonedWebPool(t *testing.T) {
	d, static := newDemoApp(t)
	nodes, _ := static.Listers.Nodes.List(labels.Everything())
	for _, n := range nodes {
		if strings.HasPrefix(n.Name, "pool-web-") {
			c := n.DeepCopy()
			c.Spec.Unschedulable = true
			if err := static.Set(c); err != nil {
				t.Fatal(err)
			}
		}
	}
	d.WaitFor(t, 5*time.Second, "the summary", contains("4/4 nodes ready, 3 cordoned"))
	d.Keys(":")
	d.Type("nodes")
	d.Keys("enter")
	d.WaitFor(t, 5*time.Second, "kubectl's node STATUS", contains("pool-web-1", "Ready,SchedulingDisabled",
		"3 nodes take no new pods; free on the rest: CPU"))
	for _, l := range strings.Split(d.Screen(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "pool-db-1") && strings.Contains(l, "SchedulingDisabled") {
			t.Errorf("the db node is not cordoned: %s", l)
		}
	}
}
