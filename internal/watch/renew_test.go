package watch

import (
	"testing"
	"time"
)

// DigitalOcean credentials are renewed 10 min before they expire, or a
// third of their life before when shorter, never sooner than 5 s.
func TestRenewAt(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		life, want time.Duration
	}{
		{7 * 24 * time.Hour, 7*24*time.Hour - 10*time.Minute},
		{15 * time.Second, 10 * time.Second},
		{3 * time.Second, 5 * time.Second},
		{-time.Minute, 5 * time.Second},
	} {
		if got := renewAt(now.Add(tc.life), now).Sub(now); got != tc.want {
			t.Errorf("credentials living %s: renewed after %s, want %s", tc.life, got, tc.want)
		}
	}
	if !renewAt(time.Time{}, now).IsZero() {
		t.Error("credentials without an expiry are renewed")
	}
}
