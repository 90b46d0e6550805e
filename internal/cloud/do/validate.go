package do

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/digitalocean/godo"
	"k8s.io/apimachinery/pkg/util/validation"
)

// TaintEffects are the effects Kubernetes accepts on a node taint
// (core/v1 TaintEffect).
var taintEffects = []string{"NoSchedule", "PreferNoSchedule", "NoExecute"}

// ParseLabels reads "key=value, key2=value2" into node labels. Keys and
// values follow Kubernetes' label rules (an optional DNS-subdomain prefix
// and "/", then a name of at most 63 characters of letters, digits, '-',
// '_' and '.', starting and ending alphanumeric; values the same, may be
// empty). An empty string gives no labels.
func ParseLabels(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, item := range splitList(s) {
		key, value, ok := strings.Cut(item, "=")
		if !ok {
			return nil, fmt.Errorf("label %q: want key=value", item)
		}
		if err := validateLabel(key, value); err != nil {
			return nil, err
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("label %q is given twice", key)
		}
		out[key] = value
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func validateLabel(key, value string) error {
	if msgs := validation.IsQualifiedName(key); len(msgs) > 0 {
		return fmt.Errorf("label key %q: %s", key, msgs[0])
	}
	if msgs := validation.IsValidLabelValue(value); len(msgs) > 0 {
		return fmt.Errorf("label %s value %q: %s", key, value, msgs[0])
	}
	return nil
}

// FormatLabels is ParseLabels' input form, keys sorted.
func FormatLabels(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+labels[k])
	}
	return strings.Join(parts, ", ")
}

// ParseTaints reads "key=value:Effect, key:Effect" (kubectl taint's form)
// into taints; Effect is NoSchedule, PreferNoSchedule or NoExecute, key
// and value follow the label rules. An empty string gives no taints.
func ParseTaints(s string) ([]Taint, error) {
	var out []Taint
	seen := map[string]bool{}
	for _, item := range splitList(s) {
		t, err := parseTaint(item)
		if err != nil {
			return nil, err
		}
		id := t.Key + ":" + t.Effect
		if seen[id] {
			return nil, fmt.Errorf("taint %s is given twice", id)
		}
		seen[id] = true
		out = append(out, t)
	}
	return out, nil
}

func parseTaint(item string) (Taint, error) {
	// neither keys nor values may hold ':', so the effect follows the last one
	i := strings.LastIndex(item, ":")
	if i < 0 || i == len(item)-1 {
		return Taint{}, fmt.Errorf("taint %q: want key=value:Effect (Effect: %s)", item, strings.Join(taintEffects, ", "))
	}
	kv, effect := item[:i], item[i+1:]
	if !contains(taintEffects, effect) {
		return Taint{}, fmt.Errorf("taint %q: effect %q must be one of %s", item, effect, strings.Join(taintEffects, ", "))
	}
	key, value, _ := strings.Cut(kv, "=")
	if msgs := validation.IsQualifiedName(key); len(msgs) > 0 {
		return Taint{}, fmt.Errorf("taint key %q: %s", key, msgs[0])
	}
	if msgs := validation.IsValidLabelValue(value); len(msgs) > 0 {
		return Taint{}, fmt.Errorf("taint %s value %q: %s", key, value, msgs[0])
	}
	return Taint{Key: key, Value: value, Effect: effect}, nil
}

// FormatTaints is ParseTaints' input form.
func FormatTaints(taints []Taint) string {
	parts := make([]string, 0, len(taints))
	for _, t := range taints {
		parts = append(parts, t.String())
	}
	return strings.Join(parts, ", ")
}

func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// rfc1918 are the private IPv4 ranges VPC-native subnets must come from.
var rfc1918 = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// ParseSubnet reads one VPC-native subnet: an IPv4 CIDR in canonical form
// (the network address, e.g. "10.200.0.0/16", not "10.200.1.0/16") inside
// an RFC 1918 private range. what names it in the error ("cluster subnet").
func ParseSubnet(what, s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	switch {
	case err != nil:
		return p, fmt.Errorf("%s %q is not a CIDR like 10.200.0.0/16", what, s)
	case !p.Addr().Is4():
		return p, fmt.Errorf("%s %s: only IPv4 ranges are supported", what, p)
	case p.Masked() != p:
		return p, fmt.Errorf("%s %s is not a network address; did you mean %s?", what, p, p.Masked())
	}
	for _, r := range rfc1918 {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return p, nil
		}
	}
	return p, fmt.Errorf("%s %s is not a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)", what, p)
}

// ValidateSubnets checks the VPC-native subnets of a create: each empty
// (DigitalOcean chooses) or a valid private CIDR; they must not overlap
// each other nor vpcRange, the cluster's VPC's range ("" when not known).
func ValidateSubnets(cluster, service, vpcRange string) error {
	var ranges []namedPrefix
	for _, s := range []struct{ what, v string }{{"cluster subnet", cluster}, {"service subnet", service}} {
		if strings.TrimSpace(s.v) == "" {
			continue
		}
		p, err := ParseSubnet(s.what, s.v)
		if err != nil {
			return err
		}
		ranges = append(ranges, namedPrefix{s.what, p})
	}
	if vpcRange != "" {
		if p, err := netip.ParsePrefix(vpcRange); err == nil {
			ranges = append(ranges, namedPrefix{"the VPC's range", p})
		}
	}
	for i := range ranges {
		for j := i + 1; j < len(ranges); j++ {
			if ranges[i].p.Overlaps(ranges[j].p) {
				return fmt.Errorf("%s %s overlaps %s %s", ranges[i].what, ranges[i].p, ranges[j].what, ranges[j].p)
			}
		}
	}
	return nil
}

type namedPrefix struct {
	what string
	p    netip.Prefix
}

// ValidateMaintenance checks a window: Day one of godo's day names ("any",
// "monday" … "sunday"), StartTime "HH:MM" on a 24-hour clock.
func ValidateMaintenance(m Maintenance) error {
	if _, err := godo.KubernetesMaintenanceToDay(m.Day); err != nil {
		return fmt.Errorf("maintenance day %q: want any or a weekday", m.Day)
	}
	return validateStartTime(m.StartTime)
}

func validateStartTime(s string) error {
	var h, m int
	if n, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil || n != 2 || len(s) != 5 || h < 0 || h > 23 || m < 0 || m > 59 {
		return errors.New("maintenance start time " + fmt.Sprintf("%q", s) + ": want HH:MM on a 24-hour clock, e.g. 04:00")
	}
	return nil
}
