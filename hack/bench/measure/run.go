package main

import (
	"context"
	"fmt"
	"syscall"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
)

// plan is what every program is measured with.
type plan struct {
	cs        kubernetes.Interface
	term      terminal
	size      benchdata.Size
	settle    time.Duration
	idle      time.Duration
	churnFor  time.Duration
	churnRate int
	churnPods []types.NamespacedName
	timeout   time.Duration
}

// firstScreenPoll is how often the pane is read while a program starts:
// the first full screen's resolution. Reading it costs a tmux client
// (~3 ms of CPU), so not much more often on a 2-core machine.
const firstScreenPoll = 50 * time.Millisecond

// measure runs one program in the terminal and measures it, one phase
// after the other; a failing phase ends the run with what was measured
// so far.
func (p plan) measure(a app) benchdata.Program {
	t := p.term
	t.name = a.name
	r := benchdata.Program{Name: a.name, Poll: firstScreenPoll.Seconds()}
	pid, started, err := t.start(a.env, a.argv)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	defer stop(t, pid)
	phases := []func(terminal, app, int, time.Time, *benchdata.Program) error{p.firstScreen, p.idleAndChurn, p.filter}
	for _, phase := range phases {
		if err := phase(t, a, pid, started, &r); err != nil {
			r.Err = err.Error()
			break
		}
	}
	return r
}

// firstScreen polls the pane until it is full: every pod (and for
// fdtui's sites screen every site) counted, fdtui saying connected. The
// keys that open the screen are typed as soon as the program draws.
func (p plan) firstScreen(t terminal, a app, pid int, started time.Time, r *benchdata.Program) error {
	opened := len(a.open) == 0
	for time.Since(started) < p.timeout {
		screen := t.screen()
		if !opened && a.drawn(screen) {
			for _, in := range a.open {
				if err := t.send(in); err != nil {
					return err
				}
			}
			opened = true
			continue
		}
		pods, sites, full := a.full(screen, p.size)
		r.ShownPods, r.ShownSites = pods, sites
		if opened && full {
			r.FirstScreen = time.Since(started).Seconds()
			return nil
		}
		if !alive(pid) {
			return fmt.Errorf("%s exited before its first full screen (%s); screen:\n%s", a.name, p.awaiting(a), t.screen())
		}
		time.Sleep(firstScreenPoll)
	}
	return fmt.Errorf("%s: no full screen (%s) within %s; screen:\n%s", a.name, p.awaiting(a), p.timeout, t.screen())
}

// awaiting is what a's full screen shows.
func (p plan) awaiting(a app) string {
	if a.awaiting != "" {
		return a.awaiting
	}
	return fmt.Sprintf("%d pods, %d sites", p.size.Pods, p.size.Sites)
}

// idleAndChurn measures CPU while nothing changes, then while the churn
// generator updates pods; memory after each.
func (p plan) idleAndChurn(_ terminal, _ app, pid int, _ time.Time, r *benchdata.Program) error {
	time.Sleep(p.settle)
	cpu := func(window time.Duration, during func(context.Context)) (float64, error) {
		before, err := cpuSeconds(pid)
		if err != nil {
			return 0, err
		}
		ctx, cancel := context.WithTimeout(context.Background(), window)
		defer cancel()
		during(ctx)
		<-ctx.Done()
		after, err := cpuSeconds(pid)
		return after - before, err
	}
	var err error
	if r.IdleCPU, err = cpu(p.idle, func(context.Context) {}); err != nil {
		return err
	}
	m, err := readMemory(pid)
	if err != nil {
		return err
	}
	r.RSS, r.RSSAnon, r.RSSFile = m.RSS, m.Anon, m.File
	if p.churnFor > 0 { // none for the fleet screen
		r.ChurnCPU, err = cpu(p.churnFor, func(ctx context.Context) {
			r.ChurnPatches = churn(ctx, p.cs, p.churnPods, p.churnRate)
		})
		if err != nil {
			return err
		}
	}
	m, err = readMemory(pid)
	r.Peak = m.Peak
	return err
}

// filter times the filter keystrokes on screens that have them. What
// fdtui's filter shows for each prefix is counted first, then the pane
// is left alone for a second.
func (p plan) filter(t terminal, a app, _ int, _ time.Time, r *benchdata.Program) error {
	if a.keys == nil {
		return nil
	}
	wants, err := filterWants(context.Background(), p.cs, p.size.FilterText)
	if err != nil {
		return err
	}
	time.Sleep(time.Second)
	var poll time.Duration
	r.Keys, poll, err = a.keys.time(t, p.size.FilterText, wants)
	r.KeyPoll, r.KeyMethod = poll.Seconds(), a.keys.method()
	return err
}

// stop ends the session (tmux sends SIGHUP) and makes sure the program is
// gone before the next one starts.
func stop(t terminal, pid int) {
	t.kill()
	for range 50 {
		if !alive(pid) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
}
