package cloudui_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
)

// fakeDoctl puts a stand-in `doctl` first on PATH: it records its
// arguments and answers as `doctl kubernetes cluster kubeconfig
// exec-credential` does, with an ExecCredential.
func fakeDoctl(t *testing.T) (argsFile string) {
	t.Helper()
	dir := t.TempDir()
	argsFile = filepath.Join(dir, "args")
	script := "#!/bin/sh\necho \"$@\" >> '" + argsFile + "'\n" +
		`printf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"from-doctl"}}\n'` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "doctl"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return argsFile
}

// noDoctl leaves PATH with nothing on it.
func noDoctl(t *testing.T) {
	t.Helper()
	t.Setenv("PATH", t.TempDir())
}

func waitForContext(t *testing.T, path, name string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		cfg, err := clientcmd.LoadFromFile(path)
		if err == nil && cfg.Contexts[name] != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("context %s never saved", name)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// closedPort keeps the connect that follows a save local and quick.
var closedPort = dolocal.KubeCredentials{Server: "https://127.0.0.1:1", Token: "doks-static-token"}

// TestEnterSavesTheContextWithDoctl: with doctl on PATH, enter on a
// cluster without a context saves doctl's exec credential for it, with
// doctl's auth context, and no token; kubectl (client-go) then runs
// doctl for the token; the clusters screen says "doctl".
func TestEnterSavesTheContextWithDoctl(t *testing.T) {
	argsFile := fakeDoctl(t)
	_, api := localDO(t, dolocal.Config{Now: func() time.Time { return seedNow }, Kube: closedPort})
	c, conn, _, path := demoCommon(t)
	l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path, LookPath: exec.LookPath, DoctlContext: "agency"})
	openClusters(l)
	l.WaitFor(10*time.Second, "flightdeck-staging")
	l.Keys("j", "j", "enter") // flightdeck-staging, no context yet
	waitForContext(t, path, "do-ams3-flightdeck-staging")
	staging := clusterNamedIn(t, api, "flightdeck-staging")
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	u := cfg.AuthInfos["do-ams3-flightdeck-staging-admin"]
	want := "doctl kubernetes cluster kubeconfig exec-credential --version=v1beta1 --context=agency " + staging.ID
	if u == nil || u.Token != "" || u.Exec == nil || u.Exec.APIVersion != "client.authentication.k8s.io/v1beta1" ||
		strings.Join(append([]string{u.Exec.Command}, u.Exec.Args...), " ") != want {
		t.Fatalf("saved user %+v, want exec %q", u, want)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(readFile(argsFile), strings.TrimPrefix(want, "doctl ")) {
		if time.Now().After(deadline) {
			t.Fatalf("doctl was never asked for a token; it got %q", readFile(argsFile))
		}
		time.Sleep(20 * time.Millisecond)
	}
	openClusters(l)
	screen := l.WaitFor(10*time.Second, "flightdeck-staging", "AUTH")
	if line := lineWith(screen, "flightdeck-staging"); !strings.HasSuffix(strings.TrimSpace(line), "doctl") {
		t.Errorf("staging row: %q", line)
	}
}

// TestEnterSavesATokenWithoutDoctl: without doctl the context gets a
// token, and the clusters screen shows how long it has left.
func TestEnterSavesATokenWithoutDoctl(t *testing.T) {
	noDoctl(t)
	_, api := localDO(t, dolocal.Config{Now: func() time.Time { return seedNow }, Kube: closedPort})
	c, conn, _, path := demoCommon(t)
	l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path, LookPath: exec.LookPath})
	openClusters(l)
	l.WaitFor(10*time.Second, "flightdeck-staging")
	l.Keys("j", "j", "enter")
	waitForContext(t, path, "do-ams3-flightdeck-staging")
	if tok := savedToken(t, path, "do-ams3-flightdeck-staging"); tok != "doks-static-token" {
		t.Errorf("saved token %q", tok)
	}
	openClusters(l)
	screen := l.WaitFor(10*time.Second, "flightdeck-staging", "token 7d")
	if line := lineWith(screen, "flightdeck-staging"); !strings.Contains(line, "token 7d") {
		t.Errorf("staging row: %q", line)
	}
}

// doctlKubeconfig is demoKubeconfig with flightdeck-prod saved by doctl.
const doctlKubeconfig = `apiVersion: v1
kind: Config
current-context: demo
clusters:
- name: demo
  cluster: {server: "https://127.0.0.1:36443"}
- name: do-nyc3-flightdeck-prod
  cluster: {server: "https://prod.k8s.example.net"}
contexts:
- name: demo
  context: {cluster: demo, user: admin}
- name: do-nyc3-flightdeck-prod
  context: {cluster: do-nyc3-flightdeck-prod, user: do-nyc3-flightdeck-prod-admin}
users:
- name: admin
  user: {token: not-a-real-token}
- name: do-nyc3-flightdeck-prod-admin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: doctl
      args: [kubernetes, cluster, kubeconfig, exec-credential, --version=v1beta1, --context=default, prod-id]
`

// TestDoctlSavedContextSurvivesARefresh: the doctl-saved context of
// flightdeck-prod answers 401; enter, which refreshes expired tokens,
// says the credentials are doctl's and leaves the file as it was, with
// doctl installed or not.
func TestDoctlSavedContextSurvivesARefresh(t *testing.T) {
	for _, installed := range []bool{true, false} {
		t.Run(map[bool]string{true: "doctl installed", false: "doctl gone"}[installed], func(t *testing.T) {
			if installed {
				fakeDoctl(t)
			} else {
				noDoctl(t)
			}
			log := &apiLog{}
			_, api := localDO(t, dolocal.Config{Now: func() time.Time { return seedNow }, Kube: closedPort, Logf: log.logf})
			c, conn, _, path := demoCommon(t)
			if err := os.WriteFile(path, []byte(doctlKubeconfig), 0o600); err != nil {
				t.Fatal(err)
			}
			l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path, LookPath: exec.LookPath})
			openClusters(l)
			screen := l.WaitFor(10*time.Second, "legacy-sites", "kubeconfig+")
			if line := lineWith(screen, "flightdeck-prod"); !strings.HasSuffix(strings.TrimSpace(line), "doctl") {
				t.Errorf("prod row: %q", line)
			}
			before := log.len()
			l.Keys("j", "enter") // flightdeck-prod: its probe answers 401
			l.WaitFor(10*time.Second, "come from doctl")
			if got := readFile(path); got != doctlKubeconfig {
				t.Errorf("the kubeconfig changed:\n%s", got)
			}
			for _, call := range log.since(before) {
				if strings.Contains(call, "/kubeconfig") || strings.Contains(call, "/credentials") {
					t.Errorf("asked DigitalOcean for credentials: %s", call)
				}
			}
		})
	}
}

func readFile(path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}

func clusterNamedIn(t *testing.T, api interface {
	ListClusters(context.Context) ([]do.Cluster, error)
}, name string) do.Cluster {
	t.Helper()
	list, err := api.ListClusters(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no cluster %s", name)
	return do.Cluster{}
}
