package kube

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/httpstream"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/portforward"
	"k8s.io/client-go/transport/spdy"
)

// PodDialer opens a pods/portforward connection to one pod: the
// connection that carries a stream pair per forwarded TCP connection.
type PodDialer func(ns, pod string) (httpstream.Connection, error)

// PortForwardDialer is kubectl port-forward's dialer on a cluster:
// WebSocket tunnelling first, SPDY when the upgrade fails (kubectl's
// createDialer). Errors: the apiserver's (forbidden pods/portforward, no
// such pod).
func PortForwardDialer(cfg *rest.Config, cs kubernetes.Interface) PodDialer {
	return func(ns, pod string) (httpstream.Connection, error) {
		d, err := podDialer(cfg, cs, ns, pod)
		if err != nil {
			return nil, err
		}
		conn, _, err := d.Dial(portforward.PortForwardProtocolV1Name)
		return conn, err
	}
}

// podDialer dials a pod's pods/portforward subresource: WebSocket
// tunnelling first, SPDY when the upgrade fails (kubectl's createDialer).
func podDialer(cfg *rest.Config, cs kubernetes.Interface, ns, pod string) (httpstream.Dialer, error) {
	if cfg == nil {
		return nil, errNoREST
	}
	u := cs.CoreV1().RESTClient().Post().Resource("pods").Namespace(ns).Name(pod).SubResource("portforward").URL()
	transport, upgrader, err := spdy.RoundTripperFor(cfg)
	if err != nil {
		return nil, err
	}
	var dialer httpstream.Dialer = spdy.NewDialer(upgrader, &http.Client{Transport: transport}, "POST", u)
	ws, err := portforward.NewSPDYOverWebsocketDialer(u, cfg)
	if err != nil {
		return nil, err
	}
	return portforward.NewFallbackDialer(ws, dialer, func(err error) bool {
		return httpstream.IsUpgradeFailure(err) || httpstream.IsHTTPSProxyError(err)
	}), nil
}

// Forward listens on 127.0.0.1 and streams every accepted TCP connection
// to port Remote of its current target pod, as `kubectl port-forward`
// does, except that the target can change while it runs (Retarget): a
// connection accepted after a retarget goes to the new pod. The pod
// connection is dialed when needed and dialed again after it is lost
// (the pod went away), so a forward outlives its pod.
type Forward struct {
	Namespace string
	Remote    uint16
	// Addr is the local address, "127.0.0.1:PORT".
	Addr string

	dial PodDialer
	ln   net.Listener
	// done is closed once the listener, the pod connection and every
	// forwarded connection are closed.
	done  chan struct{}
	conns sync.WaitGroup

	mu      sync.Mutex
	pod     string
	conn    httpstream.Connection
	lastErr error

	requestID         atomic.Int64
	accepted, active  atomic.Int64
	bytesIn, bytesOut atomic.Int64
}

// ForwardStats is a Forward as it is now.
type ForwardStats struct {
	// Pod is the target ("" while there is none).
	Pod string
	// Connections is how many TCP connections were accepted; Active are
	// open now.
	Connections, Active int64
	// BytesIn went to the pod, BytesOut came from it.
	BytesIn, BytesOut int64
	// LastErr is the last connection's failure (nil after a success).
	LastErr error
}

// Listen starts a forward from 127.0.0.1:local (0: a free port) to port
// remote of pod, dialing the pod first so that a refusal (RBAC, no such
// pod) is an error here rather than on the first connection. The forward
// runs until ctx ends; Done is closed once everything it opened is
// closed.
func Listen(ctx context.Context, dial PodDialer, ns, pod string, local, remote uint16) (*Forward, error) {
	conn, err := dial(ns, pod)
	if err != nil {
		return nil, fmt.Errorf("port-forward to %s/%s: %w", ns, pod, err)
	}
	ln, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(int(local))))
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("listen on 127.0.0.1:%d: %w", local, err)
	}
	f := &Forward{Namespace: ns, Remote: remote, Addr: ln.Addr().String(), dial: dial, ln: ln, done: make(chan struct{}), pod: pod}
	f.keep(ctx, pod, conn)
	stop := context.AfterFunc(ctx, func() { _ = ln.Close() })
	go func() {
		defer close(f.done)
		defer stop()
		f.serve(ctx)
		f.conns.Wait()
	}()
	return f, nil
}

// Done is closed when the forward has stopped and released its port.
func (f *Forward) Done() <-chan struct{} { return f.done }

// Stats is the forward now.
func (f *Forward) Stats() ForwardStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return ForwardStats{Pod: f.pod, Connections: f.accepted.Load(), Active: f.active.Load(),
		BytesIn: f.bytesIn.Load(), BytesOut: f.bytesOut.Load(), LastErr: f.lastErr}
}

