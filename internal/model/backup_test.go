package model

import (
	"testing"
	"time"
)

func TestScheduleInterval(t *testing.T) {
	// A Tuesday noon and a Monday noon, UTC.
	tue := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	mon := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		schedule string
		now      time.Time
		want     time.Duration
	}{
		{"0 3 * * *", tue, 24 * time.Hour},
		{"*/15 * * * *", tue, 15 * time.Minute},
		{"0 */6 * * *", tue, 6 * time.Hour},
		{"@hourly", tue, time.Hour},
		{"@every 2h", tue, 2 * time.Hour},
		{"0 3 * * 1-5", tue, 72 * time.Hour}, // Friday 03:00 to Monday 03:00
		{"0 3 * * 1-5", mon, 72 * time.Hour},
		{"0 3 * * 0", tue, 7 * 24 * time.Hour},
		{"* * * * *", tue, time.Minute},
	} {
		got, err := ScheduleInterval(tt.schedule, tt.now)
		if err != nil || got != tt.want {
			t.Errorf("ScheduleInterval(%q) = %v, %v; want %v", tt.schedule, got, err, tt.want)
		}
	}
	if _, err := ScheduleInterval("0 3 * *", tue); err == nil {
		t.Error("four fields accepted")
	}
}

func TestJudgeBackup(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	for _, tt := range []struct {
		name          string
		newest, since time.Time
		interval      time.Duration
		want          BackupLevel
	}{
		{"fresh", ago(3 * time.Hour), ago(30 * day), day, BackupFresh},
		{"at 1.5 intervals still fresh", ago(36 * time.Hour), ago(30 * day), day, BackupFresh},
		{"past 1.5 intervals late", ago(36*time.Hour + time.Second), ago(30 * day), day, BackupLate},
		{"at 3 intervals late", ago(72 * time.Hour), ago(30 * day), day, BackupLate},
		{"past 3 intervals overdue", ago(72*time.Hour + time.Second), ago(30 * day), day, BackupOverdue},
		{"none, CronJob new", time.Time{}, ago(time.Hour), day, BackupFresh},
		{"none, CronJob old", time.Time{}, ago(4 * day), day, BackupOverdue},
		{"no schedule", ago(10 * day), ago(30 * day), 0, BackupUnknown},
		{"nothing known", time.Time{}, time.Time{}, day, BackupUnknown},
		{"short schedule", ago(23 * time.Minute), ago(day), 15 * time.Minute, BackupLate},
		{"short schedule overdue", ago(46 * time.Minute), ago(day), 15 * time.Minute, BackupOverdue},
	} {
		if got := JudgeBackup(tt.newest, tt.since, tt.interval, now); got != tt.want {
			t.Errorf("%s: JudgeBackup = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestBackupText(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		newest time.Time
		size   int64
		want   string
	}{
		{now.Add(-3*time.Hour - 10*time.Minute), 41 << 20, "3h 41 MiB"},
		{now.Add(-2 * 24 * time.Hour), 2560 << 20, "2d 2.5 GiB"},
		{now.Add(-40 * time.Second), 512, "40s 512 B"},
		{now.Add(-40 * time.Hour), 512, "40h 512 B"},
		{now.Add(-50 * time.Hour), 512, "2d 512 B"},
		{now.Add(-5 * time.Minute), 512, "5m 512 B"},
		{time.Time{}, 0, "none"},
	} {
		if got := BackupText(tt.newest, tt.size, now); got != tt.want {
			t.Errorf("BackupText = %q, want %q", got, tt.want)
		}
	}
}

func TestBackupRank(t *testing.T) {
	ok := Site{Domain: "a", State: SiteOK}
	late, overdue := ok, ok
	late.Backup, overdue.Backup = BackupLate, BackupOverdue
	rolling := Site{State: SiteRolling}
	degraded := Site{State: SiteDegraded}
	degradedOverdue := degraded
	degradedOverdue.Backup = BackupOverdue
	switch {
	case !(Rank(late) < Rank(ok)):
		t.Error("a late backup does not rank above a healthy site")
	case !(Rank(overdue) < Rank(rolling) && Rank(overdue) > Rank(degraded)):
		t.Errorf("an overdue backup ranks %d; rolling %d, degraded %d", Rank(overdue), Rank(rolling), Rank(degraded))
	case Rank(degradedOverdue) != Rank(degraded):
		t.Error("an overdue backup lowers a degraded site")
	case Rank(late) <= Rank(Site{State: SiteScaledToZero}):
		t.Error("a late backup ranks above a site scaled to 0")
	}
}
