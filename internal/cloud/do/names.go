package do

import (
	"fmt"
	"strings"
)

// MaxClusterNameLen is a DNS label's length. DO publishes no formal grammar
// for cluster names, but the name becomes part of DNS-bound identifiers:
// the kubeconfig context do-<region>-<name>, the cluster firewalls
// "k8s-<name>-..." and node hostnames "<pool>-<suffix>". Holding names to an
// RFC 1123 label that starts with a letter is therefore the strict, safe
// subset of what the control panel accepts.
const MaxClusterNameLen = 63

// ValidateClusterName accepts lowercase letters, digits and hyphens,
// starting with a letter and ending with a letter or digit, at most 63
// characters. The error says which rule failed, quoting the name safely.
func ValidateClusterName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("cluster name is required")
	case len(name) > MaxClusterNameLen:
		return fmt.Errorf("cluster name is %d characters; at most %d are allowed", len(name), MaxClusterNameLen)
	case !isLower(rune(name[0])):
		return fmt.Errorf("cluster name %q must start with a lowercase letter", name)
	case name[len(name)-1] == '-':
		return fmt.Errorf("cluster name %q must end with a letter or digit", name)
	}
	if i := strings.IndexFunc(name, func(r rune) bool { return !isLower(r) && !isDigit(r) && r != '-' }); i >= 0 {
		return fmt.Errorf("cluster name %q may only contain lowercase letters, digits and hyphens (found %q)", name, []rune(name[i:])[0])
	}
	return nil
}

func isLower(r rune) bool { return r >= 'a' && r <= 'z' }
func isDigit(r rune) bool { return r >= '0' && r <= '9' }
