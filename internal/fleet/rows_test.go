package fleet

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/flightdeck/fdtui/internal/model"
)

func site(domain string, state model.SiteState, serving bool) model.Site {
	return model.Site{Domain: domain, Namespace: strings.ReplaceAll(domain, ".", "-"), State: state, Serving: serving}
}

func rowNames(rows []Row) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		if r.Site == nil {
			out = append(out, r.Cluster+":"+r.State)
			continue
		}
		out = append(out, r.Cluster+"/"+r.Site.Domain)
	}
	return out
}

func TestRowsOrder(t *testing.T) {
	s := Snapshot{Clusters: []Cluster{
		{Name: "a", State: StateConnected, Sites: []model.Site{
			site("ok.a", model.SiteOK, true), site("rolling.a", model.SiteRolling, true), site("stuck.a", model.SiteStuck, true),
		}},
		{Name: "b", State: StateConnecting},
		{Name: "c", State: StateConnected, Sites: []model.Site{
			site("down.c", model.SiteDown, false), site("degraded.c", model.SiteDegraded, true), site("ok.a", model.SiteOK, true),
		}},
		{Name: "d", State: StateUnreachable, Why: "dial tcp: connection refused", Sites: []model.Site{site("kept.d", model.SiteOK, true)}},
		{Name: "e", State: StateUnauthorized},
	}}
	got := strings.Join(rowNames(Rows(s, nil)), " ")
	// Clusters that cannot be read first (a whole cluster may be down),
	// then connecting; sites by severity, then domain, then cluster; a
	// cluster not connected shows none of its last sites.
	want := "d:unreachable e:unauthorized b:connecting c/down.c a/stuck.a c/degraded.c a/rolling.a a/ok.a c/ok.a"
	if got != want {
		t.Errorf("rows\n got %s\nwant %s", got, want)
	}
	keep := func(r Row) bool { return r.Site == nil || strings.HasPrefix(r.Site.Domain, "ok") }
	if got, want := strings.Join(rowNames(Rows(s, keep)), " "), "d:unreachable e:unauthorized b:connecting a/ok.a c/ok.a"; got != want {
		t.Errorf("filtered rows\n got %s\nwant %s", got, want)
	}
	tot := Total(s)
	if tot != (Totals{Clusters: 5, Connected: 2, Sites: 6, Stuck: 1, Down: 1}) {
		t.Errorf("totals %+v", tot)
	}
}

func TestChoose(t *testing.T) {
	all := []string{"dev", "prod-1", "prod-2"}
	cases := []struct {
		name    string
		cli     []string
		file    File
		want    string
		do      bool
		wantErr string
	}{
		{name: "nothing named: every context and every account cluster", want: "dev prod-1 prod-2", do: true},
		{name: "--context several", cli: []string{"prod-2", "prod-1", "prod-2"}, want: "prod-2 prod-1"},
		{name: "--context beats the file", cli: []string{"dev"}, file: File{Contexts: []string{"prod-1"}}, want: "dev"},
		{name: "file contexts only", file: File{Contexts: []string{"prod-1"}}, want: "prod-1"},
		{name: "file tags only", file: File{DigitalOcean: &DOFleet{Tags: []string{"x"}}}, want: "", do: true},
		{name: "unknown context", cli: []string{"prod-3"}, wantErr: `--context: "prod-3" is not a context of the kubeconfig (contexts: dev, prod-1, prod-2)`},
		{name: "unknown context in the file", file: File{Path: "/f.yaml", Contexts: []string{"nope"}}, wantErr: `fleet file /f.yaml: contexts: "nope" is not a context`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sel, err := Choose(all, c.cli, c.file)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(sel.Contexts, " "); got != c.want || sel.DO != c.do {
				t.Errorf("contexts %q DO %v, want %q DO %v", got, sel.DO, c.want, c.do)
			}
		})
	}
	sel := Selection{DO: true, Tags: []string{"agency-prod"}}
	if !sel.Wants([]string{"k8s", "agency-prod"}) || sel.Wants([]string{"k8s"}) || (Selection{}).Wants(nil) || !(Selection{DO: true}).Wants(nil) {
		t.Error("Wants: tags select account clusters; none selects all; no DO selects none")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f, found, err := Load(filepath.Join(dir, "missing.yaml"))
	if err != nil || found || f.Path != "" {
		t.Fatalf("a missing file is no fleet: %+v %v %v", f, found, err)
	}
	f, found, err = Load(write("ok.yaml", "contexts: [a, b]\ndigitalocean:\n  tags: [prod]\nconnectLimit: 2\nconnectTimeout: 45s\n"))
	if err != nil || !found || len(f.Contexts) != 2 || f.DigitalOcean.Tags[0] != "prod" || f.ConnectLimit != 2 || f.ConnectTimeout.Duration.Seconds() != 45 {
		t.Fatalf("%+v %v %v", f, found, err)
	}
	for body, want := range map[string]string{
		"context: [a]\n":            `unknown field "context"`,
		"contexts: a\n":             "contexts: want a list, e.g. [a, b], got a string",
		"connectTimeout: 30\n":      "connectTimeout: want a string (a duration is written like 30s), got a number",
		"connectTimeout: soon\n":    "invalid duration",
		"connectTimeout: 10ms\n":    "too short",
		"connectLimit: -1\n":        "connectLimit must be 1 or more",
		"digitalocean: {tag: x}\n":  `unknown field "tag"`,
		"contexts: [a]\n\tbad: 1\n": "fleet file",
	} {
		p := write(fmt.Sprintf("bad-%d.yaml", len(body)), body)
		if _, _, err := Load(p); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), p) && !strings.Contains(err.Error(), "fleet file") {
			t.Errorf("%q: error %v, want one naming the file and %q", body, err, want)
		}
	}
}

func TestClassify(t *testing.T) {
	gr := schema.GroupResource{Resource: "pods"}
	for _, c := range []struct {
		err   error
		state string
	}{
		{apierrors.NewUnauthorized("Unauthorized"), StateUnauthorized},
		{fmt.Errorf("connect: %w", apierrors.NewUnauthorized("Unauthorized")), StateUnauthorized},
		{apierrors.NewForbidden(gr, "", errors.New("no")), StateForbidden},
		{errors.New("dial tcp 127.0.0.1:1: connect: connection refused"), StateUnreachable},
	} {
		if got, _ := Classify(c.err); got != c.state {
			t.Errorf("%v: %s, want %s", c.err, got, c.state)
		}
	}
}
