package backupui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// section is the site page's backup lines: the newest backup (age, size,
// name), how many there are and where, the schedule with its thresholds;
// "?" and the reason when the bucket cannot be read; then the last back
// up now result.
func (f *Feature) section(ns string, width int) string {
	if f.c.Conn == nil {
		return ""
	}
	b, ok := f.st.get(f.c.Conn.ID, ns)
	if !ok {
		return ""
	}
	return f.sectionOf(b, width)
}

// sectionOf is the section of what is known of a site's backups.
func (f *Feature) sectionOf(b siteBackups, width int) string {
	if errors.Is(b.err, actions.ErrNoS3Secret) {
		return ""
	}
	st, now := f.c.Styles, f.c.Now()
	label := " " + st.Label.Render("backup") + "   "
	var line string
	switch {
	case b.readAt.IsZero():
		line = st.Paint(styles.Dim, "reading the bucket…")
	case b.err != nil:
		line = st.Paint(styles.Warn, "? the bucket cannot be read: "+b.err.Error())
	default:
		line = f.newestLine(b, now)
	}
	var out string
	for _, l := range strings.Split(label+line, "\n") {
		out += fit(l, width) + "\n"
	}
	if b.landed != "" {
		tone := styles.Good
		if b.landedBad {
			tone = styles.Bad
		}
		out += fit("   "+st.Paint(styles.Accent, "→")+" "+st.Paint(tone, b.landed), width) + "\n"
	}
	return out
}

// newestLine: LATE or OVERDUE when so, then "3h ago · 41 MiB ·
// backups/shop…sql.gz · schedule 0 3 * * * (amber past 36h, red past
// 72h)"; under it, dim, how many backups there are and where.
func (f *Feature) newestLine(b siteBackups, now time.Time) string {
	st := f.c.Styles
	tone := levelTone(b.level(now))
	word := ""
	switch b.level(now) {
	case model.BackupLate:
		word = "LATE "
	case model.BackupOverdue:
		word = "OVERDUE "
	}
	where := fmt.Sprintf("s3://%s/%s", b.target.Bucket, blueprint.BackupKeyPrefix(b.target.Prefix))
	var parts []string
	count := "no backup in " + where
	if newest, ok := b.newest(); ok {
		parts = append(parts,
			st.Paint(tone, word+model.FormatAge(now.Sub(newest.LastModified))+" ago · "+model.FormatSize(newest.Size)),
			strings.TrimPrefix(newest.Key, b.target.Prefix))
		count = fmt.Sprintf("%d in %s", len(b.objects), where)
	} else {
		parts = append(parts, st.Paint(tone, word+"none"))
	}
	switch {
	case !b.hasCronJob:
		parts = append(parts, st.Paint(styles.Warn, "no backup CronJob in this namespace"))
	case b.interval > 0:
		warn := time.Duration(model.BackupWarnFactor * float64(b.interval))
		bad := time.Duration(model.BackupBadFactor * float64(b.interval))
		parts = append(parts, st.Paint(styles.Dim, fmt.Sprintf("schedule %s (amber past %s, red past %s)",
			b.schedule, model.FormatAge(warn), model.FormatAge(bad))))
	default:
		parts = append(parts, st.Paint(styles.Warn, fmt.Sprintf("schedule %q not understood", b.schedule)))
	}
	return strings.Join(parts, st.Paint(styles.Dim, " · ")) + "\n" + st.Paint(styles.Dim, "            "+count)
}

// fit cuts a styled line to the page's width (0: unknown, uncut).
func fit(line string, width int) string {
	if width <= 1 {
		return line
	}
	return ansi.Truncate(line, width, "…")
}
