package cloudui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

func diag(check, severity, ns, kind, name string, owners ...string) do.Diagnostic {
	return do.Diagnostic{Check: check, Severity: severity, Message: check + " message", Kind: kind, Name: name, Namespace: ns, Owners: owners}
}

// Findings group by site namespace; other namespaces and cluster-scoped
// objects go to "cluster", last; a Deployment's replicas are one finding
// with their count; errors come first in a group.
func TestGroupLintBySite(t *testing.T) {
	diags := []do.Diagnostic{
		diag("dobs-pod-owner", "warning", "www-example-com", "pod", "web-a", "ReplicaSet/web-1"),
		diag("unused-pv", "warning", "", "persistent volume", "pvc-old"),
		diag("dobs-pod-owner", "warning", "www-example-com", "pod", "web-b", "ReplicaSet/web-1"),
		diag("latest-tag", "warning", "ingress-nginx", "pod", "controller-x", "ReplicaSet/controller"),
		diag("node-name-pod-selector", "error", "www-example-com", "pod", "mysql-0", "StatefulSet/mysql"),
		diag("resource-requirements", "suggestion", "blog-kittens-io", "pod", "cron-1"),
		diag("resource-requirements", "suggestion", "blog-kittens-io", "pod", "cron-2"),
	}
	sites := map[string]bool{"www-example-com": true, "blog-kittens-io": true}
	groups := GroupLint(diags, func(ns string) bool { return sites[ns] })
	var names []string
	for _, g := range groups {
		names = append(names, g.Name)
	}
	if got := strings.Join(names, " "); got != "blog-kittens-io www-example-com cluster" {
		t.Fatalf("groups = %s", got)
	}
	if blog := groups[0].Findings; len(blog) != 2 || blog[0].Count != 1 {
		t.Errorf("findings without owners stay apart: %+v", blog)
	}
	www := groups[1].Findings
	if len(www) != 2 || www[0].Check != "node-name-pod-selector" || www[1].Check != "dobs-pod-owner" || www[1].Count != 2 {
		t.Errorf("www-example-com = %+v", www)
	}
	if got := FindingText(www[1]); got != "dobs-pod-owner  pod web-a (ReplicaSet/web-1, 2 pods): dobs-pod-owner message" {
		t.Errorf("text = %q", got)
	}
	if cl := groups[2].Findings; len(cl) != 2 {
		t.Errorf("cluster = %+v", cl)
	}
	// Sites unknown: every namespace is its own group; cluster-scoped
	// objects still go to "cluster".
	names = nil
	for _, g := range GroupLint(diags, nil) {
		names = append(names, g.Name)
	}
	if got := strings.Join(names, " "); got != "blog-kittens-io ingress-nginx www-example-com cluster" {
		t.Errorf("without sites: %s", got)
	}
	if g := LintGroupOf(groups, "news-daily-gazette-com"); len(g.Findings) != 0 {
		t.Errorf("a namespace without findings: %+v", g)
	}
}

func TestLintSummaryUsesDOSeverities(t *testing.T) {
	for want, diags := range map[string][]do.Diagnostic{
		"no findings":                                 nil,
		"1 error, 2 warnings, 0 suggestions":          {{Severity: "error"}, {Severity: "warning"}, {Severity: "warning"}},
		"0 errors, 0 warnings, 1 suggestion":          {{Severity: "suggestion"}},
		"0 errors, 1 warning, 0 suggestions, 1 other": {{Severity: "warning"}, {Severity: "info"}},
	} {
		if got := LintSummary(diags); got != want {
			t.Errorf("LintSummary = %q, want %q", got, want)
		}
	}
}

// lintAPI answers one pending poll, then the findings.
type lintAPI struct {
	do.API
	mu    sync.Mutex
	polls int
	diags []do.Diagnostic
}

func (a *lintAPI) RunLint(context.Context, string) (string, error) { return "run-1", nil }
func (a *lintAPI) LintResults(_ context.Context, _, runID string) ([]do.Diagnostic, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.polls++
	if a.polls == 1 {
		return nil, do.ErrLintPending
	}
	return a.diags, nil
}

// A cluster the wizard created is linted once the app connects to it: the
// result is kept for its site screens and summed up in a toast.
func TestLintAfterCreateKeepsTheReport(t *testing.T) {
	api := &lintAPI{diags: []do.Diagnostic{diag("dobs-pod-owner", "warning", "www-example-com", "pod", "web-a", "ReplicaSet/web-1")}}
	f := New(&common.Common{}, Config{DO: api, LintPoll: 10 * time.Millisecond})
	defer f.Close()
	f.s.updateCluster(do.Cluster{ID: "id-1", Name: "fd-new", Region: "ams3"})
	conn := common.NewConn(1, "do-ams3-fd-new", "https://127.0.0.1:1", "v1.36.3", &kube.Cluster{})
	cmd := f.lintAfterCreate(conn)
	if cmd == nil {
		t.Fatal("no lint for the created cluster")
	}
	msg, ok := cmd().(common.ToastMsg)
	if !ok || msg.Error || msg.Text != "clusterlint on fd-new: 0 errors, 1 warning, 0 suggestions (l on :clusters lists them)" {
		t.Errorf("toast = %+v", msg)
	}
	if r, ok := f.s.lint.get("do-ams3-fd-new"); !ok || len(r.diags) != 1 || r.cluster != "fd-new" {
		t.Errorf("report = %+v, %v", r, ok)
	}
	if f.lintAfterCreate(common.NewConn(2, "do-ams3-unknown", "", "", &kube.Cluster{})) != nil {
		t.Error("a context of no account cluster was linted")
	}
}

// A report longer than the screen scrolls, and says where it is.
func TestLintPageScrolls(t *testing.T) {
	c := &common.Common{Styles: styles.Default(true)}
	p := newLintPage(c, newService(Config{}), do.Cluster{Name: "big", Region: "ams3", Version: "1.36.3-do.0"})
	var diags []do.Diagnostic
	for i := range 30 {
		diags = append(diags, diag("unused-pv", "warning", "", "persistent volume", fmt.Sprintf("pv-%02d", i)))
	}
	p.SetSize(120, 10)
	p.Update(lintDoneMsg{p: p, diags: diags})
	view := p.View()
	if n := strings.Count(view, "\n") + 1; n != 10 || !strings.Contains(view, "lines 1–9 of 35") {
		t.Fatalf("%d lines:\n%s", n, view)
	}
	p.Update(tea.KeyPressMsg{Code: 'G', Text: "G"})
	if view := p.View(); !strings.Contains(view, "pv-29") || !strings.Contains(view, "lines 27–35 of 35") {
		t.Errorf("after G:\n%s", view)
	}
}
