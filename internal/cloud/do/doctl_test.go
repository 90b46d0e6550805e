package do

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// doctlSaved is the kubeconfig `doctl kubernetes cluster kubeconfig save
// flightdeck-prod` (doctl on PATH, auth context "work") writes into an
// empty file for the stand-in's cluster: doctl's mergeKubeconfig keeps
// DO's cluster and context and replaces the token user with its exec
// credential (apiVersion, command, args; nothing else).
const doctlSaved = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
    server: https://127.0.0.1:6443
  name: do-nyc3-flightdeck-prod
contexts:
- context:
    cluster: do-nyc3-flightdeck-prod
    user: do-nyc3-flightdeck-prod-admin
  name: do-nyc3-flightdeck-prod
current-context: do-nyc3-flightdeck-prod
kind: Config
users:
- name: do-nyc3-flightdeck-prod-admin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - kubernetes
      - cluster
      - kubeconfig
      - exec-credential
      - --version=v1beta1
      - --context=work
      - PROD-ID
      command: doctl
      env: null
      provideClusterInfo: false
`

func TestSaveKubeconfigExecAsDoctlWritesIt(t *testing.T) {
	cfg := seeded(time.Second)
	cfg.Kube = localKube
	_, c := localAPI(t, cfg)
	prod := clusterNamed(t, mustList(t, c), "flightdeck-prod")
	data, err := c.KubeConfig(testContext(t), prod.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "config")
	name, err := SaveKubeconfigExec(path, data, prod.Name, prod.Region, prod.ID, Doctl{Command: "doctl", Context: "work"})
	if err != nil || name != "do-nyc3-flightdeck-prod" {
		t.Fatalf("%q %v", name, err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.ReplaceAll(doctlSaved, "PROD-ID", prod.ID)
	if string(got) != want {
		t.Errorf("saved:\n%s\nwant (as doctl writes it):\n%s", got, want)
	}
	if kind, err := SavedUser(path, name); kind != UserDoctl || err != nil {
		t.Errorf("saved user kind %v %v", kind, err)
	}
}

// TestTokenNeverReplacesADoctlUser: saving a token over doctl's exec user
// is refused and leaves the file byte for byte.
func TestTokenNeverReplacesADoctlUser(t *testing.T) {
	cfg := seeded(time.Second)
	cfg.Kube = localKube
	_, c := localAPI(t, cfg)
	prod := clusterNamed(t, mustList(t, c), "flightdeck-prod")
	data, err := c.KubeConfig(testContext(t), prod.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "config")
	if _, err := SaveKubeconfigExec(path, data, prod.Name, prod.Region, prod.ID, Doctl{Command: "doctl"}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err = SaveKubeconfig(path, data, prod.Name, prod.Region)
	if !IsDoctlManaged(err) || !strings.Contains(err.Error(), "come from doctl") {
		t.Errorf("token over doctl's user: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("the file changed:\n%s", after)
	}
	if !strings.Contains(string(before), "--context=default") {
		t.Errorf("no auth context given should be doctl's default:\n%s", before)
	}
}

func TestDoctlContextAsDoctlPicksIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("access-token: x\ncontext: agency\nauth-contexts: {agency: y}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		env      map[string]string
		path     string
		explicit string
		want     string
	}{
		{nil, path, "client-b", "client-b"},
		{map[string]string{"DIGITALOCEAN_CONTEXT": "ci"}, path, "", "ci"},
		{nil, path, "", "agency"},
		{nil, filepath.Join(t.TempDir(), "none.yaml"), "", "default"},
	}
	for _, tc := range cases {
		if got := DoctlContext(env(tc.env), tc.path, tc.explicit); got != tc.want {
			t.Errorf("%v %s %q: %q, want %q", tc.env, tc.path, tc.explicit, got, tc.want)
		}
	}
}

// TestSavedUserTellsCertificatesFromTokens: a client-certificate user
// is UserCert, a bearer token UserToken.
func TestSavedUserTellsCertificatesFromTokens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config")
	cfg := clientcmdapi.NewConfig()
	cfg.AuthInfos["cert-user"] = &clientcmdapi.AuthInfo{ClientCertificateData: []byte("cert"), ClientKeyData: []byte("key")}
	cfg.AuthInfos["token-user"] = &clientcmdapi.AuthInfo{Token: "t"}
	cfg.Contexts["c"] = &clientcmdapi.Context{Cluster: "x", AuthInfo: "cert-user"}
	cfg.Contexts["t"] = &clientcmdapi.Context{Cluster: "x", AuthInfo: "token-user"}
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	for ctx, want := range map[string]UserKind{"c": UserCert, "t": UserToken} {
		if got, err := SavedUser(path, ctx); err != nil || got != want {
			t.Errorf("%s: %v %v, want %v", ctx, got, err, want)
		}
	}
}
