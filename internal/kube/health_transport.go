package kube

import (
	"net/http"
	"path"
)

// observer is the innermost wrapper of every request a Cluster's clients
// make (rest.Config.Wrap): it sees each request's outcome before client-go
// retries or backs off, so the connection state changes within
// milliseconds of the apiserver going away or coming back.
type observer struct {
	health *Health
	next   http.RoundTripper
}

func (o observer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := o.next.RoundTrip(req)
	switch {
	case err != nil && req.Context().Err() != nil:
		// Cancelled or timed out by its caller (a closed page, the
		// ping's own timeout, which Ping reports): not the server's fault.
	case err != nil:
		o.health.unreachable(err)
	default:
		o.health.answered(resp.StatusCode, listedKind(req))
	}
	return resp, err
}

// WrappedRoundTripper lets client-go's debugging wrappers see through.
func (o observer) WrappedRoundTripper() http.RoundTripper { return o.next }

// watched reports whether a Cluster's informers list and watch kind.
func watched(kind Kind) bool {
	switch kind {
	case KindNamespace, KindPod, KindDeployment, KindReplicaSet, KindStatefulSet,
		KindService, KindIngress, KindPVC, KindEvent, KindNode, KindSecret:
		return true
	}
	return false
}

// listedKind is the kind a list or watch request is for (its path ends in
// the resource: /api/v1/namespaces/NS/pods, /apis/apps/v1/deployments),
// or "" for anything else.
func listedKind(req *http.Request) Kind {
	if req.Method != http.MethodGet {
		return ""
	}
	k := Kind(path.Base(req.URL.Path))
	if !watched(k) {
		return ""
	}
	return k
}
