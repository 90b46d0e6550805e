package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"sigs.k8s.io/yaml"

	"github.com/flightdeck/fdtui/internal/cli"
)

// The sites table and document of the demo world: the TUI's columns and
// ranking (stuck first), exit 3 because two sites are STUCK.
func TestSitesGolden(t *testing.T) {
	for _, tc := range []struct{ name, format string }{{"table", "table"}, {"json", "json"}, {"yaml", "yaml"}} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, "sites", "-o", tc.format)
			r.wantCode(t, cli.ExitProblem)
			if r.err != "" {
				t.Errorf("stderr: %q", r.err)
			}
			golden.RequireEqual(t, []byte(r.out))
		})
	}
}

// The order is the TUI sites screen's: its golden is the reference.
func TestSitesRankLikeTheTUI(t *testing.T) {
	screen, err := os.ReadFile(filepath.Join("..", "ui", "testdata", "TestGoldenScreens", "sites.golden"))
	if err != nil {
		t.Fatal(err)
	}
	var tui []string
	for _, l := range strings.Split(string(screen), "\n") {
		if f := strings.Fields(l); len(f) > 0 && strings.Contains(f[0], ".") {
			tui = append(tui, f[0])
		}
	}
	var doc cli.Document[cli.SiteItem]
	if err := json.Unmarshal([]byte(run(t, "sites", "-o", "json").out), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range doc.Items {
		got = append(got, s.Site)
	}
	if strings.Join(got, " ") != strings.Join(tui, " ") {
		t.Errorf("sites order %v, the TUI's %v", got, tui)
	}
}

// Every document is {apiVersion: fdtui/v1, kind, items}, in JSON and YAML.
func TestDocumentsAreVersioned(t *testing.T) {
	for _, args := range [][]string{
		{"sites"}, {"diagnose", "shop.acme.org"}, {"version"},
	} {
		for _, format := range []string{"json", "yaml"} {
			r := run(t, append(args, "-o", format)...)
			var doc map[string]any
			var err error
			if format == "json" {
				err = json.Unmarshal([]byte(r.out), &doc)
			} else {
				err = yaml.Unmarshal([]byte(r.out), &doc)
			}
			if err != nil {
				t.Fatalf("%v -o %s: %v\n%s", args, format, err, r.out)
			}
			items, ok := doc["items"].([]any)
			if doc["apiVersion"] != cli.APIVersion || doc["kind"] == "" || !ok || len(items) == 0 {
				t.Errorf("%v -o %s: apiVersion %v kind %v items %v", args, format, doc["apiVersion"], doc["kind"], doc["items"])
			}
		}
	}
}

// diagnose of the site stuck on a broken image names the image-pull
// cause, the evidence and the rollback, and exits 3; of the crash-looping
// one, the crash and where its log is; of a healthy site, exit 0.
func TestDiagnoseGolden(t *testing.T) {
	for _, tc := range []struct {
		name, site, format string
		code               int
	}{
		{"imagepull", "shop.acme.org", "table", cli.ExitProblem},
		{"imagepull_json", "shop-acme-org", "json", cli.ExitProblem}, // by namespace
		{"crashloop", "blog.kittens.io", "table", cli.ExitProblem},
		{"rolling", "news.daily-gazette.com", "table", cli.ExitProblem},
		{"ok", "www.example.com", "table", cli.ExitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, "diagnose", tc.site, "-o", tc.format)
			r.wantCode(t, tc.code)
			golden.RequireEqual(t, []byte(r.out))
		})
	}
	r := run(t, "diagnose", "shop.acme.org")
	for _, want := range []string{"cannot be pulled", "ImagePullBackOff", "fdtui rollback --context demo shop.acme.org"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("diagnosis lacks %q:\n%s", want, r.out)
		}
	}
}

func TestUnknownSiteIsAnError(t *testing.T) {
	r := run(t, "diagnose", "nope.example.org")
	r.wantCode(t, cli.ExitFailure)
	if !strings.Contains(r.err, `no site "nope.example.org" in context demo`) || !strings.Contains(r.err, "fdtui sites") {
		t.Errorf("stderr: %s", r.err)
	}
}

// Usage errors exit 2 and say where the help is; nothing is read.
func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"bogus"},
		{"sites", "--bogus"},
		{"sites", "extra"},
		{"diagnose"},
		{"sites", "-o", "xml"},
		{"delete-pod", "shop.acme.org"},
		{"logs"},
		{"rollback", "shop.acme.org", "--to-revision", "x"},
	} {
		r := run(t, args...)
		if r.code != cli.ExitUsage || !strings.Contains(r.err, "--help' for usage") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.err)
		}
	}
	if r := run(t, "sitse"); !strings.Contains(r.err, "Did you mean this?\n\tsites") {
		t.Errorf("no suggestion: %q", r.err)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := run(t, args...)
		r.wantCode(t, 0)
		if r.out != "fdtui v9.9.9-test\n" {
			t.Errorf("%v: %q", args, r.out)
		}
	}
}

// --help lists every command.
func TestHelpListsTheCommands(t *testing.T) {
	r := run(t, "--help")
	r.wantCode(t, 0)
	for _, c := range commands {
		if !regexp.MustCompile(`(?m)^  ` + c + `\s`).MatchString(r.out) {
			t.Errorf("--help lacks %s:\n%s", c, r.out)
		}
	}
}

var commands = []string{"sites", "diagnose", "rollback", "restart", "delete-pod", "logs", "version", "completion"}

// cobra's generators: each script is the shell's, and completes through
// `fdtui __complete`, which offers every command (the scripts hold no
// command names of their own: they ask the program).
func TestCompletion(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash": "complete -o default -F __start_fdtui fdtui",
		"zsh":  "#compdef fdtui",
		"fish": "complete -c fdtui",
	} {
		r := run(t, "completion", shell)
		r.wantCode(t, 0)
		if !strings.Contains(r.out, marker) || !strings.Contains(r.out, "__complete") {
			t.Errorf("%s script lacks %q or __complete:\n%s", shell, marker, r.out[:min(len(r.out), 400)])
		}
	}
	r := run(t, "__complete", "")
	r.wantCode(t, 0)
	for _, c := range commands {
		if !regexp.MustCompile(`(?m)^` + c + `\t`).MatchString(r.out) {
			t.Errorf("__complete lacks %s:\n%s", c, r.out)
		}
	}
	// SITE completes from the cluster: the demo's domains.
	r = run(t, "__complete", "diagnose", "sh")
	if !strings.Contains(r.out, "shop.acme.org\tSTUCK") {
		t.Errorf("site completion:\n%s", r.out)
	}
	r = run(t, "__complete", "delete-pod", "shop.acme.org", "")
	if !strings.Contains(r.out, "ImagePullBackOff") {
		t.Errorf("pod completion:\n%s", r.out)
	}
}

// An apiserver that does not answer: one line naming the context and
// the server, exit 1, quickly.
func TestUnreachableClusterIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kubeconfig")
	const dead = `apiVersion: v1
kind: Config
current-context: gone
clusters:
- name: gone
  cluster: {server: "https://127.0.0.1:1"}
contexts:
- name: gone
  context: {cluster: gone, user: u}
users:
- name: u
  user: {token: x}
`
	if err := os.WriteFile(path, []byte(dead), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runOn(t, nil, false, "", "--kubeconfig", path, "sites")
	r.wantCode(t, cli.ExitFailure)
	if !strings.Contains(r.err, "cluster gone (https://127.0.0.1:1) is not reachable") || strings.Count(r.err, "\n") > 1 {
		t.Errorf("stderr: %q", r.err)
	}
}
