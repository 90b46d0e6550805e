// Command jobrunner runs the backup Jobs of the local kwok cluster for
// real. kwok runs no containers: its stages only write pod statuses. The
// pods of backup Jobs (labelled app.kubernetes.io/component=backup, owned
// by a Job; hack/localcluster/stages/pod-lifecycle.yaml leaves them
// Running) are run here, on this machine, as a kubelet would run them:
//
//   - volumes: each Secret (and ConfigMap) volume is written from the API
//     as files into a per-pod directory, each emptyDir is an empty
//     directory there; other volume types fail the pod;
//   - commands: the init containers, then the containers, one after the
//     other, each with its command and args, its env (value only), and
//     every volumeMount's mountPath in the command, args and env rewritten
//     to the directory that stands for it (a container sees /backup, here
//     it is .local/jobrunner/pods/<ns>/<pod>/vol/backup; see mapPaths);
//   - programs: PATH is hack/localcluster/standins only (mariadb-dump,
//     gzip, mc, cat, date...: the same stand-ins kwok's exec runs), except
//     that a command run by sh or bash is run by this machine's /bin/sh
//     (the images' POSIX shell; the tiny standins/sh is for interactive
//     exec sessions);
//   - knobs: the pod annotations fdtui.dev/standin-fail and
//     fdtui.dev/standin-noop become FDTUI_STANDIN_FAIL and
//     FDTUI_STANDIN_NOOP (standins/lib.sh), so a test can make mc fail,
//     or exit 0 having uploaded nothing;
//   - result: the pod's status subresource gets every container's exit
//     code (terminated Completed or Error), phase Succeeded or Failed,
//     so the Job controller completes or fails the Job;
//   - logs: each container's output, in the CRI log format, is a file
//     that a kwok Logs object (owned by the pod) serves as that
//     container's log, so `kubectl logs` and fdtui's log view show it.
//
// The per-pod directory (with the Secret files) is removed when the pod
// ends; the log files when the pod is deleted. Started and stopped by
// hack/cluster.sh up/down (lib/jobrunner.sh).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

// selector picks the pods this runner runs.
const selector = "app.kubernetes.io/component=backup"

// containerTimeout bounds one container (the Job's activeDeadlineSeconds
// ends the pod through the Job controller well before, normally).
const containerTimeout = 15 * time.Minute

type runner struct {
	cs      kubernetes.Interface
	dyn     dynamic.Interface
	standin string // the stand-ins directory (PATH)
	work    string // per-pod directories
	logs    string // container logs

	mu      sync.Mutex
	started map[string]bool // pod UIDs run (or running)
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "admin kubeconfig of the local cluster")
	standins := flag.String("standins", "", "the stand-ins directory (PATH of the containers)")
	dir := flag.String("dir", "", "working directory (per-pod directories and logs)")
	flag.Parse()
	if *kubeconfig == "" || *standins == "" || *dir == "" {
		log.Fatal("usage: jobrunner -kubeconfig FILE -standins DIR -dir DIR")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatal(err)
	}
	r := &runner{
		cs: kubernetes.NewForConfigOrDie(cfg), dyn: dynamic.NewForConfigOrDie(cfg),
		standin: mustAbs(*standins), work: filepath.Join(mustAbs(*dir), "pods"), logs: filepath.Join(mustAbs(*dir), "logs"),
		started: map[string]bool{},
	}
	for _, d := range []string{r.work, r.logs} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			log.Fatal(err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	factory := informers.NewSharedInformerFactoryWithOptions(r.cs, 10*time.Minute,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = selector }))
	pods := factory.Core().V1().Pods().Informer()
	if _, err := pods.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj any) { r.consider(ctx, obj) },
		UpdateFunc: func(_, obj any) { r.consider(ctx, obj) },
		DeleteFunc: r.forget,
	}); err != nil {
		log.Fatal(err)
	}
	factory.Start(ctx.Done())
	log.Printf("jobrunner: running pods labelled %s owned by Jobs; stand-ins from %s", selector, r.standin)
	<-ctx.Done()
	factory.Shutdown()
}

// consider runs a pod once kwok has it Running, once.
func (r *runner) consider(ctx context.Context, obj any) {
	pod, ok := obj.(*corev1.Pod)
	if !ok || pod.DeletionTimestamp != nil || pod.Status.Phase != corev1.PodRunning || !ownedByJob(pod) {
		return
	}
	r.mu.Lock()
	if r.started[string(pod.UID)] {
		r.mu.Unlock()
		return
	}
	r.started[string(pod.UID)] = true
	r.mu.Unlock()
	go r.run(ctx, pod.DeepCopy())
}

// forget removes a deleted pod's log files (its Logs object goes with it:
// the pod owns it).
func (r *runner) forget(obj any) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		if d, isTomb := obj.(cache.DeletedFinalStateUnknown); isTomb {
			pod, ok = d.Obj.(*corev1.Pod)
		}
	}
	if !ok {
		return
	}
	matches, _ := filepath.Glob(filepath.Join(r.logs, pod.Namespace+"_"+pod.Name+"_*.log"))
	for _, m := range matches {
		_ = os.Remove(m)
	}
	r.mu.Lock()
	delete(r.started, string(pod.UID))
	r.mu.Unlock()
}

func ownedByJob(p *corev1.Pod) bool {
	for _, o := range p.OwnerReferences {
		if o.Kind == "Job" {
			return true
		}
	}
	return false
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		log.Fatal(err)
	}
	return a
}

func podName(p *corev1.Pod) string { return fmt.Sprintf("%s/%s", p.Namespace, p.Name) }
