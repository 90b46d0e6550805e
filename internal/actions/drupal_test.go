package actions

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	utilexec "k8s.io/client-go/util/exec"

	"github.com/flightdeck/fdtui/internal/kube"
)

func TestParseDrush(t *testing.T) {
	cases := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"cr", []string{"cr"}, ""},
		{"drush  updatedb -y", []string{"updatedb", "-y"}, ""},
		{`sql:query "SELECT 1 FROM node"`, []string{"sql:query", "SELECT 1 FROM node"}, ""},
		{`php:eval 'echo "hi";'`, []string{"php:eval", `echo "hi";`}, ""},
		{"", nil, "no drush command"},
		{"drush", nil, "no drush command"},
		{`sql:query "SELECT`, nil, "unclosed"},
	}
	for _, c := range cases {
		got, err := ParseDrush(c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("ParseDrush(%q) err = %v, want %q", c.in, err, c.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseDrush(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestBanCommand(t *testing.T) {
	for in, want := range map[string]string{"": ".", ".": ".", "^/node/[0-9]+$": "^/node/[0-9]+$"} {
		got, err := BanCommand(in)
		if err != nil || got[len(got)-1] != want || strings.Join(got[:4], " ") != "varnishadm ban req.url ~" {
			t.Errorf("BanCommand(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"/a b", `"x"`, `a\b`} {
		if _, err := BanCommand(bad); err == nil {
			t.Errorf("BanCommand(%q) accepted", bad)
		}
	}
}

// fakeRun answers per pod: an error (or nil) and what the command says.
func fakeRun(answers map[string]error, said string) Run {
	return func(_ context.Context, req kube.ExecRequest) error {
		if req.Stderr != nil {
			_, _ = io.WriteString(req.Stderr, said)
		}
		return answers[req.Pod]
	}
}

func TestPurgeVarnish(t *testing.T) {
	down := utilexec.CodeExitError{Err: errors.New("command terminated with non-zero exit code: 2"), Code: 2}
	run := fakeRun(map[string]error{"web-b": down}, "")
	res, err := PurgeVarnish(context.Background(), run, "s", []string{"web-a", "web-b", "web-c"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Purged() != 2 || res.Pods[1].Pod != "web-b" || res.Pods[1].Err == nil {
		t.Fatalf("result %+v, want web-b failed, 2 purged", res)
	}
	if got := res.Summary(); got != "varnish purged on 2/3 web pods (req.url ~ .): 1 failed, their caches still serve old pages" {
		t.Errorf("Summary = %q", got)
	}
	if got := res.Err(); got == nil || got.Error() != "2/3 web pods purged; not purged: web-b" {
		t.Errorf("Err = %v", got)
	}
	all, _ := PurgeVarnish(context.Background(), fakeRun(nil, ""), "s", []string{"web-a"}, "^/news")
	if all.Err() != nil || all.Summary() != "varnish purged on 1/1 web pods (req.url ~ ^/news)" {
		t.Errorf("full purge: %q, %v", all.Summary(), all.Err())
	}
	if _, err := PurgeVarnish(context.Background(), run, "s", nil, ""); err == nil {
		t.Error("no pods: want an error")
	}
}

func TestRunDrush(t *testing.T) {
	clock := time.Unix(0, 0)
	now := func() time.Time { clock = clock.Add(1500 * time.Millisecond); return clock }
	kwokExit := errors.New("error executing command in container: cmd wait: drush updatedb -y: exit status 1")
	cases := []struct {
		name string
		err  error
		want string
		ok   bool
	}{
		{"success", nil, "exit 0 in 1.5s", true},
		{"exit code", kwokExit, "exit 1 in 1.5s", false},
		{"no exec", errors.New(`pods "web-a" is forbidden`), `failed after 1.5s: pods "web-a" is forbidden`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := RunDrush(context.Background(), fakeRun(map[string]error{"web-a": c.err}, "x"), "s", "web-a", []string{"cr"}, io.Discard, io.Discard, now)
			if res.Summary() != c.want || res.OK() != c.ok {
				t.Errorf("result %q ok=%v, want %q ok=%v", res.Summary(), res.OK(), c.want, c.ok)
			}
		})
	}
}

func TestPickShell(t *testing.T) {
	notFound := errors.New(`cmd start: bash : exec: "bash": executable file not found in $PATH`)
	forbidden := errors.New(`pods "p" is forbidden`)
	for _, c := range []struct {
		err     error
		want    string
		wantErr bool
	}{{nil, "bash", false}, {notFound, "sh", false}, {utilexec.CodeExitError{Err: errors.New("x"), Code: 127}, "sh", false}, {forbidden, "", true}} {
		got, err := PickShell(context.Background(), fakeRun(map[string]error{"p": c.err}, ""), "s", "p", "web")
		if got != c.want || (err != nil) != c.wantErr {
			t.Errorf("PickShell with %v = %q, %v; want %q", c.err, got, err, c.want)
		}
	}
}
