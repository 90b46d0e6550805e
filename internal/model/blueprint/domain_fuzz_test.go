package blueprint

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// FuzzNamespaceFor feeds hostile domains to the domain -> namespace mapping.
// A rejection must say why; an accepted domain must be what its doc
// promises (ASCII, lowercase once normalised, a DNS name the Ingress and the
// certificate accept) and map to a namespace Kubernetes accepts.
func FuzzNamespaceFor(f *testing.F) {
	for _, seed := range []string{
		"www.example.com", "WWW.Example.COM", "www.\u212Aelvin.com", "xn--bcher-kva.de", "bücher.de", "www.example.com.",
		"", "localhost", "10.0.0.1", "[::1]", "www..example.com", "-a.example.com", "xn--zz.example.com",
		strings.Repeat("abcdefghi.", 6) + "com", strings.Repeat("a", 64) + ".com",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, domain string) {
		ns, err := NamespaceFor(domain)
		lower := lowerASCII(domain)
		direct := ValidateDomain(lower)
		if err != nil {
			checkReason(t, domain, err, "domain")
			// NamespaceFor refuses what ValidateDomain refuses, and only
			// adds the namespace's length limit.
			if direct == nil && !strings.Contains(err.Error(), "namespaces are limited") {
				t.Fatalf("%q: NamespaceFor refuses (%v) what ValidateDomain accepts", domain, err)
			}
			return
		}
		if direct != nil {
			t.Fatalf("%q: NamespaceFor accepts, ValidateDomain(%q) refuses: %v", domain, lower, direct)
		}
		if !isASCII(domain) {
			t.Fatalf("%q: a non-ASCII domain was accepted (as %q); its punycode form is required", domain, lower)
		}
		if msgs := validation.IsDNS1123Label(ns); len(msgs) > 0 {
			t.Fatalf("%q: namespace %q is not a DNS-1123 label: %v", domain, ns, msgs)
		}
		if want := strings.ReplaceAll(lower, ".", "-"); ns != want {
			t.Fatalf("%q: namespace %q, want %q", domain, ns, want)
		}
		// The domain becomes the Ingress host and the certificate's name.
		if msgs := validation.IsDNS1123Subdomain(lower); len(msgs) > 0 {
			t.Fatalf("%q: not a DNS-1123 subdomain: %v", domain, msgs)
		}
		if msgs := validation.IsFullyQualifiedDomainName(field.NewPath("host"), lower); len(msgs) > 0 {
			t.Fatalf("%q: not a fully qualified domain name: %v", domain, msgs)
		}
	})
}
