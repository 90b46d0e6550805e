package sitewizard

import (
	"runtime"
	"testing"
	"weak"

	"github.com/flightdeck/fdtui/internal/kube"
)

// Regression (issue 10): a package-level map kept every cluster that ever
// opened the wizard (with its informer caches) alive for the session. The
// backend must hold nothing beyond the connection it is made for.
func TestBackendKeepsNoClusterAlive(t *testing.T) {
	static, err := kube.NewStatic("closed")
	if err != nil {
		t.Fatal(err)
	}
	cl := weak.Make(static.Cluster)
	b := kubeBackendFor(static.Cluster)
	if b == nil {
		t.Fatal("no backend")
	}
	static, b = nil, nil
	for range 3 {
		runtime.GC()
	}
	if cl.Value() != nil {
		t.Fatal("the closed connection's cluster is still reachable after its backend was dropped")
	}
}
