package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Test knobs, as pod annotations (see main.go).
const (
	annotationFail = "fdtui.dev/standin-fail"
	annotationNoop = "fdtui.dev/standin-noop"
)

var logsGVR = schema.GroupVersionResource{Group: "kwok.x-k8s.io", Version: "v1alpha1", Resource: "logs"}

// result is one container's end.
type result struct {
	name            string
	exitCode        int32
	started, finish time.Time
	ran             bool
	message         string
}

// run runs one pod to its end and writes its status.
func (r *runner) run(ctx context.Context, pod *corev1.Pod) {
	dir := filepath.Join(r.work, pod.Namespace, pod.Name)
	defer os.RemoveAll(dir) // the Secret files go with the pod
	log.Printf("%s: running %d init containers and %d containers", podName(pod), len(pod.Spec.InitContainers), len(pod.Spec.Containers))
	if err := r.serveLogs(ctx, pod); err != nil {
		log.Printf("%s: logs: %v", podName(pod), err)
	}
	vols, err := r.materialise(ctx, pod, dir)
	var results []result
	var initResults []result
	switch {
	case err != nil:
		// As a kubelet that cannot mount a volume, but ended: the Job
		// must not wait forever on a local cluster.
		log.Printf("%s: %v", podName(pod), err)
		for _, c := range pod.Spec.InitContainers {
			initResults = append(initResults, result{name: c.Name, exitCode: 128, message: err.Error()})
		}
		for _, c := range pod.Spec.Containers {
			results = append(results, result{name: c.Name, exitCode: 128, message: err.Error()})
		}
	default:
		ok := true
		for _, c := range pod.Spec.InitContainers {
			if !ok {
				initResults = append(initResults, result{name: c.Name})
				continue
			}
			res := r.runContainer(ctx, pod, c, vols, dir)
			initResults = append(initResults, res)
			ok = res.exitCode == 0
		}
		for _, c := range pod.Spec.Containers {
			if !ok {
				results = append(results, result{name: c.Name})
				continue
			}
			results = append(results, r.runContainer(ctx, pod, c, vols, dir))
		}
	}
	if ctx.Err() != nil {
		return // stopping: the pod stays Running, as with a dead kubelet
	}
	if err := r.writeStatus(ctx, pod, initResults, results); err != nil {
		log.Printf("%s: status: %v", podName(pod), err)
	}
}

// materialise writes the pod's volumes into dir/vol/<volume>: Secret and
// ConfigMap keys as files (read from the API now), emptyDirs empty.
func (r *runner) materialise(ctx context.Context, pod *corev1.Pod, dir string) (map[string]string, error) {
	vols := map[string]string{}
	for _, v := range pod.Spec.Volumes {
		path := filepath.Join(dir, "vol", v.Name)
		if err := os.MkdirAll(path, 0o700); err != nil {
			return nil, err
		}
		vols[v.Name] = path
		var data map[string][]byte
		switch {
		case v.EmptyDir != nil:
			continue
		case v.Secret != nil:
			s, err := r.cs.CoreV1().Secrets(pod.Namespace).Get(ctx, v.Secret.SecretName, metav1.GetOptions{})
			if err != nil {
				return nil, fmt.Errorf("volume %s: Secret %s: %w", v.Name, v.Secret.SecretName, err)
			}
			data = s.Data
		case v.ConfigMap != nil:
			cm, err := r.cs.CoreV1().ConfigMaps(pod.Namespace).Get(ctx, v.ConfigMap.Name, metav1.GetOptions{})
			if err != nil {
				return nil, fmt.Errorf("volume %s: ConfigMap %s: %w", v.Name, v.ConfigMap.Name, err)
			}
			data = map[string][]byte{}
			for k, s := range cm.Data {
				data[k] = []byte(s)
			}
		default:
			return nil, fmt.Errorf("volume %s: only Secret, ConfigMap and emptyDir volumes run locally", v.Name)
		}
		for k, b := range data {
			if err := os.WriteFile(filepath.Join(path, k), b, 0o600); err != nil {
				return nil, err
			}
		}
	}
	return vols, nil
}

