package kube

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/portforward"
)

// PortForward is one running forward from 127.0.0.1:Local to a pod's
// port, as `kubectl port-forward` runs it.
type PortForward struct {
	Namespace, Pod string
	// Local is the local port (chosen by the system when 0 was asked);
	// Remote is the pod's.
	Local, Remote uint16
	// Done is closed when the forward stops (ctx ended, or the pod's
	// connection was lost: Err says why).
	Done <-chan struct{}
	err  error
}

// Err is why the forward stopped (nil while it runs, or after a stop by
// its context).
func (f *PortForward) Err() error {
	select {
	case <-f.Done:
		return f.err
	default:
		return nil
	}
}

// StartPortForward forwards 127.0.0.1:local (0: a free port) to the
// pod's remote port through the pods/portforward subresource: WebSocket
// tunnelling first, SPDY when the upgrade fails (kubectl's createDialer).
// It returns once the local port listens; the forward runs until ctx
// ends or the connection to the pod is lost (the pod went away).
func StartPortForward(ctx context.Context, cfg *rest.Config, cs kubernetes.Interface, ns, pod string, local, remote uint16) (*PortForward, error) {
	dialer, err := podDialer(cfg, cs, ns, pod)
	if err != nil {
		return nil, err
	}
	stop, ready := make(chan struct{}), make(chan struct{})
	ports := []string{strconv.Itoa(int(local)) + ":" + strconv.Itoa(int(remote))}
	fw, err := portforward.NewOnAddresses(dialer, []string{"127.0.0.1"}, ports, stop, ready, io.Discard, io.Discard)
	if err != nil {
		return nil, err
	}
	done := make(chan struct{})
	pf := &PortForward{Namespace: ns, Pod: pod, Remote: remote, Done: done}
	go func() {
		// The forwarder's owner is ctx: it ends the forward.
		select {
		case <-ctx.Done():
		case <-done:
		}
		close(stop)
	}()
	go func() {
		pf.err = fw.ForwardPorts()
		close(done)
	}()
	select {
	case <-ready:
	case <-done:
		return nil, fmt.Errorf("port-forward to %s/%s:%d: %w", ns, pod, remote, pf.err)
	case <-ctx.Done():
		<-done
		return nil, ctx.Err()
	}
	got, err := fw.GetPorts()
	if err != nil || len(got) != 1 {
		return nil, fmt.Errorf("port-forward to %s/%s:%d: no local port: %v", ns, pod, remote, err)
	}
	pf.Local = got[0].Local
	return pf, nil
}
