package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Percent is part of whole in whole percent, truncated like kubectl
// describe node; 0 when whole is 0.
func Percent(part, whole int64) int {
	if whole == 0 {
		return 0
	}
	return int(part * 100 / whole)
}

// FormatCPU renders millicores: "250m" below one core, else cores with up
// to two decimals ("2", "1.5", "3.25").
func FormatCPU(milli int64) string {
	if milli < 1000 && milli > -1000 {
		if milli == 0 {
			return "0"
		}
		return strconv.FormatInt(milli, 10) + "m"
	}
	return trimDecimals(fmt.Sprintf("%.2f", float64(milli)/1000))
}

const (
	kib = int64(1) << 10
	mib = kib << 10
	gib = mib << 10
	tib = gib << 10
)

// FormatMem renders bytes in binary units: "512Mi", "7.5Gi", "1.2Ti".
func FormatMem(bytes int64) string {
	switch {
	case bytes >= tib:
		return trimDecimals(fmt.Sprintf("%.1f", float64(bytes)/float64(tib))) + "Ti"
	case bytes >= gib:
		return trimDecimals(fmt.Sprintf("%.1f", float64(bytes)/float64(gib))) + "Gi"
	case bytes >= mib:
		return strconv.FormatInt(bytes/mib, 10) + "Mi"
	case bytes >= kib:
		return strconv.FormatInt(bytes/kib, 10) + "Ki"
	default:
		return strconv.FormatInt(bytes, 10)
	}
}

// trimDecimals drops trailing zeros and a trailing point: "2.50" -> "2.5".
func trimDecimals(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// Plural is "1 restart", "2 restarts", "0 restarts".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Thousands groups digits by three with commas: "1,200", "3,500,000".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	start := 0
	if n < 0 {
		start = 1
	}
	for i := len(s) - 3; i > start; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ReadyText is a workload's READY cell, kubectl's "ready/desired"; "—"
// when the site has no such workload.
func ReadyText(ready, desired int32, present bool) string {
	if !present {
		return "—"
	}
	return fmt.Sprintf("%d/%d", ready, desired)
}

// AgeText is kubectl's AGE of an object created at created; "?" when the
// creation time is unknown (a user who may not read the namespace object
// sees no timestamp, not 292y).
func AgeText(created, now time.Time) string {
	if created.IsZero() {
		return "?"
	}
	return FormatAge(now.Sub(created))
}

// FormatDuration renders how long something took or has been running:
// tenths of a second under a minute ("0.4s", "12.3s"), then kubectl's
// AGE form ("3m12s", "5h"). Every duration fdtui prints for a command it
// ran uses it, so one screen never shows "1m5s" beside "65.0s".
func FormatDuration(d time.Duration) string {
	if d < time.Minute {
		return strconv.FormatFloat(d.Round(100*time.Millisecond).Seconds(), 'f', 1, 64) + "s"
	}
	return FormatAge(d)
}
