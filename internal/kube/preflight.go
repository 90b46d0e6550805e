package kube

import "sync"

// preflight is what Connect asks the apiserver before it starts the
// informers: who the user is, whether cert-manager is served, and for
// each scope (namespace, "" = all) which optional kinds RBAC lets the
// user list. The questions do not depend on each other, so they are asked
// at once: one after the other they were five round trips before the
// first LIST began (20-170 ms each on the local apiserver while it was
// busy, 2026-12-04; a network round trip each to a remote cluster), time
// the informer floor of make bench does not spend.
type preflight struct {
	user   string
	certs  bool          // cert-manager's Certificate kind is served
	scopes []scopeRights // one per namespace asked, in order
}

// scopeRights says which optional kinds a scope may list (a kind not
// allowed is not watched: a forbidden watch is retried all session).
type scopeRights struct {
	secrets, cronJobs, jobs bool
}

// askPreflight asks every question at once and waits for the answers;
// each question has its own 5 s timeout, and one not answered counts as
// allowed (mayList). A lean connection asks no rights: it watches none of
// the optional kinds.
func (c *Cluster) askPreflight(namespaces []string) preflight {
	p := preflight{scopes: make([]scopeRights, len(namespaces))}
	var wg sync.WaitGroup
	wg.Go(func() { p.user = whoAmI(c.Client) })
	wg.Go(func() { p.certs = certManagerInstalled(c.Client.Discovery()) })
	if !c.lean {
		for i, ns := range namespaces {
			r := &p.scopes[i]
			wg.Go(func() { r.secrets = c.mayList(ns, "secrets") })
			wg.Go(func() { r.cronJobs = c.mayList(ns, "cronjobs", "batch") })
			wg.Go(func() { r.jobs = c.mayList(ns, "jobs", "batch") })
		}
	}
	wg.Wait()
	return p
}
