package main

import (
	"context"
	"fmt"
	"syscall"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// plan is what every app is measured with.
type plan struct {
	cs         kubernetes.Interface
	term       terminal
	want       int // pods the first full screen must count (all bench pods)
	settle     time.Duration
	idle       time.Duration
	churnFor   time.Duration
	churnRate  int
	churnPods  []types.NamespacedName
	filterText string
	filterWant int // pods whose namespace contains filterText
	timeout    time.Duration
}

// result is one app's measurements; a zero value means "not measured".
type result struct {
	FirstScreen         time.Duration
	Shown               int
	IdleCPU, ChurnCPU   float64 // seconds
	ChurnPatches        int
	Steady, AfterChurn  memory
	Filter, FilterStep  time.Duration
	FilterFrom, Matched int
	Err                 error
}

// measure runs one app in the terminal and measures it, one phase after
// the other; a failing phase ends the run with what was measured so far.
func (p plan) measure(a app) result {
	t := p.term
	t.name = a.name
	pid, started, err := t.start(a.env, a.argv)
	if err != nil {
		return result{Err: err}
	}
	defer stop(t, pid)
	var r result
	phases := []func(app, int, time.Time, *result) error{p.firstScreen, p.idleAndChurn, p.filter}
	for _, phase := range phases {
		if r.Err = phase(a, pid, started, &r); r.Err != nil {
			break
		}
	}
	return r
}

// firstScreen polls the pane every 50 ms until it shows every pod.
func (p plan) firstScreen(a app, pid int, started time.Time, r *result) error {
	for time.Since(started) < p.timeout {
		if n, ok := a.count(p.term.named(a).screen()); ok && n >= p.want {
			r.FirstScreen, r.Shown = time.Since(started), n
			return nil
		}
		if !alive(pid) {
			return fmt.Errorf("%s exited before showing %d pods", a.name, p.want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s did not show %d pods within %s; screen:\n%s", a.name, p.want, p.timeout, p.term.named(a).screen())
}

// idleAndChurn measures CPU while nothing changes, then while the churn
// generator updates pods; memory after each.
func (p plan) idleAndChurn(a app, pid int, _ time.Time, r *result) error {
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
	if r.Steady, err = readMemory(pid); err != nil {
		return err
	}
	r.ChurnCPU, err = cpu(p.churnFor, func(ctx context.Context) {
		r.ChurnPatches = churn(ctx, p.cs, p.churnPods, p.churnRate)
	})
	if err != nil {
		return err
	}
	r.AfterChurn, err = readMemory(pid)
	return err
}

// filter opens the pods list, types the filter text at once and times
// until the shown count is the filtered one (the pods of the namespace
// typed). Both programs filter as you type; k9s echoes the text at once
// but filters later, so the count, not any change of the pane, marks the
// filtered frame.
func (p plan) filter(a app, _ int, _ time.Time, r *result) error {
	t := p.term.named(a)
	for _, in := range a.openPods {
		if err := t.send(in); err != nil {
			return err
		}
	}
	if err := p.waitFor(t, a, func(s string) bool { n, ok := a.count(s); return a.onPods(s) && ok && n >= p.want }); err != nil {
		return err
	}
	if err := t.keys("/"); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	r.FilterFrom, _ = a.count(t.screen())
	start := time.Now()
	if err := t.typeText(p.filterText); err != nil {
		return err
	}
	r.Filter, r.Matched, r.FilterStep = settle(t, a, start, p.filterWant, 30*time.Second)
	return nil
}

// settle samples the shown count as fast as tmux allows until it equals
// want. It returns when that happened (0 if it did not within limit), the
// last count seen, and the mean time between samples: the resolution.
func settle(t terminal, a app, start time.Time, want int, limit time.Duration) (time.Duration, int, time.Duration) {
	last, samples := -1, 0
	for time.Since(start) < limit {
		n, ok := a.count(t.screen())
		samples++
		if ok {
			last = n
		}
		if ok && n == want {
			took := time.Since(start)
			return took, n, took / time.Duration(samples)
		}
	}
	return 0, last, limit / time.Duration(max(samples, 1))
}

func (p plan) waitFor(t terminal, a app, cond func(string) bool) error {
	end := time.Now().Add(p.timeout)
	for time.Now().Before(end) {
		if cond(t.screen()) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s: timed out; screen:\n%s", a.name, t.screen())
}

func (t terminal) named(a app) terminal { t.name = a.name; return t }

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
