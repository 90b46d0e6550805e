package kube

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/httpstream"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/remotecommand"
	utilexec "k8s.io/client-go/util/exec"
)

// ExecRequest is one command in one container, as `kubectl exec` sends it
// to the pods/exec subresource.
type ExecRequest struct {
	Namespace, Pod, Container string
	// Command is the argv; it is not run through a shell.
	Command []string
	// Stdin, when set, is streamed to the command (kubectl exec -i).
	Stdin io.Reader
	// Stdout and Stderr receive the command's output as it comes; with
	// TTY the terminal's output arrives on Stdout only.
	Stdout, Stderr io.Writer
	// TTY allocates a terminal in the container (kubectl exec -t).
	TTY bool
	// Resize reports the local terminal's size (only with TTY); nil sends
	// none.
	Resize remotecommand.TerminalSizeQueue
}

// ExitError is a command that ran and exited non-zero.
type ExitError struct {
	Code int
	// Message is the apiserver's words ("command terminated with
	// non-zero exit code: ...").
	Message string
}

func (e *ExitError) Error() string { return fmt.Sprintf("exit code %d", e.Code) }

// Exec runs req through the pods/exec subresource and waits until the
// command ends or ctx does. Like kubectl exec it speaks WebSocket
// (RemoteCommand v5) and falls back to SPDY when the apiserver or a proxy
// refuses the upgrade (kubectl's createExecutor). A command that exited
// non-zero returns *ExitError with its code (see ExitCode for the exit
// codes runtimes report only in words); anything else (forbidden, pod or
// container missing, command not found) is the apiserver's error.
func Exec(ctx context.Context, cfg *rest.Config, cs kubernetes.Interface, req ExecRequest) error {
	exec, err := NewExecutor(cfg, cs, req)
	if err != nil {
		return err
	}
	err = exec.StreamWithContext(ctx, remotecommand.StreamOptions{
		Stdin: req.Stdin, Stdout: req.Stdout, Stderr: req.Stderr, Tty: req.TTY, TerminalSizeQueue: req.Resize,
	})
	if err == nil {
		return nil
	}
	if code, ok := ExitCode(err); ok {
		return &ExitError{Code: code, Message: err.Error()}
	}
	return fmt.Errorf("exec in %s/%s container %s: %w", req.Namespace, req.Pod, req.Container, err)
}

// NewExecutor is kubectl exec's executor for req: WebSocket first, SPDY
// when the upgrade fails (httpstream.IsUpgradeFailure) or an HTTPS proxy
// is in the way, exactly the fallback kubectl uses.
func NewExecutor(cfg *rest.Config, cs kubernetes.Interface, req ExecRequest) (remotecommand.Executor, error) {
	if cfg == nil {
		return nil, errNoREST
	}
	u := cs.CoreV1().RESTClient().Post().
		Resource("pods").Namespace(req.Namespace).Name(req.Pod).SubResource("exec").
		VersionedParams(&corev1.PodExecOptions{
			Container: req.Container,
			Command:   req.Command,
			Stdin:     req.Stdin != nil,
			Stdout:    req.Stdout != nil,
			Stderr:    req.Stderr != nil && !req.TTY,
			TTY:       req.TTY,
		}, scheme.ParameterCodec).URL()
	spdy, err := remotecommand.NewSPDYExecutor(cfg, "POST", u)
	if err != nil {
		return nil, err
	}
	ws, err := remotecommand.NewWebSocketExecutor(cfg, "GET", u.String())
	if err != nil {
		return nil, err
	}
	return remotecommand.NewFallbackExecutor(ws, spdy, func(err error) bool {
		return httpstream.IsUpgradeFailure(err) || httpstream.IsHTTPSProxyError(err)
	})
}

// kwokExit is how kwok (v0.8.0, pkg/kwok/server/debugging_exec.go) words a
// non-zero exit: it wraps the *exec.ExitError with fmt.Errorf, so the
// kubelet streaming server does not see an exit error and reports an
// internal error "error executing command in container: cmd wait: NAME
// ARGS: exit status N" instead of the NonZeroExitCode status real
// kubelets send. ARGS may span lines (an sh -c script).
var kwokExit = regexp.MustCompile(`(?s)cmd wait: .*: exit status (\d+)\s*$`)

// ExitCode is the exit code of a command that ran and failed: the
// NonZeroExitCode status kubelets send (utilexec.ExitError), or kwok's
// words for it (kwokExit). ok is false for nil and for errors that are
// not an exit.
func ExitCode(err error) (code int, ok bool) {
	if err == nil {
		return 0, false
	}
	var exit utilexec.ExitError
	if errors.As(err, &exit) && exit.Exited() {
		return exit.ExitStatus(), true
	}
	var own *ExitError
	if errors.As(err, &own) {
		return own.Code, true
	}
	if m := kwokExit.FindStringSubmatch(strings.TrimSpace(err.Error())); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			return n, true
		}
	}
	return 0, false
}

// IsCommandNotFound reports whether the container has no such command: runc and
// Go's os/exec (kwok) both say "executable file not found in $PATH";
// some runtimes report it as exit code 126 or 127 instead.
func IsCommandNotFound(err error) bool {
	if err == nil {
		return false
	}
	if code, ok := ExitCode(err); ok {
		return code == 126 || code == 127
	}
	return strings.Contains(err.Error(), "executable file not found")
}

// errNoREST is exec's and port-forward's answer on a cluster without a
// REST configuration (the static clusters of tests and demos), whose
// client cannot stream.
var errNoREST = errors.New("this cluster has no API connection to stream through")
