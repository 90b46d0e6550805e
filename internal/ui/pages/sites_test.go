package pages

import (
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// Green is for OK alone: a web scaled to 0 passes every rollout check and
// serves nothing, so it warns; sites serving nothing or stuck are red.
func TestStateTones(t *testing.T) {
	want := map[model.SiteState]styles.Tone{
		model.SiteOK: styles.Good, model.SiteStuck: styles.Bad, model.SiteDown: styles.Bad,
		model.SiteDegraded: styles.Warn, model.SiteRolling: styles.Warn, model.SiteScaling: styles.Warn,
		model.SitePaused: styles.Warn, model.SiteScaledToZero: styles.Warn, model.SiteDeleting: styles.Warn,
		model.SiteNoWeb: styles.Dim, model.SiteUnknown: styles.Dim,
	}
	for state, tone := range want {
		if got := stateTone(state); got != tone {
			t.Errorf("%v: tone %v, want %v", state, got, tone)
		}
	}
	if c := readyCell(0, 0, true); c.Text != "0/0" || c.Tone != styles.Warn {
		t.Errorf("0/0 = %+v, want a warning", c)
	}
	if c := readyCell(3, 3, true); c.Tone != styles.Good {
		t.Errorf("3/3 = %+v, want good", c)
	}
}

// A namespace whose object the user may not read has no creation time:
// AGE is "?", not 292y (issue 11, smaller items).
func TestAgeUnknownIsAQuestionMark(t *testing.T) {
	now := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	if got := ageCell(time.Time{}, now).Text; got != "?" {
		t.Errorf("unknown creation time: AGE %q, want ?", got)
	}
	if got := ageCell(now.Add(-5*time.Hour), now).Text; got != "5h" {
		t.Errorf("5 hours ago: AGE %q, want 5h", got)
	}
}
