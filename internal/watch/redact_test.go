package watch

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, secret string }{
		{"connecting with DB_PASSWORD=hunter2 to mysql-0", "hunter2"},
		{`{"api_key": "abc123def", "user": "x"}`, "abc123def"},
		{"aws_secret_access_key=AKIAxyzSECRET more", "AKIAxyzSECRET"},
		{"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGciOiJIUzI1NiJ9"},
		{"dsn mysql://drupal:s3cr3t@mysql-0.mysql:3306/drupal", "s3cr3t"},
		{"token: ghp_0123456789abcdef", "ghp_0123456789abcdef"},
		{"password 'x' rejected; password=swordfish", "swordfish"},
		{"apiKey=9f8e7d6c5b and more", "9f8e7d6c5b"},
		{"SECRET_KEY_BASE: 'abcdef0123'", "abcdef0123"},
	} {
		got := Redact(tc.in)
		if strings.Contains(got, tc.secret) || !strings.Contains(got, redacted) {
			t.Errorf("Redact(%q) = %q: still holds %q", tc.in, got, tc.secret)
		}
	}
	for _, keep := range []string{
		"GET /node/1 200 12ms",
		"PHP Fatal error: Uncaught Error: Class \"Drupal\\Foo\" not found",
		"cache hit ratio 0.93",
		`"GET /search?keys=harbour HTTP/1.1" 200 34492`,
		"monkey=banana",
	} {
		if got := Redact(keep); got != keep {
			t.Errorf("Redact(%q) = %q: changed a line without a credential", keep, got)
		}
	}
}
