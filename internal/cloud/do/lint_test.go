package do

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Lint asks for the basic and doks groups, waits out DO's 404 while the
// run is going, and flattens godo's diagnostics.
func TestLintWaitsForTheRun(t *testing.T) {
	cfg := seeded(time.Second)
	cfg.LintDelay = 300 * time.Millisecond
	_, c := localAPI(t, cfg)
	ctx := testContext(t)
	list, err := c.ListClusters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	prod := clusterNamed(t, list, "flightdeck-prod")
	runID, err := c.RunLint(ctx, prod.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LintResults(ctx, prod.ID, runID); !errors.Is(err, ErrLintPending) {
		t.Errorf("right after the run: %v, want ErrLintPending", err)
	}
	diags, err := Lint(ctx, c, prod.ID, 50*time.Millisecond, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 6 {
		t.Fatalf("%d findings, want 6: %+v", len(diags), diags)
	}
	d := diags[0]
	if d.Check != "dobs-pod-owner" || d.Severity != "warning" || d.Namespace != "www-example-com" || d.Kind != "pod" ||
		len(d.Owners) != 1 || d.Owners[0] != "ReplicaSet/web-7d9f8c6b5" {
		t.Errorf("first finding = %+v", d)
	}
}

// A run that does not finish within the bound is reported, not awaited.
func TestLintGivesUpAtItsBound(t *testing.T) {
	cfg := seeded(time.Second)
	cfg.LintDelay = time.Hour
	_, c := localAPI(t, cfg)
	ctx := testContext(t)
	list, err := c.ListClusters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lint(ctx, c, clusterNamed(t, list, "flightdeck-prod").ID, 20*time.Millisecond, 200*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "did not finish within 200ms") {
		t.Errorf("err = %v", err)
	}
}

// Upgrades come from GetUpgrades; Upgrade moves the cluster to the new
// version after DO's upgrading state; a version not offered is DO's 422,
// one readable line. The maintenance window rides on the cluster.
func TestUpgradeThroughGodo(t *testing.T) {
	_, c := localAPI(t, seeded(300*time.Millisecond))
	ctx := testContext(t)
	list, err := c.ListClusters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	prod := clusterNamed(t, list, "flightdeck-prod")
	if got := prod.Maintenance.String(); got != "any day 04:00 UTC for 4 hours" {
		t.Errorf("maintenance = %q (%+v)", got, prod.Maintenance)
	}
	ups, err := c.Upgrades(ctx, prod.ID)
	if err != nil || len(ups) != 1 || ups[0].Slug != "1.36.3-do.0" || ups[0].KubernetesVersion != "1.36.3" {
		t.Fatalf("upgrades = %+v, %v", ups, err)
	}
	err = c.Upgrade(ctx, prod.ID, "1.37.0-do.0")
	if HTTPStatus(err) != 422 || !strings.Contains(err.Error(), "not an available upgrade") {
		t.Errorf("unknown version: %v", err)
	}
	if err := c.Upgrade(ctx, prod.ID, "1.36.3-do.0"); err != nil {
		t.Fatal(err)
	}
	if cl, _ := c.GetCluster(ctx, prod.ID); cl.Status != "upgrading" {
		t.Errorf("right after: %s", cl.Status)
	}
	time.Sleep(400 * time.Millisecond)
	cl, err := c.GetCluster(ctx, prod.ID)
	if err != nil || cl.Status != "running" || cl.Version != "1.36.3-do.0" {
		t.Errorf("after the upgrade: %s %s %v", cl.Status, cl.Version, err)
	}
}

func TestHumanDuration(t *testing.T) {
	for in, want := range map[string]string{"4h0m0s": "4 hours", "1h30m0s": "1 hour 30 minutes", "45m0s": "45 minutes", "soon": "soon"} {
		if got := humanDuration(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
