package sitewizard

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// TestPlanRendering renders a re-run's plan: unchanged objects, a change
// with its compact diff, a Secret whose value changed (keys only), an
// object the apiserver rejected, and more diff lines than fit.
func TestPlanRendering(t *testing.T) {
	ns := "www-example-com"
	long := make([]string, 11)
	for i := range long {
		long[i] = "spec.template.metadata.labels[example.com/l" + string(rune('a'+i)) + "]: <none> -> x"
	}
	plan := Plan{
		Results: []kube.ApplyResult{
			{Kind: "Namespace", Name: ns, Action: kube.ApplyUnchanged},
			{Kind: "Secret", Namespace: ns, Name: "s3", Action: kube.ApplyChange, Diff: []string{"data[secret-key.txt]: changed"}},
			{Kind: "Secret", Namespace: ns, Name: "mysql", Action: kube.ApplyUnchanged},
			{Kind: "StatefulSet", Namespace: ns, Name: "memcache", Action: kube.ApplyChange, Diff: []string{"spec.replicas: 3 -> 4"}},
			{Kind: "StatefulSet", Namespace: ns, Name: "mysql", Err: errors.New(`StatefulSet.apps "mysql" is invalid:
spec: Forbidden: updates to statefulset spec for fields other than 'replicas' are forbidden`)},
			{Kind: "Deployment", Namespace: ns, Name: "web", Action: kube.ApplyChange, Diff: append([]string{
				"spec.template.spec.containers[web].image: registry.digitalocean.com/acme/www:4f9c2e1 -> registry.digitalocean.com/acme/www:9a7b3c2",
				"spec.replicas: 3 -> 5"}, long...)},
			{Kind: "Ingress", Namespace: ns, Name: "web", Action: kube.ApplyUnchanged},
		},
		SecretKeys: map[string][]string{"s3": {"access-key.txt", "secret-key.txt"}, "mysql": {"drupal-db-pass.txt", "root-pass.txt"}},
		Bucket:     "bucket www-example-com exists at https://nyc3.digitaloceanspaces.com (kept as is)",
	}
	notes := []string{`image tag "main" is not a git short SHA: rollbacks are easier to read with one`}
	lines := planLines(styles.Default(true), plan, notes, 100)
	screen := ansi.Strip(strings.Join(lines, "\n"))
	golden.RequireEqual(t, []byte(screen))
	for _, forbidden := range []string{"sekret", "<redacted>"} {
		if strings.Contains(screen, forbidden) {
			t.Errorf("plan shows %q", forbidden)
		}
	}
	if ok, why := planOK(plan); ok || !strings.Contains(why, "rejected 1 object") {
		t.Errorf("planOK = %v %q", ok, why)
	}
}

// blockingBackend's Apply waits until interrupted, like an apply stuck on
// a slow apiserver.
type blockingBackend struct {
	*fakeBackend
	started, interrupted chan struct{}
}

func (b *blockingBackend) Apply(ctx context.Context, _ blueprint.SiteSpec) ([]kube.ApplyResult, error) {
	close(b.started)
	<-ctx.Done()
	close(b.interrupted)
	return nil, ctx.Err()
}

func TestEscInterruptsApply(t *testing.T) {
	fb := &fakeBackend{classes: demoClasses, plan: newSitePlan()}
	bb := &blockingBackend{fakeBackend: fb, started: make(chan struct{}), interrupted: make(chan struct{})}
	h, _, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	NewBackend = func(*common.Common) Backend { return bb }
	walkToReview(h)
	h.Keys("enter")
	<-bb.started
	h.UntilShows(time.Second, "applying 12 objects")
	t.Run("applying", func(t *testing.T) { golden.RequireEqual(t, []byte(h.Screen())) })
	h.Keys("q") // the page captures keys while applying: q must not quit past it
	h.Keys("esc")
	select {
	case <-bb.interrupted:
	case <-time.After(time.Second):
		t.Fatal("esc did not cancel the apply")
	}
	if !strings.Contains(h.Screen(), "apply of www-client-example interrupted") || !strings.Contains(h.Screen(), "Sites") {
		t.Fatalf("no interrupt message:\n%s", h.Screen())
	}
}

func TestProgressExplainsAStuckRollout(t *testing.T) {
	fb := &fakeBackend{classes: demoClasses, plan: newSitePlan()}
	h, static, _ := newStaticApp(t, fb, wizardGoldenWidth, 34)
	walkToReview(h)
	h.Keys("enter")
	h.UntilShows(time.Second, "applied 12 objects")
	for _, o := range uitest.SiteObjects(uitest.Site{Domain: newDomain, State: uitest.StuckImagePull, Age: time.Hour}) {
		if err := static.Set(o); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := static.Changes.Next(t.Context(), 0)
	h.Send(common.KubeBatchMsg{ConnID: 1, Batch: b})
	golden.RequireEqual(t, []byte(h.Screen()))
	for _, want := range []string{"Something is stuck", "cannot be pulled", "ImagePullBackOff"} {
		if !strings.Contains(h.Screen(), want) {
			t.Errorf("progress lacks %q", want)
		}
	}
}

func TestApplyFailureOffersEdit(t *testing.T) {
	fb := &fakeBackend{classes: demoClasses, plan: newSitePlan(), applyErr: errors.New(`site www.client.example: object store 127.0.0.1:39000: Access Denied`)}
	h, _, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	walkToReview(h)
	h.Keys("enter")
	h.UntilShows(time.Second, "apply failed", "Access Denied", "e edit")
	h.Keys("e")
	h.UntilShows(time.Second, "Step 2 of 7", newImage)
}
