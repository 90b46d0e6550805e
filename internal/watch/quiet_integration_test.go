package watch_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// A healthy rollout of 20 sites at once pages nothing, even with --early
// at one second (new pods starting are not failing pods); nor do a site
// whose rollout is paused on a broken image, or one scaled to 0 on it.
func TestWatchHealthyRolloutsPageNothing(t *testing.T) {
	path, ctxName := currentContext(t)
	_, cs := testenv.Clients(t)
	const n = 20
	nss := make([]string, n)
	for i := range nss {
		nss[i] = testenv.Namespace(t, cs)
		createSite(t, cs, nss[i], goodImage, 20, false)
	}
	paused, scaled := testenv.Namespace(t, cs), testenv.Namespace(t, cs)
	createSite(t, cs, paused, goodImage, 20, false)
	createSite(t, cs, scaled, goodImage, 20, false)
	for _, ns := range append(nss, paused, scaled) {
		waitRolledOut(t, cs, ns)
	}
	rcv := newReceiver(t, 0)
	w := startWatch(t, "--kubeconfig", path, "--context", ctxName, "--notify", "webhook+"+rcv.URL,
		"--state-dir", t.TempDir(), "--early", "1s")
	w.until(t, 60*time.Second, "cluster "+ctxName+": connected")

	ctx := context.Background()
	patch := func(ns, body string) {
		if _, err := cs.AppsV1().Deployments(ns).Patch(ctx, "web", types.StrategicMergePatchType, []byte(body), metav1.PatchOptions{}); err != nil {
			t.Error(err)
		}
	}
	patch(paused, `{"spec":{"paused":true}}`)
	patch(scaled, `{"spec":{"replicas":0}}`)
	waitRolledOut(t, cs, scaled)
	setImage(t, cs, paused, "registry.example.com/acme/web:broken-0000001")
	setImage(t, cs, scaled, "registry.example.com/acme/web:broken-0000002")
	var wg sync.WaitGroup
	for i, ns := range nss {
		wg.Add(1)
		go func() {
			defer wg.Done()
			setImage(t, cs, ns, fmt.Sprintf("registry.example.com/acme/web:5e6f7a%d", i%10))
		}()
	}
	wg.Wait()
	for _, ns := range nss {
		waitRolledOut(t, cs, ns)
	}
	time.Sleep(3 * time.Second) // an --early of 1 s has had its chance
	for _, ns := range append(nss, paused, scaled) {
		if got := append(rcv.about(ns, "firing"), rcv.about(ns, "resolved")...); len(got) > 0 {
			t.Errorf("%s paged during a healthy rollout or an expected state: %+v", ns, got)
		}
	}
}
