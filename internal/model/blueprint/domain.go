package blueprint

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/net/idna"
)

const (
	maxDomainLength = 253 // RFC 1035, and a DNS-1123 subdomain
	maxLabelLength  = 63  // RFC 1035, and a DNS-1123 label (namespace names)
)

// NamespaceFor derives the site's namespace from its domain:
// www.example.com -> www-example-com. The domain's ASCII letters are
// lowercased first (DNS is case-insensitive). Two domains that differ only
// in dots versus hyphens map to the same namespace; the namespace's
// flightdeck.dev/domain annotation tells them apart.
func NamespaceFor(domain string) (string, error) {
	domain = lowerASCII(domain)
	if err := ValidateDomain(domain); err != nil {
		return "", err
	}
	ns := strings.ReplaceAll(domain, ".", "-")
	if len(ns) > maxLabelLength {
		return "", fmt.Errorf("domain %q gives namespace %q of %d characters; namespaces are limited to %d",
			domain, ns, len(ns), maxLabelLength)
	}
	return ns, nil
}

// ValidateDomain accepts a lowercase DNS name of at least two labels, as
// written in an Ingress rule: ASCII only (internationalised names in their
// punycode xn-- form), no trailing dot, no IP address.
func ValidateDomain(domain string) error {
	switch {
	case domain == "":
		return errors.New("domain is empty")
	case len(domain) > maxDomainLength:
		return fmt.Errorf("domain is %d characters; the limit is %d", len(domain), maxDomainLength)
	case strings.ContainsAny(domain, " \t\r\n"):
		return fmt.Errorf("domain %q contains whitespace", domain)
	case !isASCII(domain):
		return nonASCIIDomainError(domain)
	case strings.ContainsAny(domain, "/\\:@?#"):
		return fmt.Errorf("domain %q must be a bare host name, without scheme, port or path", domain)
	case strings.HasSuffix(domain, "."):
		return fmt.Errorf("domain %q ends with a dot; write it without the trailing dot", domain)
	case domain != strings.ToLower(domain):
		return fmt.Errorf("domain %q must be lowercase (%q)", domain, strings.ToLower(domain))
	}
	if _, err := netip.ParseAddr(domain); err == nil {
		return fmt.Errorf("domain %q is an IP address; a site needs a DNS name", domain)
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return fmt.Errorf("domain %q needs at least two labels, like example.com", domain)
	}
	for _, label := range labels {
		if err := validateDNSLabel(label); err != nil {
			return fmt.Errorf("domain %q: %w", domain, err)
		}
	}
	if isDigits(labels[len(labels)-1]) {
		return fmt.Errorf("domain %q ends in an all-numeric label, which no top-level domain is", domain)
	}
	if strings.Contains(domain, "xn--") {
		if _, err := idna.Lookup.ToUnicode(domain); err != nil {
			return fmt.Errorf("domain %q has an invalid punycode (xn--) label: %v", domain, err)
		}
	}
	return nil
}

func validateDNSLabel(label string) error {
	switch {
	case label == "":
		return errors.New("empty label (two dots in a row, or a leading dot)")
	case len(label) > maxLabelLength:
		return fmt.Errorf("label %q is %d characters; the limit is %d", label, len(label), maxLabelLength)
	case label[0] == '-' || label[len(label)-1] == '-':
		return fmt.Errorf("label %q starts or ends with a hyphen", label)
	}
	for _, r := range label {
		if !isLowerAlnum(r) && r != '-' {
			return fmt.Errorf("label %q contains %q; only a-z, 0-9 and '-' are allowed", label, r)
		}
	}
	return nil
}

// nonASCIIDomainError suggests the punycode form, which is what DNS,
// Ingress rules and certificates all need.
func nonASCIIDomainError(domain string) error {
	if ascii, err := idna.Lookup.ToASCII(domain); err == nil && ascii != domain {
		return fmt.Errorf("domain %q is not ASCII; use its punycode form %q", domain, ascii)
	}
	return fmt.Errorf("domain %q is not ASCII and has no valid punycode form", domain)
}

// lowerASCII lowercases A-Z only. DNS names are case-insensitive in ASCII
// alone (RFC 4343); strings.ToLower would also fold the Kelvin sign U+212A
// to "k" and U+0130 to "i", turning a non-ASCII domain the validator must
// refuse into a different, valid ASCII one.
func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func isLowerAlnum(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
}
