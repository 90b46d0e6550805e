package blueprint

import (
	"strings"
	"testing"
)

func TestNamespaceFor(t *testing.T) {
	tests := []struct {
		domain, want, errPart string
	}{
		{domain: "www.example.com", want: "www-example-com"},
		{domain: "WWW.Example.COM", want: "www-example-com"},
		{domain: "shop.example.co.uk", want: "shop-example-co-uk"},
		{domain: "xn--bcher-kva.de", want: "xn--bcher-kva-de"},
		{domain: "a1.b2", want: "a1-b2"},
		{domain: "", errPart: "empty"},
		{domain: "bücher.de", errPart: `punycode form "xn--bcher-kva.de"`},
		{domain: "www.example.com.", errPart: "trailing dot"},
		{domain: "www example.com", errPart: "whitespace"},
		{domain: " www.example.com", errPart: "whitespace"},
		{domain: "../etc/passwd", errPart: "bare host name"},
		{domain: "..", errPart: "trailing dot"},
		{domain: "www..example.com", errPart: "empty label"},
		{domain: ".example.com", errPart: "empty label"},
		{domain: "https://www.example.com", errPart: "bare host name"},
		{domain: "www.example.com:8080", errPart: "bare host name"},
		{domain: "-www.example.com", errPart: "hyphen"},
		{domain: "www-.example.com", errPart: "hyphen"},
		{domain: "www.example.com-", errPart: "hyphen"},
		{domain: "www_site.example.com", errPart: "contains '_'"},
		{domain: "localhost", errPart: "two labels"},
		{domain: "10.0.0.1", errPart: "IP address"},
		{domain: "www.example.123", errPart: "all-numeric"},
		{domain: "xn--zz.example.com", errPart: "punycode"},
		{domain: strings.Repeat("a", 64) + ".com", errPart: "limit is 63"},
		{domain: strings.Repeat("abcdefghi.", 26) + "com", errPart: "limit is 253"},
		{domain: strings.Repeat("abcdefghi.", 6) + "com", want: strings.Repeat("abcdefghi-", 6) + "com"}, // 63: the limit
		{domain: strings.Repeat("abcdefghi.", 6) + "coms", errPart: "namespaces are limited to 63"},
		{domain: "www.example.com\x00", errPart: "contains"},
		{domain: "www.exa\nmple.com", errPart: "whitespace"},
		// strings.ToLower used to fold these to www.kelvin.com and i.com,
		// which were then accepted; FuzzNamespaceFor asserts ASCII now.
		{domain: "www.\u212Aelvin.com", errPart: "not ASCII"},
		{domain: "\u0130.com", errPart: "not ASCII"},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			got, err := NamespaceFor(tt.domain)
			if tt.errPart == "" {
				if err != nil || got != tt.want {
					t.Fatalf("NamespaceFor(%q) = %q, %v; want %q", tt.domain, got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Fatalf("NamespaceFor(%q) error = %v; want it to mention %q", tt.domain, err, tt.errPart)
			}
		})
	}
}

func TestValidateDomainRejectsUppercase(t *testing.T) {
	err := ValidateDomain("WWW.example.com")
	if err == nil || !strings.Contains(err.Error(), "lowercase") {
		t.Fatalf("err = %v", err)
	}
}
