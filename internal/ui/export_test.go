package ui

import "github.com/flightdeck/fdtui/internal/ui/common"

// PageOf builds a route's page through the app's one composition, as the
// app does when it opens it (tests check every page's keys).
func PageOf(a *App, r common.Route) common.Page { return a.f.page(r) }
