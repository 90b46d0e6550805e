// Package ui is fdtui's Bubble Tea application. The App (app.go) routes
// messages: keys to the page on top of its stack, page-addressed replies
// (common.PageMsg) to the page that asked wherever it is, informer
// batches into the store, tasks to a spinner and a toast.
//
// Where things go:
//
//   - A new key on an existing page is a common.Action, returned by a
//     feature's Actions method and listed in that page's case of
//     features.page (compose.go). Set Mutates if it changes the world
//     (read-only mode then strips it), Need to the RBAC permission it
//     needs, and return a Plan: a Refuse, an Open (a page or wizard), or a
//     Task (its Op calls internal/actions, which has no Bubble Tea) with
//     an optional Confirm prompt and a Watch follow-up. pages.Actions
//     applies every gate; the follow-up is armed only after yes and
//     success.
//   - A new column on the sites page or block on a site's page is a
//     pages.SiteColumn or pages.SiteSection: Cell/Text only read, Prepare
//     (called from Update with what is about to be drawn) computes or
//     starts work, Listen wakes the page when background results land.
//   - A new page embeds common.Owner: its ID addresses replies (Reply),
//     its Ctx ends when the page closes, so every request, stream or
//     goroutine it starts runs under Ctx. Screens reachable by route are
//     built only in compose.go; pages ask for them with common.Open.
//   - A new feature is a package with a New(c, ...) constructor returning
//     a value; compose.go builds it once per app. No package-level state:
//     internal/arch_test.go fails on registries, exported or replaceable
//     variables.
//
// cmd/fdtui, every UI test (internal/ui/uitest) and every benchmark build
// the app with New(Config), so what is tested is what ships.
package ui
