package store_test

import (
	"testing"
	"time"
)

// A certificate's days left change with time alone: the store schedules
// the moment (NextChange), and re-derives the site then, so a site whose
// certificate drops under 7 days rises above the rolling one without any
// object changing.
func TestCertificateTimeReranks(t *testing.T) {
	s, _ := newStore(t)
	if got := s.Sites(); got[len(got)-1].Domain != "www.example.com" {
		t.Fatalf("the healthy site with 61 days left should rank last, got %s", got[len(got)-1].Domain)
	}
	next := s.NextChange()
	if next.IsZero() || next.After(s.Now().Add(24*time.Hour)) {
		t.Fatalf("next change %v: want within a day (days left drop daily)", next)
	}
	www, _ := s.Site("www-example-com")
	c, _ := www.Certs.Worst()
	later := c.NotAfter.Add(-6*24*time.Hour - time.Hour) // 6 days left: urgent
	s.Now = func() time.Time { return later }
	if d := s.Reevaluate(later); !d.Sites || !d.Namespaces["www-example-com"] {
		t.Fatalf("Reevaluate: %+v, want the site re-derived", d)
	}
	var order []string
	for _, site := range s.Sites() {
		order = append(order, site.Domain)
	}
	if order[2] != "www.example.com" || order[3] != "news.daily-gazette.com" {
		t.Errorf("order %v: want www.example.com (certificate expiring) above the rolling site", order)
	}
}
