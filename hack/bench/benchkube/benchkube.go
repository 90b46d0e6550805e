// Package benchkube holds the little client-go plumbing the benchmark
// programs share: clients from a kubeconfig, and counting pods.
package benchkube

import (
	"context"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/pager"
)

// Client returns a clientset for kubeconfig's current context, allowed
// qps requests per second (client-go's default of 5 would make creating
// 10,000 pods take half an hour).
func Client(kubeconfig string, qps float32) (*kubernetes.Clientset, error) {
	return ContextClient(kubeconfig, "", qps)
}

// ContextClient is Client for the named context of kubeconfig ("" = its
// current context).
func ContextClient(kubeconfig, contextName string, qps float32) (*kubernetes.Clientset, error) {
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfig},
		&clientcmd.ConfigOverrides{CurrentContext: contextName}).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("kubeconfig %s: %w", kubeconfig, err)
	}
	cfg.QPS, cfg.Burst = qps, int(2*qps)
	return kubernetes.NewForConfig(cfg)
}

// Contexts lists kubeconfig's context names, sorted.
func Contexts(kubeconfig string) ([]string, error) {
	cfg, err := clientcmd.LoadFromFile(kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("kubeconfig %s: %w", kubeconfig, err)
	}
	names := make([]string, 0, len(cfg.Contexts))
	for name := range cfg.Contexts {
		names = append(names, name)
	}
	slices.Sort(names)
	return names, nil
}

// PodCount is how many pods match a selector, and how many are Ready.
type PodCount struct{ Total, Ready int }

// CountPods lists pods matching selector ("" = all) page by page.
func CountPods(ctx context.Context, cs kubernetes.Interface, selector string) (PodCount, error) {
	var n PodCount
	p := pager.New(func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
		opts.LabelSelector = selector
		return cs.CoreV1().Pods("").List(ctx, opts)
	})
	p.PageSize = 500
	err := p.EachListItem(ctx, metav1.ListOptions{}, func(obj runtime.Object) error {
		n.Total++
		if Ready(obj.(*corev1.Pod)) {
			n.Ready++
		}
		return nil
	})
	return n, err
}

// Ready reports the pod's Ready condition.
func Ready(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
