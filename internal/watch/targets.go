package watch

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

// Target kinds.
const (
	KindWebhook = "webhook" // Alertmanager webhook v4 JSON body
	KindNtfy    = "ntfy"    // ntfy topic URL: text body, Title/Priority/Tags headers
	KindSlack   = "slack"   // Slack incoming webhook: {"text": ...}
)

// Target is one place notifications go.
type Target struct {
	Name string `json:"name,omitempty"`
	Kind string `json:"kind,omitempty"` // webhook | ntfy | slack; "" = from the URL
	URL  string `json:"url"`
	// Priority and Tags are ntfy's (defaults: urgent, rotating_light;
	// resolved: default, white_check_mark).
	Priority string   `json:"priority,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	// Token, when set, is sent as "Authorization: Bearer TOKEN" (ntfy
	// access tokens, a webhook behind a proxy). Never logged.
	Token string `json:"token,omitempty"`
}

// Config is the --config file (YAML or JSON):
//
//	targets:
//	  - name: phone
//	    url: https://ntfy.sh/acme-oncall
//	  - name: team
//	    kind: slack
//	    url: https://hooks.slack.com/services/T000/B000/XXXX
//	  - url: https://alerts.example.com/hooks/fdtui   # webhook
type Config struct {
	Targets []Target `json:"targets"`
}

// kindOf picks a target kind from a URL (the --notify rules): a scheme
// prefix "ntfy+", "slack+" or "webhook+" ("ntfy+https://host/topic") says
// it outright; else the host ntfy.sh or one starting "ntfy." is ntfy,
// hooks.slack.com is Slack; anything else is a webhook. It returns the URL
// without the prefix.
func kindOf(raw string) (kind, rest string) {
	for _, k := range []string{KindNtfy, KindSlack, KindWebhook} {
		if r, ok := strings.CutPrefix(raw, k+"+"); ok {
			return k, r
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return KindWebhook, raw
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "ntfy.sh" || strings.HasPrefix(host, "ntfy."):
		return KindNtfy, raw
	case host == "hooks.slack.com":
		return KindSlack, raw
	}
	return KindWebhook, raw
}

// ParseNotify turns a --notify value into a target (kind by kindOf).
func ParseNotify(raw string) (Target, error) {
	kind, rest := kindOf(raw)
	t := Target{Kind: kind, URL: rest}
	return t, t.validate("--notify")
}

func (t *Target) validate(where string) error {
	if t.Kind == "" {
		t.Kind, t.URL = kindOf(t.URL)
	}
	switch t.Kind {
	case KindWebhook, KindNtfy, KindSlack:
	default:
		return fmt.Errorf("%s: target %q: kind %q: want webhook, ntfy or slack", where, t.label(), t.Kind)
	}
	u, err := url.Parse(t.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s: target %q: url must be an absolute http(s) URL, got %q", where, t.label(), redactURL(t.URL))
	}
	if t.Kind == KindNtfy && strings.Trim(u.Path, "/") == "" {
		return fmt.Errorf("%s: target %q: an ntfy URL names its topic (https://ntfy.sh/TOPIC)", where, t.label())
	}
	return nil
}

// label names a target in logs and errors without its credentials: the
// name, else kind and host (a Slack or ntfy URL's path is the secret).
func (t Target) label() string {
	if t.Name != "" {
		return t.Name
	}
	u, err := url.Parse(t.URL)
	if err != nil {
		return t.Kind
	}
	return t.Kind + " " + u.Hostname()
}

// redactURL drops a URL's userinfo, path and query (the secret parts of
// webhook URLs) for an error message.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(not a URL)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

// LoadConfig reads and validates a --config file. A missing file is an
// error only when required (given with --config, not the default path).
func LoadConfig(path string, required bool) (Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !required {
		return Config{}, nil
	}
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	var c Config
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	for i := range c.Targets {
		if err := c.Targets[i].validate(fmt.Sprintf("config %s: targets[%d]", path, i)); err != nil {
			return Config{}, err
		}
	}
	return c, nil
}
