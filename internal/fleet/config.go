package fleet

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// File is the fleet file, $XDG_CONFIG_HOME/fdtui/fleet.yaml
// (~/.config/fdtui/fleet.yaml). When it exists, fdtui starts on the
// fleet screen. Example:
//
//	contexts: [prod-1, prod-2]      # kubeconfig contexts; none: every context
//	digitalocean:
//	  tags: [agency-prod]           # account clusters with any of these tags; none: every one
//	connectLimit: 4                 # clusters connecting at once
//	connectTimeout: 30s             # per cluster: connect and first sync
type File struct {
	Contexts     []string `json:"contexts,omitempty"`
	DigitalOcean *DOFleet `json:"digitalocean,omitempty"`
	// ConnectLimit is how many clusters connect at once (default 4).
	ConnectLimit int `json:"connectLimit,omitempty"`
	// ConnectTimeout bounds one cluster's connect and first sync
	// (default 30s), a Go duration ("45s", "2m").
	ConnectTimeout metav1.Duration `json:"connectTimeout,omitempty"`
	// Path is where it was read from ("" when there is no file).
	Path string `json:"-"`
}

// DOFleet selects DigitalOcean account clusters.
type DOFleet struct {
	// Tags: clusters carrying any of them (DigitalOcean's cluster tags);
	// none selects every cluster of the account.
	Tags []string `json:"tags,omitempty"`
}

// Load reads the fleet file at path. A missing file is no fleet (found
// false, no error); a file that cannot be read or parsed, or names an
// unknown field, is an error naming the file and the field.
func Load(path string) (f File, found bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return File{}, false, nil
	}
	if err != nil {
		return File{}, false, fmt.Errorf("fleet file: %w", err)
	}
	if err := yaml.UnmarshalStrict(data, &f); err != nil {
		// sigs.k8s.io/yaml goes through JSON; its wrappers say nothing
		// to the person who wrote YAML.
		msg := err.Error()
		for _, wrap := range []string{"error converting YAML to JSON: ", "error unmarshaling JSON: ", "while decoding JSON: ", "json: "} {
			msg = strings.ReplaceAll(msg, wrap, "")
		}
		// "cannot unmarshal number into Go struct field File.connectTimeout
		// of type string": the field and what it takes, in YAML's words.
		if m := goField.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("%s: want %s, got a %s", m[2], yamlType(m[3]), m[1])
		}
		return File{}, false, fmt.Errorf("fleet file %s: %s", path, msg)
	}
	f.Path = path
	switch {
	case f.ConnectLimit < 0:
		return File{}, false, fmt.Errorf("fleet file %s: connectLimit must be 1 or more, got %d", path, f.ConnectLimit)
	case f.ConnectTimeout.Duration < 0:
		return File{}, false, fmt.Errorf("fleet file %s: connectTimeout must be positive, got %s", path, f.ConnectTimeout.Duration)
	case f.ConnectTimeout.Duration > 0 && f.ConnectTimeout.Duration < time.Second:
		return File{}, false, fmt.Errorf("fleet file %s: connectTimeout %s is too short to connect (1s at least)", path, f.ConnectTimeout.Duration)
	}
	return f, true, nil
}

// goField matches encoding/json's type error.
var goField = regexp.MustCompile(`cannot unmarshal (\w+) into Go struct field \w+\.(\S+) of type (\S+)`)

// yamlType names a Go type as a fleet file's author knows it.
func yamlType(goType string) string {
	switch goType {
	case "string":
		return "a string (a duration is written like 30s)"
	case "[]string":
		return "a list, e.g. [a, b]"
	case "int":
		return "a whole number"
	}
	return goType
}

// Selection is the fleet's members: kubeconfig contexts, and whether
// (and which) DigitalOcean account clusters join them.
type Selection struct {
	Contexts []string
	// DO: account clusters join the fleet (those Tags selects).
	DO   bool
	Tags []string
}

// Choose picks the fleet among the kubeconfig's contexts (all):
//   - contexts named on the command line (--context, repeated): exactly
//     those;
//   - else a fleet file naming contexts or a digitalocean section:
//     exactly what it names (its contexts; account clusters with its
//     tags, or every one when it gives none);
//   - else every context, and every account cluster.
//
// A named context that does not exist is an error listing the
// kubeconfig's contexts.
func Choose(all, cli []string, f File) (Selection, error) {
	switch {
	case len(cli) > 0:
		cs, err := existing(all, cli, "--context")
		return Selection{Contexts: cs}, err
	case len(f.Contexts) > 0 || f.DigitalOcean != nil:
		cs, err := existing(all, f.Contexts, "fleet file "+f.Path+": contexts")
		sel := Selection{Contexts: cs, DO: f.DigitalOcean != nil}
		if sel.DO {
			sel.Tags = f.DigitalOcean.Tags
		}
		return sel, err
	}
	return Selection{Contexts: all, DO: true}, nil
}

func existing(all, pick []string, where string) ([]string, error) {
	out := make([]string, 0, len(pick))
	for _, name := range pick {
		if !slices.Contains(all, name) {
			return nil, fmt.Errorf("%s: %q is not a context of the kubeconfig (contexts: %s)", where, name, strings.Join(all, ", "))
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

// Wants reports whether an account cluster with tags belongs to the
// fleet.
func (s Selection) Wants(tags []string) bool {
	if !s.DO {
		return false
	}
	if len(s.Tags) == 0 {
		return true
	}
	for _, t := range tags {
		if slices.Contains(s.Tags, t) {
			return true
		}
	}
	return false
}
