package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/pager"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
	"github.com/flightdeck/fdtui/hack/bench/fleet"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// describe counts what a full screen must show, picks the pods to churn
// and the filter text: the namespace of a bench site in the middle of the
// list. The site count is fdtui's own: its store derives the sites from
// the listed namespaces and Deployments, so the bench does not restate
// what a site is.
func describe(ctx context.Context, cs kubernetes.Interface, o options) (benchdata.Size, []types.NamespacedName, error) {
	s := benchdata.Size{Requested: o.requested, Start: time.Now(), LoadAvg: loadAvg(), Width: o.width, Height: o.height,
		Idle: o.idle.Seconds(), Churn: o.churn.Seconds(), Settle: o.settle.Seconds(), ChurnRate: o.rate}
	if v, err := cs.Discovery().ServerVersion(); err == nil {
		s.Server = v.GitVersion
	}
	pods, err := listPods(ctx, cs)
	if err != nil {
		return s, nil, err
	}
	var bench []types.NamespacedName
	for _, p := range pods {
		if p.Labels[fleet.LabelBench] == "true" {
			bench = append(bench, types.NamespacedName{Namespace: p.Namespace, Name: p.Name})
		}
	}
	if len(bench) == 0 {
		return s, nil, fmt.Errorf("no bench pods: run hack/bench/scale first")
	}
	sort.Slice(bench, func(i, j int) bool { return bench[i].String() < bench[j].String() })
	s.Pods, s.BenchPods = len(pods), len(bench)
	s.FilterText = bench[len(bench)/2].Namespace
	for _, p := range pods {
		if strings.Contains(p.Namespace, s.FilterText) {
			s.FilterWant++
		}
	}
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return s, nil, err
	}
	s.Nodes = len(nodes.Items)
	st, err := fdtuiStore(ctx, cs, pods)
	if err != nil {
		return s, nil, err
	}
	s.Sites = len(st.Sites())
	return s, bench, nil
}

// filterWants is how many pods fdtui's pods filter shows for each prefix
// of text: the entries of fdtui's own store whose filter text contains it
// (the pods page's matcher: lower-case substring). Counted again before
// each filter run, as a pod's status may have changed meanwhile.
func filterWants(ctx context.Context, cs kubernetes.Interface, text string) ([]int, error) {
	pods, err := listPods(ctx, cs)
	if err != nil {
		return nil, err
	}
	st, err := fdtuiStore(ctx, cs, pods)
	if err != nil {
		return nil, err
	}
	wants := make([]int, len(text))
	for k := range text {
		prefix := strings.ToLower(strings.TrimSpace(text[:k+1]))
		for _, e := range st.Pods() {
			if strings.Contains(e.Search, prefix) {
				wants[k]++
			}
		}
	}
	return wants, nil
}

// fdtuiStore is fdtui's view-model store over the cluster's namespaces,
// Deployments and the given pods.
func fdtuiStore(ctx context.Context, cs kubernetes.Interface, pods []*corev1.Pod) (*store.Store, error) {
	nss, err := cs.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	ds, err := cs.AppsV1().Deployments("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	objs := make([]runtime.Object, 0, len(nss.Items)+len(ds.Items)+len(pods))
	for i := range nss.Items {
		objs = append(objs, &nss.Items[i])
	}
	for i := range ds.Items {
		objs = append(objs, &ds.Items[i])
	}
	for _, p := range pods {
		objs = append(objs, p)
	}
	static, err := kube.NewStatic("bench", objs...)
	if err != nil {
		return nil, err
	}
	st := store.New(static.Listers)
	st.Resync()
	return st, nil
}

func listPods(ctx context.Context, cs kubernetes.Interface) ([]*corev1.Pod, error) {
	var pods []*corev1.Pod
	p := pager.New(func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
		return cs.CoreV1().Pods("").List(ctx, opts)
	})
	err := p.EachListItem(ctx, metav1.ListOptions{}, func(obj runtime.Object) error {
		pods = append(pods, obj.(*corev1.Pod))
		return nil
	})
	return pods, err
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
