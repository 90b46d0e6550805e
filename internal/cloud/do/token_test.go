package do

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const doctlYAML = `access-token: dop_v1_default_aaaaaaaaaaaaaaaa
auth-contexts:
  agency: dop_v1_agency_bbbbbbbbbbbbbbbbb
  personal: dop_v1_personal_ccccccccccccccc
context: agency
output: text
`

func writeDoctl(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doctl", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestResolveToken(t *testing.T) {
	cfg := writeDoctl(t, doctlYAML)
	noContext := writeDoctl(t, "access-token: dop_v1_default_aaaaaaaaaaaaaaaa\n")
	cases := []struct {
		name, path, authContext string
		env                     map[string]string
		wantToken, wantSource   string
		wantErr                 string
	}{
		{name: "env wins", path: cfg, env: map[string]string{EnvToken: "dop_v1_env_ddddddddd"},
			wantToken: "dop_v1_env_ddddddddd", wantSource: EnvToken},
		{name: "config context key selects auth-context", path: cfg,
			wantToken: "dop_v1_agency_bbbbbbbbbbbbbbbbb", wantSource: `(context "agency")`},
		{name: "explicit context beats env and config", path: cfg, authContext: "personal",
			env: map[string]string{EnvToken: "dop_v1_env_ddddddddd"}, wantToken: "dop_v1_personal_ccccccccccccccc"},
		{name: "DIGITALOCEAN_CONTEXT beats config key", path: cfg, env: map[string]string{"DIGITALOCEAN_CONTEXT": "personal"},
			wantToken: "dop_v1_personal_ccccccccccccccc"},
		{name: "explicit default uses access-token", path: cfg, authContext: "default",
			wantToken: "dop_v1_default_aaaaaaaaaaaaaaaa", wantSource: `(context "default")`},
		{name: "no context key means default", path: noContext, wantToken: "dop_v1_default_aaaaaaaaaaaaaaaa"},
		{name: "unknown context names the known ones", path: cfg, authContext: "work",
			wantErr: `auth context "work" not found`},
		{name: "no config, no env", path: filepath.Join(t.TempDir(), "missing.yaml"),
			wantErr: "set DIGITALOCEAN_ACCESS_TOKEN or run `doctl auth init`"},
		{name: "broken YAML does not echo content", path: writeDoctl(t, "access-token: [dop_v1_secret_eeeeeeee\n"),
			wantErr: "is not valid YAML"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			token, source, err := ResolveToken(envOf(tc.env), tc.path, tc.authContext)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "dop_v1_") {
					t.Errorf("error leaks a token: %v", err)
				}
				if tc.name == "unknown context names the known ones" && !strings.Contains(err.Error(), "agency, default, personal") {
					t.Errorf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if token != tc.wantToken {
				t.Errorf("token = %q, want %q", token, tc.wantToken)
			}
			if !strings.Contains(source, tc.wantSource) || strings.Contains(source, "dop_v1_") {
				t.Errorf("source = %q", source)
			}
		})
	}
}

func TestResolveTokenDefaultPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	configDir, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(configDir, "doctl", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(doctlYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	token, source, err := ResolveToken(envOf(nil), "", "")
	if err != nil || token != "dop_v1_agency_bbbbbbbbbbbbbbbbb" || !strings.Contains(source, path) {
		t.Errorf("token %q source %q err %v", token, source, err)
	}
}
