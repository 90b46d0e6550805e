package watch

import (
	"regexp"
	"strings"
)

// What looks like a credential in a log line, and is replaced by
// [REDACTED] before a line leaves the cluster in a notification:
//   - key=value and key: value where the key names a password, token,
//     secret or key (DB_PASSWORD=..., "api_key": "...", aws_secret_access_key=...);
//   - bearer and basic authorization values;
//   - the userinfo of a URL (mysql://drupal:hunter2@db/...).
var (
	secretPair = regexp.MustCompile(`(?i)([\w.-]*(?:passw(?:or)?d|pwd|token|secret|key|credential|auth)[\w.-]*["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)`)
	authValue  = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}`)
	urlUser    = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@`)
)

// redacted is the replacement of a credential.
const redacted = "[REDACTED]"

// Redact removes what looks like a credential from one line (see above).
func Redact(line string) string {
	line = urlUser.ReplaceAllString(line, "${1}"+redacted+"@")
	line = authValue.ReplaceAllString(line, "${1} "+redacted)
	return secretPair.ReplaceAllStringFunc(line, func(m string) string {
		sub := secretPair.FindStringSubmatch(m)
		if strings.Contains(sub[2], redacted) {
			return m
		}
		return sub[1] + redacted
	})
}
