package watch

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
)

// Log lines in a notification: how many, how long each, how long to wait
// for them (a page does not wait for a slow kubelet).
const (
	logLines     = 10
	logLineBytes = 300
	logTimeout   = 3 * time.Second
)

// lastLogLines reads the last logLines lines of the pod's troubled
// container (the one the TUI's l key opens), its previous instance when
// it has restarted (a crash loop's last words), redacted. A container
// that never started has no logs: it returns a line that says so.
func lastLogLines(ctx context.Context, cs kubernetes.Interface, pod *corev1.Pod) []string {
	if pod == nil {
		return nil
	}
	container := model.TroubledContainer(pod)
	previous := model.HasPreviousInstance(pod, container)
	ctx, cancel := context.WithTimeout(ctx, logTimeout)
	defer cancel()
	r, err := kube.StreamLogs(ctx, cs, pod.Namespace, pod.Name, container, kube.LogOptions{Previous: previous, TailLines: logLines})
	if err != nil {
		// The apiserver's answer names the container and why (waiting to
		// start, kubelet unreachable); it holds no credential.
		return []string{Redact(fmt.Sprintf("(no logs of container %s: %v)", container, unwrapURLError(err)))}
	}
	defer r.Close()
	var lines []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if len(line) > logLineBytes {
			line = line[:logLineBytes] + "…"
		}
		lines = append(lines, Redact(line))
	}
	if len(lines) > logLines {
		lines = lines[len(lines)-logLines:]
	}
	return lines
}
