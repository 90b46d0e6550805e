package model

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Backup freshness (issue 14): a site's newest backup object, read from
// the object store (not the Job status: a Job can succeed and upload
// nothing), is judged against the backup CronJob's schedule: amber past
// BackupWarnFactor times the schedule's interval, red past BackupBadFactor
// times.
const (
	BackupWarnFactor = 1.5
	BackupBadFactor  = 3.0
	// intervalWindow is how far back ScheduleInterval looks for the
	// longest gap between two runs: a month covers weekly and
	// weekday-only schedules (and all but the oddest monthly ones).
	intervalWindow = 32 * 24 * time.Hour
	// intervalRuns caps the runs walked (a minutely schedule has 46,080
	// in the window; its gaps repeat long before that).
	intervalRuns = 2000
)

// BackupLevel is a site's backup freshness.
type BackupLevel int

const (
	// BackupUnknown: not read (yet), the bucket cannot be read, or the
	// site has no backup CronJob to judge against.
	BackupUnknown BackupLevel = iota
	// BackupFresh: the newest backup is younger than 1.5 intervals
	// (or there is none yet but the CronJob is that young).
	BackupFresh
	// BackupLate: older than 1.5 intervals (amber).
	BackupLate
	// BackupOverdue: older than 3 intervals (red).
	BackupOverdue
)

// ScheduleInterval is the longest gap between two consecutive runs of a
// five-field cron schedule (or @daily, @every 6h...) over the month
// before now, the gap that contains now included: "0 3 * * *" is 24h,
// "0 3 * * 1-5" is 72h (Friday to Monday), so a weekday schedule is not
// red every Monday. Times are in now's location (the CronJob's timeZone,
// or the controller's, usually UTC). Errors are the parser's
// (robfig/cron/v3 ParseStandard, which the CronJob controller uses).
func ScheduleInterval(schedule string, now time.Time) (time.Duration, error) {
	sched, err := cron.ParseStandard(schedule)
	if err != nil {
		return 0, fmt.Errorf("schedule %q: %w", schedule, err)
	}
	var longest time.Duration
	t := sched.Next(now.Add(-intervalWindow))
	for i := 0; i < intervalRuns && !t.IsZero(); i++ {
		next := sched.Next(t)
		if next.IsZero() {
			break
		}
		longest = max(longest, next.Sub(t))
		if t.After(now) {
			break // the gap around now is counted; later ones are not
		}
		t = next
	}
	if longest <= 0 {
		return 0, fmt.Errorf("schedule %q never runs", schedule)
	}
	return longest, nil
}

// JudgeBackup is the freshness of a site's backups: the age of the
// newest backup (newest zero: none), or with none, the age of the backup
// CronJob (since), measured against interval. interval <= 0 (no
// schedule known) is BackupUnknown.
func JudgeBackup(newest, since time.Time, interval time.Duration, now time.Time) BackupLevel {
	if interval <= 0 {
		return BackupUnknown
	}
	ref := newest
	if ref.IsZero() {
		ref = since
	}
	if ref.IsZero() {
		return BackupUnknown
	}
	age := now.Sub(ref)
	switch {
	case age > time.Duration(BackupBadFactor*float64(interval)):
		return BackupOverdue
	case age > time.Duration(BackupWarnFactor*float64(interval)):
		return BackupLate
	}
	return BackupFresh
}

// BackupText is the BACKUP column: the newest backup's age and size
// ("3h 41 MiB", "40h 2.5 GiB", "3d 41 MiB"), "none" when there is none.
func BackupText(newest time.Time, size int64, now time.Time) string {
	if newest.IsZero() {
		return "none"
	}
	return backupAge(now.Sub(newest)) + " " + FormatSize(size)
}

// backupAge is an age in one unit: seconds, minutes, hours up to two
// days (a daily backup turns amber at 36h: "1d" would hide it), then
// days.
func backupAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", max(0, int(d/time.Second)))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

// FormatSize is a size in binary units, whole above 10 ("41 MiB"), one
// decimal below ("2.5 GiB"), bytes below 1 KiB ("512 B").
func FormatSize(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	units := []string{"KiB", "MiB", "GiB", "TiB", "PiB"}
	v, i := float64(n)/1024, 0
	for v >= 1024 && i < len(units)-1 {
		v, i = v/1024, i+1
	}
	if v >= 10 {
		return fmt.Sprintf("%.0f %s", v, units[i])
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}
