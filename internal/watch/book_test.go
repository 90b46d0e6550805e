package watch

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func cause() string { return "New image cannot be pulled" }

// The book's promise: one firing and one resolved per site and revision,
// a repeat only after --repeat, and a restart (load from the state file)
// neither re-pages nor forgets.
func TestBookOneIncidentPerRevision(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	b := NewBook(nil, 4*time.Hour)
	stuck := Finding{Namespace: "www", Domain: "www.example.com", Revision: 2, Stuck: true, InProgress: true, Since: t0}
	if got := b.Observe("prod", stuck, false, t0, cause); len(got) != 1 || got[0].Status != StatusFiring {
		t.Fatalf("first stuck finding: %+v, want one firing", got)
	}
	for i := 1; i <= 5; i++ {
		if got := b.Observe("prod", stuck, false, t0.Add(time.Duration(i)*time.Minute), cause); len(got) != 0 {
			t.Fatalf("stuck again after %d min: %+v, want nothing", i, got)
		}
	}
	// Between crash back-offs the same revision is not stuck this moment:
	// not a fix.
	flicker := stuck
	flicker.Stuck = false
	if got := b.Observe("prod", flicker, false, t0.Add(6*time.Minute), cause); len(got) != 0 {
		t.Fatalf("same revision still rolling: %+v, want nothing", got)
	}
	// A restart: the state file brings the open incident back.
	dir := t.TempDir()
	if err := saveState(dir, b.All()); err != nil {
		t.Fatal(err)
	}
	loaded, err := loadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	b = NewBook(loaded, 4*time.Hour)
	if got := b.Observe("prod", stuck, false, t0.Add(7*time.Minute), cause); len(got) != 0 {
		t.Fatalf("after a restart: %+v, want no duplicate", got)
	}
	if got := b.Observe("prod", stuck, false, t0.Add(4*time.Hour), cause); len(got) != 1 || got[0].Status != StatusFiring {
		t.Fatalf("after --repeat: %+v, want the firing again", got)
	}
	// The rollback makes revision 3: resolved once.
	back := Finding{Namespace: "www", Domain: "www.example.com", Revision: 3, InProgress: true}
	got := b.Observe("prod", back, false, t0.Add(5*time.Hour), cause)
	if len(got) != 1 || got[0].Status != StatusResolved || got[0].Revision != 2 || got[0].Resolution != "new revision 3" {
		t.Fatalf("after the rollback: %+v, want revision 2 resolved by new revision 3", got)
	}
	if got := b.Observe("prod", back, false, t0.Add(5*time.Hour+time.Minute), cause); len(got) != 0 {
		t.Fatalf("resolved twice: %+v", got)
	}
	if n := len(b.Open()); n != 0 {
		t.Fatalf("%d open incidents after the resolution", n)
	}
}

func TestBookResolvesWhenRolledOutOrGone(t *testing.T) {
	t0 := time.Now()
	b := NewBook(nil, time.Hour)
	stuck := Finding{Namespace: "a", Revision: 4, Stuck: true, InProgress: true}
	b.Observe("c", stuck, false, t0, cause)
	done := Finding{Namespace: "a", Revision: 4}
	if got := b.Observe("c", done, false, t0, cause); len(got) != 1 || got[0].Resolution != "rolled out" {
		t.Fatalf("rolled out: %+v", got)
	}
	if got := b.Observe("c", stuck, false, t0, cause); len(got) != 0 {
		t.Fatalf("the same revision fired twice: %+v", got)
	}
	b.Observe("c", Finding{Namespace: "b", Revision: 1, Stuck: true}, false, t0, cause)
	if got := b.Observe("c", Finding{Namespace: "b"}, true, t0, cause); len(got) != 1 || got[0].Resolution != "site deleted" {
		t.Fatalf("deleted: %+v", got)
	}
}

func TestStateRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "incidents.json"), []byte(`{"version":9}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadState(dir); err == nil {
		t.Fatal("a state file of another version was read")
	}
	if got, err := loadState(t.TempDir()); err != nil || got != nil {
		t.Fatalf("no state file: %v %v, want empty", got, err)
	}
}
