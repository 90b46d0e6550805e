package blueprint

import (
	"fmt"
	"strings"

	"github.com/robfig/cron/v3"
)

// ValidateBackupSchedule accepts what the kube-controller-manager accepts
// in a CronJob's spec.schedule: the standard five fields or a descriptor
// (@daily, @every 6h), parsed by the same library (robfig/cron/v3
// ParseStandard). A TZ= or CRON_TZ= prefix is refused, as the apiserver
// does since Kubernetes 1.27 (spec.timeZone says the zone).
func ValidateBackupSchedule(schedule string) error {
	s := strings.TrimSpace(schedule)
	if s == "" {
		return fmt.Errorf("is empty")
	}
	if strings.HasPrefix(s, "TZ=") || strings.HasPrefix(s, "CRON_TZ=") {
		return fmt.Errorf("%q: a time zone in the schedule is not allowed (the CronJob's timeZone is)", schedule)
	}
	if _, err := cron.ParseStandard(s); err != nil {
		return fmt.Errorf("%q is not a cron schedule like %q: %v", schedule, DefaultBackupSchedule, err)
	}
	return nil
}