// Retarget sends the connections accepted from now on to pod ("" holds
// them: they are closed at once until a pod is set). The connection to
// the previous pod is closed, and the streams on it with it.
func (f *Forward) Retarget(pod string) {
	f.mu.Lock()
	if pod == f.pod {
		f.mu.Unlock()
		return
	}
	old := f.conn
	f.pod, f.conn = pod, nil
	f.mu.Unlock()
	if old != nil {
		_ = old.Close()
	}
}

// keep makes conn the pod connection, and forgets it when it closes (the
// pod went away, the apiserver dropped it) so the next TCP connection
// dials again. It is closed with ctx.
func (f *Forward) keep(ctx context.Context, pod string, conn httpstream.Connection) {
	f.mu.Lock()
	f.conn = conn
	f.mu.Unlock()
	f.conns.Go(func() {
		select {
		case <-conn.CloseChan():
		case <-ctx.Done():
			_ = conn.Close()
		}
		f.mu.Lock()
		if f.conn == conn {
			f.conn = nil
		}
		f.mu.Unlock()
	})
}

// podConn is the current target's connection, dialed when there is none.
func (f *Forward) podConn(ctx context.Context) (httpstream.Connection, string, error) {
	f.mu.Lock()
	pod, conn := f.pod, f.conn
	f.mu.Unlock()
	if pod == "" {
		return nil, "", errors.New("no pod to forward to")
	}
	if conn != nil {
		return conn, pod, nil
	}
	conn, err := f.dial(f.Namespace, pod)
	if err != nil {
		return nil, pod, err
	}
	f.mu.Lock()
	if f.pod != pod || f.conn != nil {
		// Retargeted, or another connection dialed meanwhile.
		f.mu.Unlock()
		_ = conn.Close()
		return f.podConn(ctx)
	}
	f.mu.Unlock()
	f.keep(ctx, pod, conn)
	return conn, pod, nil
}

func (f *Forward) serve(ctx context.Context) {
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return // closed with ctx
		}
		f.accepted.Add(1)
		f.conns.Go(func() { f.handle(ctx, c) })
	}
}

// handle streams one TCP connection to the target pod: an error stream
// and a data stream, as client-go's PortForwarder does. An error from the
// pod side closes the pod connection (the next one dials again).
func (f *Forward) handle(ctx context.Context, c net.Conn) {
	f.active.Add(1)
	defer f.active.Add(-1)
	defer c.Close()
	conn, pod, err := f.podConn(ctx)
	if err != nil {
		f.setErr(fmt.Errorf("%s: %w", pod, err))
		return
	}
	err = f.stream(conn, c)
	if err != nil {
		_ = conn.Close()
	}
	f.setErr(err)
}

func (f *Forward) stream(conn httpstream.Connection, c net.Conn) error {
	id := strconv.FormatInt(f.requestID.Add(1), 10)
	headers := http.Header{}
	headers.Set(corev1.StreamType, corev1.StreamTypeError)
	headers.Set(corev1.PortHeader, strconv.Itoa(int(f.Remote)))
	headers.Set(corev1.PortForwardRequestIDHeader, id)
	errStream, err := conn.CreateStream(headers)
	if err != nil {
		return err
	}
	_ = errStream.Close() // nothing is written on it
	defer conn.RemoveStreams(errStream)
	errc := make(chan error, 1)
	go func() {
		msg, err := io.ReadAll(errStream)
		switch {
		case err != nil:
			errc <- err
		case len(msg) > 0:
			errc <- errors.New(string(msg))
		default:
			errc <- nil
		}
	}()
	headers.Set(corev1.StreamType, corev1.StreamTypeData)
	data, err := conn.CreateStream(headers)
	if err != nil {
		return err
	}
	defer conn.RemoveStreams(data)
	remoteDone := make(chan struct{})
	go func() {
		n, _ := io.Copy(c, data)
		f.bytesOut.Add(n)
		close(remoteDone)
	}()
	localDone := make(chan struct{})
	go func() {
		defer close(localDone)
		defer data.Close() // no more data from this side
		n, _ := io.Copy(data, c)
		f.bytesIn.Add(n)
	}()
	select {
	case <-remoteDone:
	case <-localDone:
		<-remoteDone
	}
	_ = data.Reset()
	_ = c.Close()
	<-localDone
	select {
	case err := <-errc:
		return err
	case <-time.After(errStreamWait):
		// The pod side never closed its error stream: no error to read.
		_ = errStream.Reset()
		return <-errc
	}
}

// errStreamWait is how long a finished connection waits for the pod
// side's error (kubelets write it, if any, as they close the streams).
const errStreamWait = 2 * time.Second

func (f *Forward) setErr(err error) {
	if err != nil && strings.Contains(err.Error(), "use of closed network connection") {
		err = nil
	}
	f.mu.Lock()
	f.lastErr = err
	f.mu.Unlock()
}
