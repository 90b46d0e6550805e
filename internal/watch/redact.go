package watch

import (
	"regexp"
	"strings"
)

// What looks like a credential in a log line, and is replaced by
// [REDACTED] before a line leaves the cluster in a notification:
//   - the value of key=value and key: value (quoted or not) when the key
//     names a credential (credentialKey): DB_PASSWORD=..., "api_key": "...",
//     aws_secret_access_key=...;
//   - bearer and basic authorization values;
//   - the userinfo of a URL (mysql://drupal:hunter2@db/...).
var (
	keyValue  = regexp.MustCompile(`([A-Za-z0-9_.-]+)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&"']+)`)
	authValue = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}`)
	urlUser   = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@`)
	keyParts  = regexp.MustCompile(`[_.-]+|[a-z0-9][A-Z]`)
)

// redacted is the replacement of a credential.
const redacted = "[REDACTED]"

// Redact removes what looks like a credential from one line (see above).
func Redact(line string) string {
	line = urlUser.ReplaceAllString(line, "${1}"+redacted+"@")
	line = authValue.ReplaceAllString(line, "${1} "+redacted)
	return keyValue.ReplaceAllStringFunc(line, func(m string) string {
		sub := keyValue.FindStringSubmatch(m)
		if !credentialKey(sub[1]) || strings.Contains(sub[3], redacted) {
			return m
		}
		return sub[1] + sub[2] + redacted
	})
}

// credentialKey: the key holds password, passwd, secret, token or
// credential anywhere (DB_PASSWORD, clientSecret), or one of its words is
// key, pwd, auth or apikey (api_key, SECRET_KEY_BASE, x-auth) — but not
// "keys" of a search form or a "monkey".
func credentialKey(k string) bool {
	lower := strings.ToLower(k)
	for _, w := range []string{"password", "passwd", "secret", "token", "credential"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	// Split at _ . - and at camelCase humps (apiKey -> api, Key).
	spaced := keyParts.ReplaceAllStringFunc(k, func(s string) string {
		if len(s) == 2 && s[1] >= 'A' && s[1] <= 'Z' {
			return s[:1] + " " + s[1:]
		}
		return " "
	})
	for _, w := range strings.Fields(strings.ToLower(spaced)) {
		switch w {
		case "key", "pwd", "auth", "apikey", "pass":
			return true
		}
	}
	return false
}
