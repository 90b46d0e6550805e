package main

import (
	"sort"
	"strings"
)

// mounts maps a container's mountPaths (absolute, as the image sees
// them) to the directories that stand for them on this machine.
type mounts map[string]string

// mapPaths rewrites every mountPath in s to its directory, longest
// mountPath first (/secrets/mysql before /secrets). A mountPath counts
// only as a whole path: it starts s or follows a character that cannot
// be part of a path (a space, quote, =, :...), and ends s or is followed
// by '/' or such a character, so /backup is rewritten in "/backup/stamp"
// and "x=/backup" but not in "/backups/" or "s3://b/backup".
func (m mounts) mapPaths(s string) string {
	paths := make([]string, 0, len(m))
	for p := range m {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool { return len(paths[i]) > len(paths[j]) })
	var b strings.Builder
	for i := 0; i < len(s); {
		matched := false
		if i == 0 || !pathChar(s[i-1]) {
			for _, p := range paths {
				end := i + len(p)
				if strings.HasPrefix(s[i:], p) && (end == len(s) || s[end] == '/' || !pathChar(s[end])) {
					b.WriteString(m[p])
					i, matched = end, true
					break
				}
			}
		}
		if !matched {
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// pathChar: letters, digits and . _ - / continue a path.
func pathChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '/'
}
