package kube

import "sync"

// preflight is what Connect asks the apiserver before it starts the
// informers: who the user is, whether cert-manager is served, and for
// each scope (namespace, "" = all) which optional kinds RBAC lets the
// user list. The questions are asked at once, in two rounds (cert-manager's
// kinds are asked about once it is known to be served): one after the
// other they were five round trips and one more per scope before the
// first LIST began (20-170 ms each on the local apiserver while it was
// busy, 2026-12-04; a network round trip each to a remote cluster), time
// the informer floor of make bench does not spend.
type preflight struct {
	user   string
	certs  bool          // cert-manager's Certificate kind is served
	scopes []scopeRights // one per namespace asked, in order
}

// scopeRights are the optional kinds a scope watches: a kind RBAC does
// not let the user list there is not watched (a forbidden watch is
// retried all session), and a lean connection watches none of Secrets,
// CronJobs and Jobs.
type scopeRights struct {
	watchSecrets, watchCronJobs, watchJobs bool
	// certKinds are cert-manager's kinds watched (none when cert-manager
	// is not installed or RBAC forbids: certNote says so; certScope).
	certKinds []Kind
	certNote  string
}

// askPreflight asks every question at once and waits for the answers;
// each question has its own 5 s timeout, and one not answered counts as
// allowed (mayList).
func (c *Cluster) askPreflight(namespaces []string) preflight {
	p := preflight{scopes: make([]scopeRights, len(namespaces))}
	var wg sync.WaitGroup
	wg.Go(func() { p.user = whoAmI(c.Client) })
	wg.Go(func() { p.certs = certManagerInstalled(c.Client.Discovery()) })
	if !c.lean {
		for i, ns := range namespaces {
			r := &p.scopes[i]
			wg.Go(func() { r.watchSecrets = c.mayList(ns, "secrets") })
			wg.Go(func() { r.watchCronJobs = c.mayList(ns, "cronjobs", "batch") })
			wg.Go(func() { r.watchJobs = c.mayList(ns, "jobs", "batch") })
		}
	}
	wg.Wait()
	for i, ns := range namespaces {
		r := &p.scopes[i]
		wg.Go(func() { r.certKinds, r.certNote = c.certScope(ns, p.certs) })
	}
	wg.Wait()
	return p
}
