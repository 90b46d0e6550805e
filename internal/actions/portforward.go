package actions

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
)

// ForwardTarget is what a port-forward points at: a Service's port (a
// site target, which follows the Service's Ready pods) or one pod's.
type ForwardTarget struct {
	Namespace string
	// Service, when set, makes the forward follow it: when the pod in use
	// goes away or stops being Ready, the next Ready pod its selector
	// matches takes over (model.ForwardPod).
	Service string
	// Pod is the pod a pod target forwards to (set by StartForward for a
	// Service target: the first pod picked).
	Pod  string
	Port uint16
	// Name says what listens there ("varnish", "apache", "mysql"; "" for
	// a pod's port).
	Name string
}

// String is "web:6081 (varnish)" for a Service target, "pod web-…:80" for
// a pod's.
func (t ForwardTarget) String() string {
	if t.Service == "" {
		return fmt.Sprintf("pod %s:%d", t.Pod, t.Port)
	}
	s := fmt.Sprintf("%s:%d", t.Service, t.Port)
	if t.Name != "" {
		s += " (" + t.Name + ")"
	}
	return s
}

// SiteForwardTargets are what the site screen offers: Varnish and Apache
// of the web Service, and MySQL (the blueprint's ports).
func SiteForwardTargets(ns string) []ForwardTarget {
	return []ForwardTarget{
		{Namespace: ns, Service: "web", Port: 6081, Name: "varnish"},
		{Namespace: ns, Service: "web", Port: 80, Name: "apache"},
		{Namespace: ns, Service: "mysql", Port: 3306, Name: "mysql"},
	}
}

// ForwardLookup reads what a forward follows: the connection's pod
// lister, to see cheaply that the pod in use still serves, and the API,
// to find the Service's pods when it does not (the informer's pods keep no
// labels, so a selector cannot be matched on them).
type ForwardLookup struct {
	Pods   corelisters.PodLister
	Client kubernetes.Interface
}

// serves reports whether pod is still Ready in the informer's view.
func (l ForwardLookup) serves(ns, pod string) bool {
	p, err := l.Pods.Pods(ns).Get(pod)
	return err == nil && model.ForwardPod(pod, []*corev1.Pod{p}) == pod
}

// candidates are the pods a target may use: the pods the Service's
// selector matches, or the one pod of a pod target (none when it is gone).
func (l ForwardLookup) candidates(ctx context.Context, t ForwardTarget) ([]*corev1.Pod, error) {
	if t.Service == "" {
		p, err := l.Pods.Pods(t.Namespace).Get(t.Pod)
		if apierrors.IsNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return []*corev1.Pod{p}, nil
	}
	svc, err := l.Client.CoreV1().Services(t.Namespace).Get(ctx, t.Service, metav1.GetOptions{})
	if err != nil {
		return nil, fmt.Errorf("Service %s in %s: %w", t.Service, t.Namespace, err)
	}
	if len(svc.Spec.Selector) == 0 {
		return nil, fmt.Errorf("Service %s in %s selects no pods (no selector)", t.Service, t.Namespace)
	}
	list, err := l.Client.CoreV1().Pods(t.Namespace).List(ctx, metav1.ListOptions{LabelSelector: labels.SelectorFromSet(svc.Spec.Selector).String()})
	if err != nil {
		return nil, err
	}
	pods := make([]*corev1.Pod, len(list.Items))
	for i := range list.Items {
		pods[i] = &list.Items[i]
	}
	return pods, nil
}

// Forwarding is one port-forward of the session.
type Forwarding struct {
	ID     int
	Target ForwardTarget
	// Addr is the local address, "127.0.0.1:PORT".
	Addr  string
	Since time.Time

	fw     *kube.Forward
	cancel context.CancelFunc
	// events says what happened to it (a retarget, a stop); closed when
	// it has stopped.
	events chan string

	mu      sync.Mutex
	note    string
	noteAt  time.Time
	stopped string
}

// ForwardStatus is a forward as the Port-forwards screen shows it.
type ForwardStatus struct {
	ID     int
	Target ForwardTarget
	Addr   string
	Since  time.Time
	// Note is the last thing that happened ("re-targeted to web-…: web-…
	// is gone"), at NoteAt.
	Note   string
	NoteAt time.Time
	// Stopped says why it stopped; "" while it runs.
	Stopped string
	kube.ForwardStats
}

// Status is f now.
func (f *Forwarding) Status() ForwardStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return ForwardStatus{ID: f.ID, Target: f.Target, Addr: f.Addr, Since: f.Since, Note: f.note, NoteAt: f.noteAt,
		Stopped: f.stopped, ForwardStats: f.fw.Stats()}
}

// Events are f's notes as they happen (a retarget, waiting for a pod,
// why it stopped); the channel closes once f has stopped and released its
// port. A slow reader misses notes, never blocks the forward.
func (f *Forwarding) Events() <-chan string { return f.events }

func (f *Forwarding) say(now time.Time, note string) {
	f.mu.Lock()
	f.note, f.noteAt = note, now
	f.mu.Unlock()
	select {
	case f.events <- note:
	default:
	}
}

