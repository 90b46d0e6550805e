package blueprint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/robfig/cron/v3"
)

// ValidateSchedule accepts what the Kubernetes API accepts in a CronJob's
// spec.schedule: five fields (minute hour day-of-month month day-of-week,
// like "*/15 * * * *") or a descriptor (@hourly, @daily...), parsed by
// robfig/cron's ParseStandard as kube-apiserver and the CronJob controller
// parse it. A TZ= or CRON_TZ= prefix is refused as the apiserver refuses it
// (spec.timeZone is the field for that). Errors name what is wrong.
func ValidateSchedule(schedule string) error {
	s := strings.TrimSpace(schedule)
	if s == "" {
		return errors.New("schedule is empty (five fields: minute hour day-of-month month day-of-week, like */15 * * * *)")
	}
	if strings.Contains(s, "TZ") {
		return fmt.Errorf("%q: a time zone in the schedule (TZ=, CRON_TZ=) is not allowed by Kubernetes", schedule)
	}
	if _, err := cron.ParseStandard(s); err != nil {
		return fmt.Errorf("%q is not a cron schedule (minute hour day-of-month month day-of-week, like */15 * * * *): %v", schedule, err)
	}
	return nil
}
