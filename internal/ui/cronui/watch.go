package cronui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// jobBound is how long a triggered Job is followed: the blueprint's cron
// deadline is 30 minutes; past this the watch says it still runs.
const jobBound = 30 * time.Minute

// jobWatch reports how a triggered Job ended: complete (with how long it
// took) or failed (the Job condition's reason, its pod and exit code).
// It is armed only after the Job was created.
type jobWatch struct {
	ns, job string
	since   time.Time
}

func newJobWatch(ns, job string) *jobWatch { return &jobWatch{ns: ns, job: job} }

// Deadline lets the watch give up without a change.
func (w *jobWatch) Deadline() time.Duration { return jobBound }

// WatchKey: one watch per Job.
func (w *jobWatch) WatchKey() string { return "job/" + w.ns + "/" + w.job }

// Check looks the Job up in the store.
func (w *jobWatch) Check(c *common.Common, now time.Time) (tea.Cmd, bool) {
	if w.since.IsZero() {
		w.since = now
	}
	st := c.Conn.Store
	if st.L.Jobs == nil {
		return nil, true
	}
	j, err := st.L.Jobs.Jobs(w.ns).Get(w.job)
	if err == nil {
		o := st.Objects(w.ns)
		s := model.DeriveJob(j, o.Pods)
		switch s.State {
		case model.JobComplete:
			took := "—"
			if !s.Started.IsZero() {
				took = s.Finished.Sub(s.Started).Round(time.Second).String()
			}
			return common.Toast(fmt.Sprintf("job %s complete (ran %s)", w.job, took), false), true
		case model.JobFailed:
			return common.Toast("job "+w.job+" failed: "+failureWhy(s.Failure)+" (l on the cronjob: its log)", true), true
		}
	}
	if now.Sub(w.since) >= jobBound {
		return common.Toast(fmt.Sprintf("job %s has not finished after %s", w.job, jobBound), true), true
	}
	return nil, false
}
