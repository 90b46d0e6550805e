package kube

import (
	"context"
	"errors"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metricsv1beta1 "k8s.io/metrics/pkg/apis/metrics/v1beta1"
)

// ErrNoMetrics means metrics.k8s.io is not served (no metrics-server):
// callers show "usage n/a" and stop asking until the user looks again.
var ErrNoMetrics = errors.New("metrics API not available")

// NodeMetrics lists live node usage from metrics.k8s.io, with a timeout.
func (c *Cluster) NodeMetrics(ctx context.Context, timeout time.Duration) ([]metricsv1beta1.NodeMetrics, error) {
	if c.Metrics == nil {
		return nil, ErrNoMetrics
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	list, err := c.Metrics.MetricsV1beta1().NodeMetricses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, metricsError(err)
	}
	return list.Items, nil
}

// PodMetrics lists live pod usage in the cluster's namespace scope.
func (c *Cluster) PodMetrics(ctx context.Context, namespace string, timeout time.Duration) ([]metricsv1beta1.PodMetrics, error) {
	if c.Metrics == nil {
		return nil, ErrNoMetrics
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	list, err := c.Metrics.MetricsV1beta1().PodMetricses(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, metricsError(err)
	}
	return list.Items, nil
}

func metricsError(err error) error {
	if apierrors.IsNotFound(err) || apierrors.IsServiceUnavailable(err) {
		return fmt.Errorf("%w: %v", ErrNoMetrics, err)
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) && status.Status().Code == 503 {
		return fmt.Errorf("%w: %v", ErrNoMetrics, err)
	}
	return err
}