// Forwards are the session's port-forwards. Each runs until it is
// stopped, its connection closes (a cluster switch), or the context
// Forwards were made with ends (quit), whichever comes first.
type Forwards struct {
	ctx context.Context
	now func() time.Time
	// Every is how often a forward checks that its pod still serves.
	Every time.Duration

	mu   sync.Mutex
	next int
	list []*Forwarding
	// running counts the forwards' goroutines, for Wait.
	running sync.WaitGroup
}

// NewForwards returns an empty set whose forwards end with ctx; now is
// the clock.
func NewForwards(ctx context.Context, now func() time.Time) *Forwards {
	return &Forwards{ctx: ctx, now: now, Every: time.Second}
}

// Start forwards 127.0.0.1:local (0: a free port) to t, until Stop, the
// end of conn (the connection's context) or of the set's context. A
// Service target starts on model.ForwardPod's pick and follows the
// Service; a pod target stops when its pod goes. Errors: no Ready pod,
// the Service missing, the port taken, the apiserver's refusal.
func (s *Forwards) Start(conn context.Context, dial kube.PodDialer, l ForwardLookup, t ForwardTarget, local uint16) (*Forwarding, error) {
	if t.Service != "" {
		pods, err := l.candidates(s.ctx, t)
		if err != nil {
			return nil, err
		}
		if t.Pod = model.ForwardPod("", pods); t.Pod == "" {
			return nil, fmt.Errorf("no Ready pod behind Service %s in %s", t.Service, t.Namespace)
		}
	}
	ctx, cancel := context.WithCancel(s.ctx)
	stopWithConn := context.AfterFunc(conn, cancel)
	fw, err := kube.Listen(ctx, dial, t.Namespace, t.Pod, local, t.Port)
	if err != nil {
		stopWithConn()
		cancel()
		return nil, err
	}
	s.mu.Lock()
	s.next++
	f := &Forwarding{ID: s.next, Target: t, Addr: fw.Addr, Since: s.now(), fw: fw, cancel: cancel, events: make(chan string, 8)}
	s.list = append(s.list, f)
	s.mu.Unlock()
	s.running.Go(func() {
		defer stopWithConn()
		defer close(f.events)
		s.follow(ctx, f, l)
		cancel()
		<-fw.Done()
		f.mu.Lock()
		if f.stopped == "" {
			f.stopped = "stopped"
			if conn.Err() != nil && s.ctx.Err() == nil {
				f.stopped = "stopped: its cluster connection closed"
			}
		}
		f.mu.Unlock()
	})
	return f, nil
}

// follow checks every s.Every that f's pod still serves, until ctx ends
// or f stops itself (its pod target went).
func (s *Forwards) follow(ctx context.Context, f *Forwarding, l ForwardLookup) {
	tick := time.NewTicker(s.Every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.fw.Done():
			return
		case <-tick.C:
			if !s.check(ctx, f, l) {
				return
			}
		}
	}
}

// check moves f to the Service's next Ready pod when its pod no longer
// serves, and says so; a pod target whose pod went stops (false).
func (s *Forwards) check(ctx context.Context, f *Forwarding, l ForwardLookup) bool {
	cur := f.fw.Stats().Pod
	if cur != "" && l.serves(f.Target.Namespace, cur) {
		return true
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	pods, err := l.candidates(ctx, f.Target)
	if err != nil {
		return true // asked again at the next tick; the pod in use stays
	}
	if f.Target.Service == "" {
		// A pod target keeps its pod while it exists (kubectl's does too);
		// it stops when the pod goes.
		if gone := model.ForwardPodGone(cur, pods); gone == "is not Ready" {
			return true
		}
		f.mu.Lock()
		f.stopped = "stopped: pod " + f.Target.Pod + " " + model.ForwardPodGone(f.Target.Pod, pods)
		f.mu.Unlock()
		f.say(s.now(), f.stopped)
		return false
	}
	next := model.ForwardPod(cur, pods)
	if next == cur {
		return true
	}
	f.fw.Retarget(next)
	switch {
	case next == "":
		f.say(s.now(), fmt.Sprintf("waiting: %s %s and no other pod behind Service %s is Ready; connections are closed until one is",
			cur, model.ForwardPodGone(cur, pods), f.Target.Service))
	case cur == "":
		f.say(s.now(), "re-targeted to "+next+": a pod behind Service "+f.Target.Service+" is Ready again")
	default:
		f.say(s.now(), fmt.Sprintf("re-targeted to %s: %s %s", next, cur, model.ForwardPodGone(cur, pods)))
	}
	return true
}

// List is every forward, oldest first (stopped ones too, until removed).
func (s *Forwards) List() []*Forwarding {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Forwarding(nil), s.list...)
}

// Stop ends forward id and drops it from the list; its port closes at
// once, its open connections soon after (Wait waits for them). Error: no
// such forward.
func (s *Forwards) Stop(id int) error {
	s.mu.Lock()
	var f *Forwarding
	for i, x := range s.list {
		if x.ID == id {
			f = x
			s.list = append(s.list[:i:i], s.list[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	if f == nil {
		return errors.New("no such port-forward")
	}
	f.mu.Lock()
	if f.stopped == "" {
		f.stopped = "stopped by you"
	}
	f.mu.Unlock()
	f.cancel()
	return nil
}

// Wait returns once every forward has stopped and released its port
// (after the set's context ended).
func (s *Forwards) Wait() { s.running.Wait() }
