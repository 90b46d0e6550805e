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
	return validateName("cluster name", name)
}

// ValidatePoolName holds node pool names to the cluster names' rule: a
// pool's name prefixes its nodes' hostnames and is the value of their
// doks.digitalocean.com/node-pool label, which must be a valid label value.
func ValidatePoolName(name string) error {
	return validateName("pool name", name)
}

func validateName(what, name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%s is required", what)
	case len(name) > MaxClusterNameLen:
		return fmt.Errorf("%s is %d characters; at most %d are allowed", what, len(name), MaxClusterNameLen)
	case !isLower(rune(name[0])):
		return fmt.Errorf("%s %q must start with a lowercase letter", what, name)
	case name[len(name)-1] == '-':
		return fmt.Errorf("%s %q must end with a letter or digit", what, name)
	}
	if i := strings.IndexFunc(name, func(r rune) bool { return !isLower(r) && !isDigit(r) && r != '-' }); i >= 0 {
		return fmt.Errorf("%s %q may only contain lowercase letters, digits and hyphens (found %q)", what, name, []rune(name[i:])[0])
	}
	return nil
}

func isLower(r rune) bool { return r >= 'a' && r <= 'z' }
func isDigit(r rune) bool { return r >= '0' && r <= '9' }
