package main

import (
	"context"
	"fmt"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/hack/bench/fleet"
)

// cleanup deletes every bench namespace and node. Pods go first, at once
// (grace period 0, one request per namespace): the namespace controller
// would otherwise delete 10,000 pods one by one at 20 requests/s. It
// still removes the rest of each namespace in the background.
func cleanup(ctx context.Context, cs kubernetes.Interface, workers int) error {
	sel := metav1.ListOptions{LabelSelector: fleet.LabelBench + "=true"}
	nss, err := cs.CoreV1().Namespaces().List(ctx, sel)
	if err != nil {
		return fmt.Errorf("listing bench namespaces: %w", err)
	}
	names := make(chan string)
	errs := make(chan error, len(nss.Items))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ns := range names {
				errs <- deleteNamespace(ctx, cs, ns)
			}
		}()
	}
	for _, ns := range nss.Items {
		names <- ns.Name
	}
	close(names)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	if err := cs.CoreV1().Nodes().DeleteCollection(ctx, metav1.DeleteOptions{}, sel); err != nil {
		return fmt.Errorf("deleting bench nodes: %w", err)
	}
	if err := cs.CoreV1().PersistentVolumes().DeleteCollection(ctx, metav1.DeleteOptions{}, sel); err != nil {
		return fmt.Errorf("deleting bench volumes: %w", err)
	}
	logf("deleted %d bench namespaces (their remains go in the background), the bench nodes and volumes", len(nss.Items))
	return nil
}

func deleteNamespace(ctx context.Context, cs kubernetes.Interface, ns string) error {
	now := int64(0)
	err := cs.CoreV1().Pods(ns).DeleteCollection(ctx, metav1.DeleteOptions{GracePeriodSeconds: &now}, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("deleting pods of %s: %w", ns, err)
	}
	if err := cs.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}); err != nil {
		return fmt.Errorf("deleting namespace %s: %w", ns, err)
	}
	return nil
}
