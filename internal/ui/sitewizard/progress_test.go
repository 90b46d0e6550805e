package sitewizard_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

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
	h, _ := newStaticApp(t, bb, wizardGoldenWidth, wizardGoldenHeight)
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
	h, static := newStaticApp(t, fb, wizardGoldenWidth, 34)
	walkToReview(h)
	h.Keys("enter")
	h.UntilShows(time.Second, "applied 12 objects")
	// The informers then see the rollout stuck on a tag that is not there;
	// the pod's events come in with it.
	h.setObjects(static, uitest.SiteObjects(uitest.Site{Domain: newDomain, State: uitest.StuckImagePull, Age: time.Hour}),
		"Something is stuck", "BackOff pod/web-", "Failed pod/web-")
	golden.RequireEqual(t, []byte(h.Screen()))
	for _, want := range []string{"Something is stuck", "cannot be pulled", "ImagePullBackOff"} {
		if !strings.Contains(h.Screen(), want) {
			t.Errorf("progress lacks %q", want)
		}
	}
}

func TestApplyFailureOffersEdit(t *testing.T) {
	fb := &fakeBackend{classes: demoClasses, plan: newSitePlan(), applyErr: errors.New(`site www.client.example: object store 127.0.0.1:39000: Access Denied`)}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	walkToReview(h)
	h.Keys("enter")
	h.UntilShows(time.Second, "apply failed", "Access Denied", "e edit")
	h.Keys("e")
	h.UntilShows(time.Second, "Step 2 of 8", newImage)
}
