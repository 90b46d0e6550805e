package sitewizard

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// TestPlanRendering renders a re-run's plan: unchanged objects, a change
// with its compact diff, a Secret whose value changed (keys only), an
// object the apiserver rejected, and more diff lines than fit.
func TestPlanRendering(t *testing.T) {
	ns := "www-example-com"
	long := make([]string, 11)
	for i := range long {
		long[i] = "spec.template.metadata.labels[example.com/l" + string(rune('a'+i)) + "]: <none> -> x"
	}
	plan := Plan{
		Results: []kube.ApplyResult{
			{Kind: "Namespace", Name: ns, Action: kube.ApplyUnchanged},
			{Kind: "Secret", Namespace: ns, Name: "s3", Action: kube.ApplyChange, Diff: []string{"data[secret-key.txt]: changed"}},
			{Kind: "Secret", Namespace: ns, Name: "mysql", Action: kube.ApplyUnchanged},
			{Kind: "StatefulSet", Namespace: ns, Name: "memcache", Action: kube.ApplyChange, Diff: []string{"spec.replicas: 3 -> 4"}},
			{Kind: "StatefulSet", Namespace: ns, Name: "mysql", Err: errors.New(`StatefulSet.apps "mysql" is invalid:
spec: Forbidden: updates to statefulset spec for fields other than 'replicas' are forbidden`)},
			{Kind: "Deployment", Namespace: ns, Name: "web", Action: kube.ApplyChange, Diff: append([]string{
				"spec.template.spec.containers[web].image: registry.digitalocean.com/acme/www:4f9c2e1 -> registry.digitalocean.com/acme/www:9a7b3c2",
				"spec.replicas: 3 -> 5"}, long...)},
			{Kind: "Ingress", Namespace: ns, Name: "web", Action: kube.ApplyUnchanged},
		},
		SecretKeys: map[string][]string{"s3": {"access-key.txt", "secret-key.txt"}, "mysql": {"drupal-db-pass.txt", "root-pass.txt"}},
		Bucket:     "bucket www-example-com exists at https://nyc3.digitaloceanspaces.com (kept as is)",
	}
	notes := []string{`image tag "main" is not a git short SHA: rollbacks are easier to read with one`}
	lines := planLines(styles.Default(true), plan, notes, 100)
	screen := ansi.Strip(strings.Join(lines, "\n"))
	golden.RequireEqual(t, []byte(screen))
	for _, forbidden := range []string{"sekret", "<redacted>"} {
		if strings.Contains(screen, forbidden) {
			t.Errorf("plan shows %q", forbidden)
		}
	}
	if ok, why := planOK(plan); ok || !strings.Contains(why, "rejected 1 object") {
		t.Errorf("planOK = %v %q", ok, why)
	}
}
