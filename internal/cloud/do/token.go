package do

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

// EnvToken is the variable doctl and fdtui read the API token from.
const EnvToken = "DIGITALOCEAN_ACCESS_TOKEN"

// envContext is doctl's variable for choosing an auth context.
const envContext = "DIGITALOCEAN_CONTEXT"

const defaultContext = "default"

// doctlConfig is the part of doctl's config.yaml that holds tokens.
type doctlConfig struct {
	AccessToken  string            `json:"access-token"`
	AuthContexts map[string]string `json:"auth-contexts"`
	Context      string            `json:"context"`
}

// ResolveToken finds the API token the way doctl does:
//   - an explicitly chosen authContext (--do-context) other than "default"
//     selects that token from doctl's auth-contexts;
//   - otherwise DIGITALOCEAN_ACCESS_TOKEN wins;
//   - otherwise doctl's config.yaml (default path
//     os.UserConfigDir()/doctl/config.yaml): the context named by
//     DIGITALOCEAN_CONTEXT or the file's `context` key from auth-contexts,
//     or `access-token` for the default context.
//
// source says where the token came from; neither it nor err ever contains
// the token.
func ResolveToken(env func(string) string, doctlConfigPath string, authContext string) (token, source string, err error) {
	explicit := authContext != "" && authContext != defaultContext
	if t := strings.TrimSpace(env(EnvToken)); t != "" && !explicit {
		return t, EnvToken, nil
	}
	path, err := doctlConfigFile(doctlConfigPath)
	if err != nil {
		return "", "", err
	}
	cfg, err := readDoctlConfig(path)
	if err != nil {
		return "", "", err
	}
	name := firstNonEmpty(authContext, env(envContext), cfg.Context, defaultContext)
	return tokenForContext(cfg, name, path)
}

func doctlConfigFile(path string) (string, error) {
	if path != "" {
		return path, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no DigitalOcean token: set %s (%v)", EnvToken, err)
	}
	return filepath.Join(dir, "doctl", "config.yaml"), nil
}

func readDoctlConfig(path string) (doctlConfig, error) {
	var cfg doctlConfig
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return cfg, fmt.Errorf("no DigitalOcean token: set %s or run `doctl auth init` (no %s)", EnvToken, path)
	}
	if err != nil {
		return cfg, fmt.Errorf("reading doctl config: %w", err)
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		// yaml errors quote the offending line, which may be a token.
		return cfg, fmt.Errorf("doctl config %s is not valid YAML", path)
	}
	return cfg, nil
}

func tokenForContext(cfg doctlConfig, name, path string) (string, string, error) {
	source := fmt.Sprintf("doctl config %s (context %q)", path, name)
	token := cfg.AuthContexts[name]
	if name == defaultContext {
		token = firstNonEmpty(cfg.AccessToken, token)
	}
	if token = strings.TrimSpace(token); token != "" {
		return token, source, nil
	}
	if name == defaultContext {
		return "", "", fmt.Errorf("no DigitalOcean token: set %s or run `doctl auth init` (%s has no access-token)", EnvToken, path)
	}
	return "", "", fmt.Errorf("doctl auth context %q not found in %s (known: %s)", name, path, knownContexts(cfg))
}

func knownContexts(cfg doctlConfig) string {
	names := []string{}
	if cfg.AccessToken != "" {
		names = append(names, defaultContext)
	}
	for n := range cfg.AuthContexts {
		if n != defaultContext {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
