package cloudui_test

import (
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// tokenAPIServer stands in front of the local cluster and authenticates
// bearer tokens with lifetimes, as a DOKS apiserver does; valid requests
// go on to the local cluster with its own credentials.
type tokenAPIServer struct {
	hs *httptest.Server

	mu      sync.Mutex
	expires map[string]time.Time
	issued  int
}

func newTokenAPIServer(t *testing.T, upstream *rest.Config) *tokenAPIServer {
	t.Helper()
	transport, err := rest.TransportFor(upstream)
	if err != nil {
		t.Fatal(err)
	}
	target, err := url.Parse(upstream.Host)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport, proxy.FlushInterval = transport, -1 // watches stream
	proxy.ErrorLog = log.New(io.Discard, "", 0)          // dropped watches are the point
	s := &tokenAPIServer{expires: map[string]time.Time{}}
	s.hs = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.valid(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}`)
			return
		}
		r.Header.Del("Authorization")
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		s.hs.CloseClientConnections()
		s.hs.Close()
	})
	return s
}

func (s *tokenAPIServer) valid(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.expires[token]
	return ok && time.Now().Before(exp)
}

// issue makes a new token valid for lifetime.
func (s *tokenAPIServer) issue(lifetime time.Duration) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issued++
	token := fmt.Sprintf("doks-token-%d", s.issued)
	s.expires[token] = time.Now().Add(lifetime)
	return token
}

// expireAll ends every token now and drops open connections, so running
// watches reconnect and meet the 401.
func (s *tokenAPIServer) expireAll() {
	s.mu.Lock()
	for k := range s.expires {
		s.expires[k] = time.Now()
	}
	s.mu.Unlock()
	s.hs.CloseClientConnections()
}

func (s *tokenAPIServer) credentials() dolocal.KubeCredentials {
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.hs.Certificate().Raw})
	return dolocal.KubeCredentials{Server: s.hs.URL, CA: ca, Token: "replaced-per-request"}
}

// issuingKubeconfigs wraps the local DO API so each kubeconfig it hands
// out carries a fresh token of the apiserver (DO issues a new token per
// kubeconfig request).
func issuingKubeconfigs(api http.Handler, s *tokenAPIServer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/kubeconfig") {
			api.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, r)
		cfg, err := clientcmd.Load(rec.Body.Bytes())
		if rec.Code != http.StatusOK || err != nil {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		token := s.issue(time.Hour)
		for _, u := range cfg.AuthInfos {
			u.Token = token
		}
		data, _ := clientcmd.Write(*cfg)
		w.Header().Set("Content-Type", "application/yaml")
		_, _ = w.Write(data)
	})
}

// TestExpiredCredentialsAreRefreshed connects to an account cluster
// (enter fetches its credentials), then lets its token expire: fdtui
// notices the 401s, fetches a new kubeconfig from DigitalOcean, saves it
// and reconnects by itself, saying so in the status bar.
func TestExpiredCredentialsAreRefreshed(t *testing.T) {
	upstream, _ := testenv.Clients(t)
	apiserver := newTokenAPIServer(t, upstream)
	local := dolocal.New(dolocal.Config{Token: testToken, Seed: dolocal.DefaultSeed(), Kube: apiserver.credentials()})
	hs := httptest.NewServer(issuingKubeconfigs(local, apiserver))
	t.Cleanup(hs.Close)
	api := doClient(t, hs.URL)
	path, kc := tempKubeconfig(t, emptyKubeconfig)
	l := startLive(t, &common.Common{Kubeconfig: kc}, nil, cloudui.Config{DO: api, KubeconfigPath: path, CredentialsCheck: 200 * time.Millisecond})

	l.WaitFor(10*time.Second, "flightdeck-prod", "digitalocean")
	l.Keys("enter") // the first row: flightdeck-prod, no context yet
	l.WaitFor(20*time.Second, "do-nyc3-flightdeck-prod", "Sites", "connected")
	if tok := savedToken(t, path, "do-nyc3-flightdeck-prod"); tok != "doks-token-1" {
		t.Fatalf("saved token %q, want the first one", tok)
	}

	apiserver.expireAll()
	screen := l.WaitFor(30*time.Second, "credentials for do-nyc3-flightdeck-prod expired; refreshed from DigitalOcean and reconnected")
	if strings.Contains(screen, "unauthorized") {
		t.Errorf("still unauthorized after the refresh:\n%s", screen)
	}
	if tok := savedToken(t, path, "do-nyc3-flightdeck-prod"); tok != "doks-token-2" {
		t.Errorf("saved token %q, want the refreshed one", tok)
	}
}

func savedToken(t *testing.T, path, contextName string) string {
	t.Helper()
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := cfg.Contexts[contextName]
	if ctx == nil || cfg.AuthInfos[ctx.AuthInfo] == nil {
		return ""
	}
	return cfg.AuthInfos[ctx.AuthInfo].Token
}

// TestDoctlContextSurvivesExpiry connects to an account cluster saved
// with doctl's exec credential (a stand-in doctl on PATH that hands out
// the token in a file), then lets that token expire while doctl already
// has the next one: client-go asks doctl again by itself, and fdtui's
// credentials watcher never rewrites the exec user nor asks DigitalOcean
// for a token.
func TestDoctlContextSurvivesExpiry(t *testing.T) {
	upstream, _ := testenv.Clients(t)
	apiserver := newTokenAPIServer(t, upstream)
	tokenFile := filepath.Join(t.TempDir(), "token")
	writeToken := func(tok string) {
		if err := os.WriteFile(tokenFile, []byte(tok), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeToken(apiserver.issue(time.Hour))
	dir := t.TempDir()
	script := "#!/bin/sh\nprintf '{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"status\":{\"token\":\"%s\"}}\\n' \"$(cat '" + tokenFile + "')\"\n"
	if err := os.WriteFile(filepath.Join(dir, "doctl"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))

	log := &apiLog{}
	local := dolocal.New(dolocal.Config{Token: testToken, Seed: dolocal.DefaultSeed(), Kube: apiserver.credentials(), Logf: log.logf})
	api := doClient(t, newHTTPServer(t, local))
	path, kc := tempKubeconfig(t, emptyKubeconfig)
	l := startLive(t, &common.Common{Kubeconfig: kc}, nil, cloudui.Config{DO: api, KubeconfigPath: path,
		CredentialsCheck: 200 * time.Millisecond, LookPath: exec.LookPath})

	l.WaitFor(10*time.Second, "flightdeck-prod", "digitalocean")
	l.Keys("enter") // flightdeck-prod, no context yet: saved with doctl
	l.WaitFor(20*time.Second, "do-nyc3-flightdeck-prod", "Sites", "connected")
	saved := readFile(path)
	if !strings.Contains(saved, "exec-credential") || strings.Contains(saved, "token:") {
		t.Fatalf("not saved as doctl saves it:\n%s", saved)
	}
	before := log.len()

	writeToken(apiserver.issue(time.Hour)) // doctl's next token
	apiserver.expireAll()                  // the current one stops working
	time.Sleep(3 * time.Second)            // watches reconnect; the watcher checks every 200 ms
	if screen := l.Screen(); strings.Contains(screen, "unauthorized") {
		t.Errorf("still unauthorized although doctl has a valid token:\n%s", screen)
	}
	if got := readFile(path); got != saved {
		t.Errorf("the doctl-saved context was rewritten:\n%s", got)
	}
	for _, call := range log.since(before) {
		if strings.Contains(call, "/kubeconfig") || strings.Contains(call, "/credentials") {
			t.Errorf("fdtui asked DigitalOcean for a token: %s", call)
		}
	}
}
