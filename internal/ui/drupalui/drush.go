package drupalui

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// drushRun is one drush command in one pod: its output as it comes, then
// its result. The feature keeps it for the session; a run page shows it.
type drushRun struct {
	ns, pod string
	// where is the pod's revision; Previous when the newest had no Ready
	// pod and drush ran on the older one that serves.
	where   model.DrushTarget
	args    []string
	started time.Time
	out     *kube.LogBuffer

	mu     sync.Mutex
	done   bool
	result actions.DrushResult
}

// Line is "drush updatedb -y".
func (r *drushRun) Line() string { return "drush " + strings.Join(r.args, " ") }

// Result is the run's end, and whether it ended.
func (r *drushRun) Result() (actions.DrushResult, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.result, r.done
}

func (r *drushRun) finish(res actions.DrushResult) {
	r.mu.Lock()
	r.result, r.done = res, true
	r.mu.Unlock()
}

// drushDoneMsg says a run ended (to the page that shows it, if open).
type drushDoneMsg struct{ run *drushRun }

// drush opens the palette on site ns.
func (f *Feature) drush(ns string) common.Plan {
	return common.Plan{Open: common.Push(newPalette(f, ns))}
}

// confirmOrStart asks first when the command changes the site, then
// starts it.
func (f *Feature) confirmOrStart(ns string, args []string, confirm bool, why string) tea.Cmd {
	start := f.startCmd(ns, args)
	if !confirm {
		return start
	}
	where := "no Ready web pod: it will be refused"
	if t := f.webPods(ns).Drush; t.Pod != "" {
		where = "runs in pod " + t.Where(actions.WebContainer)
	}
	lines := []string{"drush " + strings.Join(args, " ") + ": " + why, where}
	return common.Push(pages.NewPrompt(f.c, common.Prompt{Title: "Run drush " + strings.Join(args, " ") + " in " + ns, Lines: lines}, start))
}

// startCmd picks the pod when the run starts (model.DrushTarget: the
// newest revision's first Ready web pod, else the serving older
// revision's), then opens the run's page; the run itself is the
// connection's (leaving the page does not stop drush).
func (f *Feature) startCmd(ns string, args []string) tea.Cmd {
	return common.PushBuilt(func() common.Page {
		target := f.webPods(ns).Drush
		run := &drushRun{ns: ns, args: args, started: f.c.Now(), out: kube.NewLogBuffer(max(f.c.Options.LogLines, 100)), where: target}
		p := newRunPage(f, run)
		if target.Pod == "" {
			run.finish(actions.DrushResult{ExitCode: -1, Err: fmt.Errorf("no Ready web pod in %s", ns)})
			return p
		}
		run.pod = target.Pod
		f.keep(run)
		p.runCmd = f.exec(run)
		return p
	})
}

// exec runs drush, its output into the run's buffer; the reply goes to
// whichever page asks (the run page wraps it).
func (f *Feature) exec(run *drushRun) tea.Cmd {
	ctx, do := f.connCtx(), f.run()
	return func() tea.Msg {
		pr, pw := io.Pipe()
		copied := make(chan struct{})
		go func() {
			_, _ = run.out.ReadFrom(pr)
			close(copied)
		}()
		res := actions.RunDrush(ctx, do, run.ns, run.pod, run.args, pw, pw, time.Now)
		_ = pw.Close()
		<-copied
		run.finish(res)
		return drushDoneMsg{run: run}
	}
}

// keep adds run to its site's history, dropping the oldest past keepRuns.
func (f *Feature) keep(run *drushRun) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := f.siteKey(run.ns)
	if len(run.args) > 0 && run.args[0] == "deploy" {
		delete(f.due, k)
	}
	runs := append(f.runs[k], run)
	if len(runs) > keepRuns {
		runs = runs[len(runs)-keepRuns:]
	}
	f.runs[k] = runs
}

// history is site ns's runs, newest first.
func (f *Feature) history(ns string) []*drushRun {
	f.mu.Lock()
	defer f.mu.Unlock()
	runs := f.runs[f.siteKey(ns)]
	out := make([]*drushRun, 0, len(runs))
	for i := len(runs) - 1; i >= 0; i-- {
		out = append(out, runs[i])
	}
	return out
}

// OfferDeploy is called once when new code rolled out on site ns (a
// rollback or a new image): drush deploy becomes due there, the palette
// says so with deploy under the cursor, and the report of the rollout
// says which key runs it. Starting a drush deploy there settles it.
// Read-only mode offers nothing.
func (f *Feature) OfferDeploy(ns string) string {
	if f.c.Options.ReadOnly || f.c.Conn == nil {
		return ""
	}
	f.mu.Lock()
	f.due[f.siteKey(ns)] = true
	f.mu.Unlock()
	return f.keys.Drush.Help().Key + " offers drush deploy"
}

// deployDue reports whether new code rolled out on ns since the last
// drush deploy started here.
func (f *Feature) deployDue(ns string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.due[f.siteKey(ns)]
}