// runContainer runs one container's command with its mounts mapped, its
// output into its log file.
func (r *runner) runContainer(ctx context.Context, pod *corev1.Pod, c corev1.Container, vols map[string]string, dir string) (res result) {
	res = result{name: c.Name, started: time.Now(), ran: true}
	defer func() { res.finish = time.Now() }()
	m := mounts{}
	for _, vm := range c.VolumeMounts {
		if p, ok := vols[vm.Name]; ok {
			m[vm.MountPath] = filepath.Join(p, vm.SubPath)
		}
	}
	argv := append(append([]string{}, c.Command...), c.Args...)
	logFile, err := os.OpenFile(r.logPath(pod, c.Name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		res.exitCode, res.message = 128, err.Error()
		return res
	}
	defer logFile.Close()
	out := &criLog{w: logFile}
	if len(argv) == 0 {
		out.line("stderr", "jobrunner: container "+c.Name+" has no command: the image's entrypoint cannot run locally")
		res.exitCode, res.finish = 127, time.Now()
		return res
	}
	for i := range argv {
		argv[i] = m.mapPaths(argv[i])
	}
	prog := r.program(argv[0])
	home := filepath.Join(dir, "home", c.Name)
	_ = os.MkdirAll(home, 0o700)
	env := []string{"PATH=" + r.standin, "HOME=" + home, "TMPDIR=" + home,
		"FDTUI_STANDIN_FAIL=" + pod.Annotations[annotationFail], "FDTUI_STANDIN_NOOP=" + pod.Annotations[annotationNoop]}
	for _, e := range c.Env {
		if e.ValueFrom != nil {
			out.line("stderr", "jobrunner: env "+e.Name+" uses valueFrom, which the local runner does not resolve")
			res.exitCode = 128
			return res
		}
		env = append(env, e.Name+"="+m.mapPaths(e.Value))
	}
	cctx, cancel := context.WithTimeout(ctx, containerTimeout)
	defer cancel()
	cmd := exec.CommandContext(cctx, prog, argv[1:]...)
	cmd.Env, cmd.Dir = env, home
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		out.line("stderr", "jobrunner: "+err.Error())
		res.exitCode = 127
		return res
	}
	var wg sync.WaitGroup
	for stream, rd := range map[string]io.Reader{"stdout": stdout, "stderr": stderr} {
		wg.Add(1)
		go func() { defer wg.Done(); out.copy(stream, rd) }()
	}
	wg.Wait()
	err = cmd.Wait()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		res.exitCode = int32(exitErr.ExitCode())
		if res.exitCode < 0 {
			res.exitCode = 137 // killed (the timeout)
		}
	default:
		res.exitCode, res.message = 128, err.Error()
	}
	log.Printf("%s: container %s exited %d", podName(pod), c.Name, res.exitCode)
	return res
}

// program is the file argv0 runs: a shell is this machine's /bin/sh (the
// image's POSIX shell), anything else the stand-in of that name.
func (r *runner) program(argv0 string) string {
	switch filepath.Base(argv0) {
	case "sh", "bash", "ash", "dash":
		return "/bin/sh"
	}
	return filepath.Join(r.standin, filepath.Base(argv0))
}

func (r *runner) logPath(pod *corev1.Pod, container string) string {
	return filepath.Join(r.logs, pod.Namespace+"_"+pod.Name+"_"+container+".log")
}

// serveLogs creates the pod's kwok Logs object: one entry per container,
// its file (empty until the container runs). The pod owns it.
func (r *runner) serveLogs(ctx context.Context, pod *corev1.Pod) error {
	var logs []any
	for _, c := range append(append([]corev1.Container{}, pod.Spec.InitContainers...), pod.Spec.Containers...) {
		path := r.logPath(pod, c.Name)
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			return err
		}
		logs = append(logs, map[string]any{"containers": []any{c.Name}, "logsFile": path, "follow": true})
	}
	obj := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": "Logs",
		"metadata": map[string]any{
			"name": pod.Name, "namespace": pod.Namespace,
			"ownerReferences": []any{map[string]any{"apiVersion": "v1", "kind": "Pod", "name": pod.Name, "uid": string(pod.UID)}},
		},
		"spec": map[string]any{"logs": logs},
	}}
	_, err := r.dyn.Resource(logsGVR).Namespace(pod.Namespace).Create(ctx, obj, metav1.CreateOptions{})
	return err
}

// criLog writes lines in the CRI log format kwok serves:
// "<RFC3339Nano time> <stream> F <line>".
type criLog struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *criLog) line(stream, text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s F %s\n", time.Now().UTC().Format(time.RFC3339Nano), stream, text)
}

func (l *criLog) copy(stream string, rd io.Reader) {
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		l.line(stream, strings.TrimRight(sc.Text(), "\r"))
	}
}
