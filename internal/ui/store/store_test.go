package store_test

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

func newStore(t *testing.T) (*store.Store, *kube.Static) {
	t.Helper()
	st, err := kube.NewStatic("t", uitest.Objects(uitest.DemoSites())...)
	if err != nil {
		t.Fatal(err)
	}
	s := store.New(st.Listers)
	s.Now = func() time.Time { return uitest.Now() }
	s.Resync()
	drain(t, st) // the fixtures' own changes
	return s, st
}

func drain(t *testing.T, st *kube.Static) kube.Batch {
	t.Helper()
	b, err := st.Changes.Next(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func findPod(s *store.Store, key string) *store.PodEntry {
	for _, e := range s.Pods() {
		if e.Key == key {
			return e
		}
	}
	return nil
}

func TestResyncDerivesSitesAndPods(t *testing.T) {
	s, _ := newStore(t)
	if n := len(s.Sites()); n != 4 {
		t.Fatalf("sites = %d, want 4", n)
	}
	if s.Sites()[0].Web.Phase != model.RolloutStuck {
		t.Fatalf("first site should be stuck, got %v", s.Sites()[0].Web.Phase)
	}
	if n := len(s.Pods()); n != 14 {
		t.Fatalf("pods = %d, want 14", n)
	}
	sum := s.Summary()
	if sum.Stuck != 2 || sum.Rolling != 1 || sum.NodesReady != 4 {
		t.Fatalf("summary = %+v", sum)
	}
}

func TestApplyUpdatesOnlyTouchedPodAndSite(t *testing.T) {
	s, st := newStore(t)
	p, err := st.Listers.Pods.Pods("www-example-com").Get(s.Pods()[len(s.Pods())-1].Name)
	if err != nil {
		t.Fatal(err)
	}
	p = p.DeepCopy()
	p.Status.ContainerStatuses[1].Ready = false
	p.Status.ContainerStatuses[1].RestartCount = 4
	p.Status.Conditions[0].Status = "False" // Ready
	mustSet(t, st, p)
	d := s.Apply(drain(t, st))
	if !d.Pods || !d.Namespaces["www-example-com"] || len(d.Namespaces) != 1 {
		t.Fatalf("dirty = %+v", d)
	}
	e := findPod(s, "www-example-com/"+p.Name)
	if e == nil || e.Restarts != 4 || e.ReadyContainers != 1 {
		t.Fatalf("pod row not updated: %+v", e)
	}
	site, _ := s.Site("www-example-com")
	if site.PodsNotReady != 1 {
		t.Fatalf("site not re-derived: %+v", site)
	}
}

func TestApplyDeleteRemovesPodAndSite(t *testing.T) {
	s, st := newStore(t)
	before := len(s.Pods())
	pod := findPod(s, "shop-acme-org/"+s.Pods()[8].Name)
	if pod == nil {
		t.Fatal("fixture order changed: no pod 8 in shop-acme-org")
	}
	obj, _ := st.Listers.Pods.Pods("shop-acme-org").Get(pod.Name)
	mustDelete(t, st, obj)
	s.Apply(drain(t, st))
	if len(s.Pods()) != before-1 || findPod(s, pod.Key) != nil {
		t.Fatalf("pod not removed")
	}
	dep, _ := st.Listers.Deployments.Deployments("shop-acme-org").Get("web")
	ns, _ := st.Listers.Namespaces.Get("shop-acme-org")
	nsCopy := ns.DeepCopy()
	delete(nsCopy.Labels, model.LabelPartOf)
	mustSet(t, st, nsCopy)
	mustDelete(t, st, dep)
	d := s.Apply(drain(t, st))
	if _, ok := s.Site("shop-acme-org"); ok || !d.Sites {
		t.Fatalf("site should be gone once the namespace holds no site (dirty %+v)", d)
	}
}

func TestResyncBatchRebuildsEverything(t *testing.T) {
	s, _ := newStore(t)
	d := s.Apply(kube.Batch{Resync: true})
	if !d.Sites || !d.Pods || len(s.Sites()) != 4 {
		t.Fatalf("resync: %+v, %d sites", d, len(s.Sites()))
	}
}

func TestSecretNamesAreKnownEvenWhenEmpty(t *testing.T) {
	s, _ := newStore(t)
	o := s.Objects("no-such-namespace")
	if o.SecretNames == nil {
		t.Fatal("SecretNames nil means unknown to the model; an empty namespace has none, known")
	}
}

func mustSet(t *testing.T, st *kube.Static, o runtime.Object) {
	t.Helper()
	if err := st.Set(o); err != nil {
		t.Fatal(err)
	}
}

func mustDelete(t *testing.T, st *kube.Static, o runtime.Object) {
	t.Helper()
	if err := st.Delete(o); err != nil {
		t.Fatal(err)
	}
}

func TestPodsOfIsTheNamespacesSliceOfPods(t *testing.T) {
	s, _ := newStore(t)
	var want []string
	for _, e := range s.Pods() {
		if e.Namespace == "shop-acme-org" {
			want = append(want, e.Key)
		}
	}
	got := s.PodsOf("shop-acme-org")
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("PodsOf = %d pods, want %d", len(got), len(want))
	}
	for i, e := range got {
		if e.Key != want[i] {
			t.Fatalf("pod %d = %s, want %s", i, e.Key, want[i])
		}
	}
	if len(s.PodsOf("shop-acme")) != 0 || len(s.PodsOf("no-such-namespace")) != 0 {
		t.Fatal("PodsOf must match the whole namespace name only")
	}
}

// A judgement that depends on elapsed time alone (a pod stuck
// Terminating) is re-evaluated when it is due, without any change to the
// pod (issue 11, kind 8).
func TestTimedJudgementsAreReevaluated(t *testing.T) {
	s, st := newStore(t)
	now := uitest.Now()
	s.Now = func() time.Time { return now }
	var victim *store.PodEntry
	for _, e := range s.Pods() {
		if e.Namespace == "www-example-com" {
			victim = e
			break
		}
	}
	pod, err := st.Listers.Pods.Pods(victim.Namespace).Get(victim.Name)
	if err != nil {
		t.Fatal(err)
	}
	term := pod.DeepCopy()
	deleted := metav1.NewTime(now.Add(-30 * time.Second))
	term.DeletionTimestamp = &deleted
	if err := st.Set(term); err != nil {
		t.Fatal(err)
	}
	s.Apply(drain(t, st))
	e := findPod(s, victim.Key)
	if e.Status != "Terminating" || e.Problem {
		t.Fatalf("30 s into terminating: %s problem=%v, want Terminating, no problem yet", e.Status, e.Problem)
	}
	due := deleted.Add(time.Minute)
	if got := s.NextChange(); !got.Equal(due) {
		t.Fatalf("next change %v, want %v (deletion + 60 s)", got, due)
	}
	if d := s.Reevaluate(now); d.Any() {
		t.Fatal("nothing is due yet")
	}
	now = due.Add(time.Second)
	d := s.Reevaluate(now)
	if !d.Pods || !d.Namespaces[victim.Namespace] {
		t.Fatalf("dirty %+v, want the pod's namespace", d)
	}
	if e := findPod(s, victim.Key); !e.Problem {
		t.Fatal("past its grace and a minute, the pod should be stuck Terminating (a problem)")
	}
	if next := s.NextChange(); !next.IsZero() && !next.After(now) {
		t.Fatalf("next change %v is not after now %v: the stuck pod was not dropped from the timer", next, now)
	}
}

// A site whose backups are overdue moves up the order once the column
// tells the store; a fresh one goes back.
func TestSetBackupMovesTheSite(t *testing.T) {
	s, _ := newStore(t)
	sites := s.Sites()
	last := sites[len(sites)-1]
	if s.SetBackup(last.Namespace, model.BackupFresh) == false || s.SetBackup(last.Namespace, model.BackupFresh) {
		t.Fatal("SetBackup does not report changes")
	}
	s.SetBackup(last.Namespace, model.BackupOverdue)
	if got, _ := s.Site(last.Namespace); got.Backup != model.BackupOverdue {
		t.Fatalf("site's backup = %v", got.Backup)
	}
	sites = s.Sites()
	if sites[len(sites)-1].Namespace == last.Namespace {
		t.Errorf("an overdue backup left %s last", last.Namespace)
	}
	s.SetBackup(last.Namespace, model.BackupFresh)
	sites = s.Sites()
	if sites[len(sites)-1].Namespace != last.Namespace {
		t.Errorf("a fresh backup did not put %s back", last.Namespace)
	}
}
