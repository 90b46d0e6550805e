package ui_test

import (
	"strings"
	"testing"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// someDO stands for a configured DigitalOcean account: building pages
// calls none of its methods.
type someDO struct{ do.API }

// No two features may claim the same key on the same page, and no page
// key may hide an app-wide one. Every page is built through the shipped
// composition, with every feature on (a DigitalOcean account included).
func TestNoTwoFeaturesClaimAKey(t *testing.T) {
	d, _ := newDemoApp3(t, ui.Config{Cloud: cloudui.Config{DO: someDO{}}}, nil, nil)
	shipped := d.Model.(*ui.App)
	// The app's own keys; a page may list "/" as its filter, which is
	// the app's filter prompt.
	global := map[string]string{":": "command", "/": "filter", "?": "help", "q": "quit", "ctrl+c": "quit"}
	routes := map[string]common.Route{
		"sites": {Kind: common.RouteSites}, "site": {Kind: common.RouteSite, Namespace: "www-example-com"},
		"pods": {Kind: common.RoutePods}, "events": {Kind: common.RouteEvents}, "nodes": {Kind: common.RouteNodes},
		"clusters": {Kind: common.RouteClusters},
	}
	for name, r := range routes {
		page := ui.PageOf(shipped, r)
		owner := map[string]string{}
		for _, group := range page.FullHelp() {
			for _, b := range group {
				for _, k := range b.Keys() {
					desc := strings.TrimSuffix(b.Help().Desc, " (forbidden)")
					if prev, ok := owner[k]; ok && prev != desc {
						t.Errorf("%s page: key %q is both %q and %q", name, k, prev, desc)
					}
					owner[k] = desc
					if g, ok := global[k]; ok && g != desc {
						t.Errorf("%s page: key %q (%s) is hidden by the app-wide key", name, k, desc)
					}
				}
			}
		}
		if len(owner) == 0 {
			t.Errorf("%s page offers no keys", name)
		}
	}
}
