package cloudui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/fleet"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/fleetui"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// A fleet file selecting DigitalOcean clusters by tag: the tagged
// cluster without a saved context is offered; enter fetches its
// credentials (as on the clusters screen) and connects; back on the
// fleet it is a member, connected, with its monthly price; the untagged
// clusters stay out.
func TestLiveFleetOffersAndJoinsAccountClusters(t *testing.T) {
	creds, err := dolocal.KubeCredentialsFromKubeconfig(testenv.Kubeconfig(t), "")
	if err != nil {
		t.Fatal(err)
	}
	_, client := localDO(t, dolocal.Config{Kube: creds})
	_, kc := tempKubeconfig(t, "apiVersion: v1\nkind: Config\n")
	c := &common.Common{Kubeconfig: kc}
	fl := fleetui.Config{File: fleet.File{Path: "fleet.yaml", DigitalOcean: &fleet.DOFleet{Tags: []string{"staging"}}}, Start: true}
	l := uitest.StartLive(t, ui.Config{Common: c, Cloud: cloudui.Config{DO: client}, Fleet: fl}, 160, 40)
	screen := l.WaitFor(30*time.Second, "fleet: 0/0 connected", "1 without credentials", "flightdeck-staging", "NO CONTEXT")
	if strings.Contains(screen, "flightdeck-prod") {
		t.Errorf("an untagged cluster is in the fleet:\n%s", screen)
	}
	l.Keys("enter")
	l.WaitFor(60*time.Second, "connected to do-ams3-flightdeck-staging")
	l.Keys(":")
	l.Type("fleet")
	l.Keys("enter")
	l.WaitFor(90*time.Second, "fleet: 1/1 connected", "do-ams3-flightdeck-staging  connected", "nodes ready · $")
}
