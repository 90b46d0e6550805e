// Command floor is the benchmark's lower bound (issue 7): the least a
// client-go program must do before it can show every pod, i.e. start,
// LIST all pods page by page like an informer's first list, and decode
// them. hack/bench/measure times it from process start to exit, like the
// dashboards; it prints what it listed as one JSON line.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// Result is what floor prints.
type Result struct {
	Pods       int     `json:"pods"`
	Pages      int     `json:"pages"`
	ListSecond float64 `json:"list_seconds"`
}

func main() {
	kubeconfig := flag.String("kubeconfig", ".local/kubeconfig", "kubeconfig")
	pageSize := flag.Int64("page-size", 500, "items per LIST page (client-go's informers use 500)")
	flag.Parse()
	r, err := list(*kubeconfig, *pageSize)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(r)
}

func list(kubeconfig string, pageSize int64) (Result, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return Result{}, err
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return Result{}, err
	}
	start := time.Now()
	var r Result
	var pods []corev1.Pod // kept, as a cache would keep them
	opts := metav1.ListOptions{Limit: pageSize}
	for {
		page, err := cs.CoreV1().Pods("").List(context.Background(), opts)
		if err != nil {
			return Result{}, err
		}
		r.Pages++
		pods = append(pods, page.Items...)
		if opts.Continue = page.Continue; opts.Continue == "" {
			break
		}
	}
	r.Pods, r.ListSecond = len(pods), time.Since(start).Seconds()
	return r, nil
}
