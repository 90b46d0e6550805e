// Command floor is what a fast client could reach (issue 13): the least a
// client-go program with fdtui's client settings must do before it can
// show every pod. Two modes, both timed by hack/bench/measure from exec to
// the line this program prints when done:
//
//	--mode informer  a bare pod informer (client-go's defaults otherwise,
//	                 so watch-list when the client and server allow it),
//	                 done at HasSynced;
//	--mode list      LIST all pods in pages of 500, done when the last
//	                 page is decoded.
//
// Both use fdtui's settings: QPS 50, burst 100 (internal/kube's tune) and
// protobuf (internal/kube's protobuf); settings_test.go holds them equal.
// The JSON line also says which requests the pod informer made, so the
// report can say whether watch-list was used. With --stay the informer
// keeps watching after the line, with one event handler that counts
// (fdtui's handlers queue keys), until standard input closes: measure
// times its CPU and memory in the dashboards' idle and churn windows.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

// fdtui's client settings (internal/kube: tune and protobuf).
const (
	qps         = 50
	burst       = 100
	contentType = "application/vnd.kubernetes.protobuf"
	accept      = "application/vnd.kubernetes.protobuf,application/json"
)

// Result is the line floor prints when done.
type Result struct {
	Mode  string `json:"mode"`
	Pods  int    `json:"pods"`
	Pages int    `json:"pages,omitempty"`
	// Seconds is from main's start to done (measure adds the exec).
	Seconds float64 `json:"seconds"`
	QPS     float32 `json:"qps"`
	Burst   int     `json:"burst"`
	// Requests are the pod requests made, in order ("WATCH
	// sendInitialEvents=true ..." or "LIST limit=500 ...").
	Requests []string `json:"requests"`
	// WatchList is true when the pods came from one streaming watch
	// (sendInitialEvents) with no LIST before it.
	WatchList bool `json:"watch_list"`
}

func main() {
	start := time.Now()
	kubeconfig := flag.String("kubeconfig", ".local/kubeconfig", "kubeconfig")
	mode := flag.String("mode", "informer", "informer (exec to HasSynced) or list (paged LIST)")
	pageSize := flag.Int64("page-size", 500, "items per LIST page in list mode (client-go's pager default)")
	timeout := flag.Duration("timeout", 5*time.Minute, "give up after")
	stay := flag.Bool("stay", false, "informer mode: keep watching after the line until standard input closes")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	rec := &recorder{}
	cs, cfg, err := client(*kubeconfig, rec)
	if err == nil {
		var r Result
		switch *mode {
		case "informer":
			r, err = informer(ctx, cs, *stay)
		case "list":
			r, err = list(ctx, cs, *pageSize)
		default:
			err = fmt.Errorf("unknown --mode %q", *mode)
		}
		// Done: the time is taken before anything else (the informer is
		// left running; exiting ends it).
		r.Seconds = time.Since(start).Seconds()
		if err == nil {
			r.Mode, r.QPS, r.Burst = *mode, cfg.QPS, cfg.Burst
			r.Requests, r.WatchList = rec.summary()
			_ = json.NewEncoder(os.Stdout).Encode(r)
			if *stay {
				_, _ = io.Copy(io.Discard, os.Stdin) // until measure closes it
			}
			return
		}
	}
	fmt.Fprintln(os.Stderr, "floor:", err)
	os.Exit(1)
}

func client(kubeconfig string, rec *recorder) (kubernetes.Interface, *rest.Config, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, nil, err
	}
	cfg.QPS, cfg.Burst = qps, burst
	cfg.AcceptContentTypes, cfg.ContentType = accept, contentType
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper { rec.next = rt; return rec })
	cs, err := kubernetes.NewForConfig(cfg)
	return cs, cfg, err
}

// informer starts a shared informer factory with the pod informer only,
// as fdtui's factory starts its pod informer, and returns at HasSynced.
func informer(ctx context.Context, cs kubernetes.Interface, stay bool) (Result, error) {
	f := informers.NewSharedInformerFactory(cs, 0)
	inf := f.Core().V1().Pods().Informer()
	if stay {
		var events atomic.Int64
		count := func(any) { events.Add(1) }
		if _, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: count,
			UpdateFunc: func(_, o any) { count(o) }, DeleteFunc: count}); err != nil {
			return Result{}, err
		}
	}
	f.Start(ctx.Done())
	// Polled every millisecond: cache.WaitForCacheSync polls every 100 ms,
	// which would round the floor up by as much.
	for !inf.HasSynced() {
		select {
		case <-ctx.Done():
			return Result{}, fmt.Errorf("pod informer not synced: %w", ctx.Err())
		case <-time.After(time.Millisecond):
		}
	}
	return Result{Pods: len(inf.GetStore().ListKeys())}, nil
}

// list pages through all pods, keeping them as a cache would.
func list(ctx context.Context, cs kubernetes.Interface, pageSize int64) (Result, error) {
	var r Result
	var pods []corev1.Pod
	opts := metav1.ListOptions{Limit: pageSize}
	for {
		page, err := cs.CoreV1().Pods("").List(ctx, opts)
		if err != nil {
			return Result{}, err
		}
		r.Pages++
		pods = append(pods, page.Items...)
		if opts.Continue = page.Continue; opts.Continue == "" {
			break
		}
	}
	r.Pods = len(pods)
	return r, nil
}
