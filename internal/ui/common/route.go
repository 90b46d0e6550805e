package common

import tea "charm.land/bubbletea/v2"

// RouteKind is one of the app's list and detail screens.
type RouteKind int

const (
	RouteSites RouteKind = iota
	RouteSite
	RoutePods
	RouteEvents
	RouteNodes
	RouteClusters
	// RouteFleet is every site of every selected cluster (fleetui).
	RouteFleet
)

// Route names a screen: pages ask the app to open one, and the app builds
// it through its one composition (so every site page has every feature's
// keys, however it was opened).
type Route struct {
	Kind RouteKind
	// Namespace: the site (RouteSite), the pods' or events' namespace ("" =
	// all).
	Namespace string
	// Pod narrows RouteEvents to one pod.
	Pod string
}

// OpenMsg asks the app to open a route on top of the current page, or
// instead of the whole stack (Replace, used by : jumps).
type OpenMsg struct {
	Route   Route
	Replace bool
}

// Open is a command that opens r on top of the current page.
func Open(r Route) tea.Cmd { return func() tea.Msg { return OpenMsg{Route: r} } }

// Command is a feature's ":" command (":newsite DOMAIN", ":readiness").
type Command struct {
	Name string
	Run  func(arg string) tea.Cmd
	// Mutates: the command opens a flow that changes the cluster. In
	// read-only mode it is left out of help and suggestions, and refused
	// (with the reason) when typed.
	Mutates bool
}
