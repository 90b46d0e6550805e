package main

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/hack/bench/fleet"
)

// ensureNodes creates bench nodes until the cluster has want nodes (at
// least one bench node) and returns the bench nodes' names, where the
// bench pods go. Bench nodes beyond the count are kept: their pods would
// be garbage-collected with them.
func ensureNodes(ctx context.Context, cs kubernetes.Interface, want int) ([]string, error) {
	all, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing nodes: %w", err)
	}
	others := 0
	for _, n := range all.Items {
		if n.Labels[fleet.LabelBench] != "true" {
			others++
		}
	}
	names := make([]string, max(1, want-others))
	for i := range names {
		n := fleet.NewNode(i)
		names[i] = n.Name
		_, err := cs.CoreV1().Nodes().Create(ctx, n, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return nil, fmt.Errorf("creating node %s: %w", n.Name, err)
		}
	}
	return names, nil
}
