package watch

import (
	"fmt"
	"strconv"
	"strings"
)

// Notification is an incident with what a human needs to act on it: the
// plain-words cause from internal/model's diagnosis, the failing pod and
// its last log lines (redacted), and the fix as a command.
type Notification struct {
	Incident
	Summary  string   // one line: "www.example.com on prod: rollout of revision 7 stuck"
	Evidence []string // the diagnosis' evidence lines
	Hint     string   // the diagnosis' hint
	Serving  string   // "2 old pods still serve traffic, so the site is up"
	Fix      string   // "fdtui rollback --context prod www-example-com"
	Pod      string   // the failing pod ("" when none)
	Logs     []string // its last log lines, redacted
}

// fixCommand is the fdtui command that rolls the site back (the TUI's
// u key, the same action).
func fixCommand(cluster, ns string) string {
	return fmt.Sprintf("fdtui rollback --context %s %s", shellWord(cluster), shellWord(ns))
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Title is the one-line headline (ntfy's Title, Slack's first line).
func (n Notification) Title() string {
	if n.Status == StatusResolved {
		return fmt.Sprintf("RESOLVED %s on %s: %s", n.Site, n.Cluster, n.Resolution)
	}
	return fmt.Sprintf("STUCK %s on %s: revision %d", n.Site, n.Cluster, n.Revision)
}

// Text is the plain-text message: what, why, the failing pod and its
// last lines, and the fix.
func (n Notification) Text() string {
	var b strings.Builder
	if n.Status == StatusResolved {
		fmt.Fprintf(&b, "Site %s (namespace %s) on cluster %s: the stuck rollout of revision %d is over: %s.\n",
			n.Site, n.Namespace, n.Cluster, n.Revision, n.Resolution)
		return b.String()
	}
	fmt.Fprintf(&b, "Site %s (namespace %s) on cluster %s: %s\n", n.Site, n.Namespace, n.Cluster, n.Summary)
	fmt.Fprintf(&b, "Cause: %s\n", n.Cause)
	for _, e := range n.Evidence {
		fmt.Fprintf(&b, "  - %s\n", e)
	}
	if n.Serving != "" {
		fmt.Fprintf(&b, "%s\n", n.Serving)
	}
	if n.Pod != "" {
		fmt.Fprintf(&b, "Failing pod: %s\n", n.Pod)
		if len(n.Logs) > 0 {
			fmt.Fprintf(&b, "Last %d log lines:\n", len(n.Logs))
			for _, l := range n.Logs {
				fmt.Fprintf(&b, "  | %s\n", l)
			}
		}
	}
	if n.Hint != "" {
		fmt.Fprintf(&b, "Hint: %s\n", n.Hint)
	}
	fmt.Fprintf(&b, "Fix: %s\n", n.Fix)
	return b.String()
}

// labels are the Alertmanager labels of the incident.
func (n Notification) labels() map[string]string {
	return map[string]string{
		"alertname": "FdtuiRolloutStuck", "severity": "page",
		"cluster": n.Cluster, "site": n.Site, "namespace": n.Namespace, "deployment": "web",
		"revision": strconv.FormatInt(n.Revision, 10),
	}
}

// annotations are the Alertmanager annotations of the incident.
func (n Notification) annotations() map[string]string {
	a := map[string]string{"summary": n.Summary, "cause": n.Cause, "fix": n.Fix}
	if n.Status == StatusResolved {
		a["summary"] = n.Title()
		a["resolution"] = n.Resolution
	}
	if n.Pod != "" {
		a["pod"] = n.Pod
	}
	if len(n.Logs) > 0 {
		a["logs"] = strings.Join(n.Logs, "\n")
	}
	if n.Hint != "" {
		a["hint"] = n.Hint
	}
	return a
}
