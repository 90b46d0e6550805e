package tlsui

import (
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

func TestCellOf(t *testing.T) {
	now := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	in := func(days float64) time.Time { return now.Add(time.Duration(days * 24 * float64(time.Hour))) }
	for _, tc := range []struct {
		name string
		c    model.CertStatus
		text string
		tone styles.Tone
	}{
		{"61 days", model.CertStatus{NotAfter: in(61)}, "61d", styles.Good},
		{"13 days: amber", model.CertStatus{NotAfter: in(13)}, "13d", styles.Warn},
		{"6 days: red", model.CertStatus{NotAfter: in(6)}, "6d", styles.Bad},
		{"expired though Ready", model.CertStatus{Phase: model.CertExpired, Ready: true, NotAfter: in(-1)}, "expired", styles.Bad},
		{"failing, no certificate", model.CertStatus{Phase: model.CertFailing}, "FAILING", styles.Bad},
		{"failing renewal, 40 days left", model.CertStatus{Phase: model.CertFailing, NotAfter: in(40)}, "FAILING", styles.Warn},
		{"first issuance under way", model.CertStatus{Phase: model.CertIssuing}, "ISSUING", styles.Warn},
		{"renewal under way: days still count", model.CertStatus{Phase: model.CertIssuing, NotAfter: in(20)}, "20d", styles.Good},
	} {
		got := cellOf(tc.c, now)
		if got.Text != tc.text || got.Tone != tc.tone {
			t.Errorf("%s: %q tone %v, want %q tone %v", tc.name, got.Text, got.Tone, tc.text, tc.tone)
		}
	}
}
