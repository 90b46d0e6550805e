package cronui

import (
	"reflect"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/model"
)

func TestCells(t *testing.T) {
	now := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		c    model.CronJobStatus
		want []string
	}{
		{"never ran", model.CronJobStatus{Name: "backup", Schedule: "0 3 * * *"},
			[]string{"backup", "0 3 * * *", "False", "0", "—", "—", "—"}},
		{"failed with its pod", model.CronJobStatus{Name: "drupal-cron", Schedule: "*/15 * * * *", Active: []string{"j"},
			LastSchedule: now.Add(-5 * time.Minute), LastSuccess: now.Add(-50 * time.Minute),
			LastFailure: &model.JobFailure{Job: "drupal-cron-1", At: now.Add(-4 * time.Minute), Reason: "BackoffLimitExceeded",
				Pod: "drupal-cron-1-x7k2p", Container: "web", Exit: 1, ExitReason: "Error"}},
			[]string{"drupal-cron", "*/15 * * * *", "False", "1", "5m", "50m", "4m BackoffLimitExceeded, pod drupal-cron-1-x7k2p exit 1 (Error)"}},
		{"deadline, no pod left; suspended, time zone", model.CronJobStatus{Name: "backup", Schedule: "0 3 * * *", TimeZone: "Europe/Paris", Suspended: true,
			LastFailure: &model.JobFailure{Job: "backup-2", At: now.Add(-31 * time.Minute), Reason: "DeadlineExceeded"}},
			[]string{"backup", "0 3 * * * Europe/Paris", "True", "0", "—", "—", "31m DeadlineExceeded, job backup-2 (no pod left)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cells(tt.c, now); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
