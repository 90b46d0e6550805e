package cronui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// Section is the site screen's CRONJOBS block: one line per CronJob,
// kubectl get cronjobs' columns plus LAST SUCCESS and LAST FAILURE; a
// CronJob whose newest run failed is red.
func (f *Feature) Section() pages.SiteSection { return pages.SiteSection{Text: f.section} }

func (f *Feature) section(ns string, width int) string {
	if f.c.Conn == nil {
		return ""
	}
	st := f.c.Styles
	crons := f.cronJobs(ns)
	if len(crons) == 0 {
		if f.forbidden() {
			return fit(" "+st.Section.Render("CronJobs")+st.Paint(styles.Dim, "  not shown: RBAC does not let you list cronjobs.batch and jobs.batch"), width)
		}
		return ""
	}
	rows := [][]string{{"NAME", "SCHEDULE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "LAST SUCCESS", "LAST FAILURE"}}
	now := f.c.Now()
	for _, c := range crons {
		rows = append(rows, Cells(c, now))
	}
	widths := colWidths(rows)
	var b strings.Builder
	hint := "  (J: trigger, suspend, logs, jobs)"
	if f.c.Options.ReadOnly {
		hint = "  (J: logs, jobs)"
	}
	b.WriteString(" " + st.Section.Render("CronJobs") + st.Paint(styles.Dim, hint) + "\n")
	for i, r := range rows {
		line := "   " + pad(r, widths)
		tone := styles.Normal
		switch {
		case i == 0:
			tone = styles.Dim
		case crons[i-1].Failing:
			tone = styles.Bad
		case crons[i-1].Suspended:
			tone = styles.Warn
		}
		b.WriteString(st.Paint(tone, fit(line, width)) + "\n")
	}
	return b.String()
}

// Cells are a CronJob's columns: NAME, SCHEDULE (with its time zone),
// SUSPEND (True/False, kubectl's), ACTIVE (Jobs running now), LAST
// SCHEDULE, LAST SUCCESS (ages; — never), LAST FAILURE.
func Cells(c model.CronJobStatus, now time.Time) []string {
	sched := c.Schedule
	if c.TimeZone != "" {
		sched += " " + c.TimeZone
	}
	return []string{c.Name, sched, suspendWord(c.Suspended), fmt.Sprint(len(c.Active)),
		age(c.LastSchedule, now), age(c.LastSuccess, now), FailureText(c.LastFailure, now)}
}

// FailureText is the newest failed Job in a few words, its age first:
// "4m BackoffLimitExceeded, pod drupal-cron-29417520-q9z4d exit 1
// (Error)" (the pod's name holds its Job's), "31m DeadlineExceeded, job
// drupal-cron-29417490 (no pod left)"; "—" when none.
func FailureText(fl *model.JobFailure, now time.Time) string {
	if fl == nil {
		return "—"
	}
	return age(fl.At, now) + " " + failureWhy(fl)
}

// failureWhy is the Job condition's reason and the failed pod.
func failureWhy(fl *model.JobFailure) string {
	text := fl.Reason
	switch {
	case fl.Pod != "" && fl.Container != "":
		text += fmt.Sprintf(", pod %s exit %d", fl.Pod, fl.Exit)
		if fl.ExitReason != "" {
			text += " (" + fl.ExitReason + ")"
		}
	case fl.Pod != "":
		text += ", pod " + fl.Pod
	default:
		text += ", job " + fl.Job + " (no pod left)"
	}
	return text
}

func age(t, now time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return model.FormatAge(now.Sub(t))
}

// forbidden: RBAC kept CronJobs or Jobs from being watched.
func (f *Feature) forbidden() bool {
	h := f.c.Conn.Cluster.Health()
	return slices.Contains(h.Forbidden, kube.KindCronJob) || slices.Contains(h.Forbidden, kube.KindJob)
}

func colWidths(rows [][]string) []int {
	w := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			w[i] = max(w[i], ansi.StringWidth(c))
		}
	}
	return w
}

func pad(r []string, widths []int) string {
	var b strings.Builder
	for i, c := range r {
		if i == len(r)-1 {
			b.WriteString(c)
			break
		}
		b.WriteString(c + strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
	}
	return b.String()
}

func fit(s string, width int) string {
	if width <= 0 {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// suspendWord is kubectl's SUSPEND column.
func suspendWord(s bool) string {
	if s {
		return "True"
	}
	return "False"
}
