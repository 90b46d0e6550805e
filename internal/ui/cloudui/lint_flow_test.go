package cloudui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// lintDO is the stand-in on the real clock (lint runs and upgrades follow
// it) with short delays.
func lintDO(t *testing.T, log *apiLog) (*dolocal.Server, cloudui.Config) {
	t.Helper()
	cfg := dolocal.Config{LintDelay: 300 * time.Millisecond, ProvisionDelay: 800 * time.Millisecond}
	if log != nil {
		cfg.Logf = log.logf
	}
	srv, api := localDO(t, cfg)
	return srv, cloudui.Config{DO: api, LintPoll: 50 * time.Millisecond, ProvisionPoll: 100 * time.Millisecond}
}

// TestLintOnDemandGroupsBySiteAndShowsOnTheSite: l on flightdeck-prod
// (the connected cluster) runs clusterlint, shows the findings grouped by
// site with DO's severity words (the Deployment on a block-storage volume
// among them), the rest under "cluster"; the site's screen then lists its
// own findings.
func TestLintOnDemandGroupsBySiteAndShowsOnTheSite(t *testing.T) {
	_, cfg := lintDO(t, nil)
	c, conn, path := doConn(t)
	cfg.KubeconfigPath = path
	l := startLive(t, c, conn, cfg)
	openClusters(l)
	l.WaitFor(10*time.Second, "legacy-sites", "l lint DO cluster")
	l.Keys("j", "l") // flightdeck-prod
	screen := l.WaitFor(10*time.Second, "clusterlint on flightdeck-prod", "1 error, 5 warnings, 0 suggestions",
		"site www-example-com", "site shop-acme-org", "cluster (cluster-wide")
	t.Log("\n" + screen)
	www := after(screen, "site www-example-com", "site shop-acme-org")
	for _, want := range []string{
		"warning    dobs-pod-owner  pod web-7d9f8c6b5-x2k8p (ReplicaSet/web-7d9f8c6b5, 2 pods): Pod referencing DOBS volumes must be owned by StatefulSet",
		"warning    resource-requirements  pod cron-29410560-7xk2q (Job/cron-29410560): Set resource requests and limits for container `drush-cron`",
	} {
		if !strings.Contains(www, want) {
			t.Errorf("www-example-com's group lacks %q:\n%s", want, www)
		}
	}
	if shop := after(screen, "site shop-acme-org", "cluster (cluster-wide"); !strings.Contains(shop, "error      node-name-pod-selector  pod mysql-0") {
		t.Errorf("shop-acme-org's group:\n%s", shop)
	}
	cluster := after(screen, "cluster (cluster-wide", "")
	for _, want := range []string{"unused-pv  persistent volume pvc-3f1c9a2e-old-files", "latest-tag  pod ingress-nginx-controller"} {
		if !strings.Contains(cluster, want) {
			t.Errorf("the cluster group lacks %q:\n%s", want, cluster)
		}
	}
	l.Keys("esc")
	l.Keys(":")
	l.Type("ns www-example-com")
	l.Keys("enter")
	site := l.WaitFor(10*time.Second, "lint         clusterlint on flightdeck-prod: 0 errors, 3 warnings, 0 suggestions",
		"dobs-pod-owner  pod web-7d9f8c6b5-x2k8p", "Pod referencing DOBS volumes must be owned by StatefulSet")
	if strings.Contains(site, "node-name-pod-selector") || strings.Contains(site, "unused-pv") {
		t.Errorf("another namespace's findings on www-example-com's screen:\n%s", site)
	}
	l.Keys(":")
	l.Type("ns news-daily-gazette-com")
	l.Keys("enter")
	news := l.WaitFor(10*time.Second, "news.daily-gazette.com")
	if strings.Contains(news, "clusterlint on") {
		t.Errorf("a site without findings shows a lint section:\n%s", news)
	}
}

// after is the part of screen from start to end ("" end: to the end).
func after(screen, start, end string) string {
	_, rest, _ := strings.Cut(screen, start)
	if end != "" {
		rest, _, _ = strings.Cut(rest, end)
	}
	return rest
}

// TestUpgradeLintsFirstThenFollowsTheUpgrade: u on flightdeck-prod offers
// 1.36.3-do.0, runs clusterlint first and shows its errors, the
// maintenance window, and upgrades only after y; the progress follows
// DigitalOcean's status until the cluster runs the new version.
func TestUpgradeLintsFirstThenFollowsTheUpgrade(t *testing.T) {
	_, cfg := lintDO(t, nil)
	c, conn, _, path := demoCommon(t)
	cfg.KubeconfigPath = path
	l := startLive(t, c, conn, cfg)
	openClusters(l)
	l.WaitFor(10*time.Second, "legacy-sites", "u upgrade DO cluster")
	l.Keys("j", "j", "u") // flightdeck-staging runs the newest version
	l.WaitFor(10*time.Second, "no upgrade available: flightdeck-staging runs 1.36.3-do.0, the newest DigitalOcean offers it")
	l.Keys("k", "u") // flightdeck-prod
	offer := l.WaitFor(10*time.Second, "Upgrade cluster flightdeck-prod (nyc3), now 1.35.6-do.1", "1.36.3-do.0 (Kubernetes 1.36.3)",
		"clusterlint first  1 error, 5 warnings, 0 suggestions", "shop-acme-org: error      node-name-pod-selector",
		"maintenance window any day 04:00 UTC for 4 hours", "y upgrades flightdeck-prod to 1.36.3-do.0 now")
	t.Log("\n" + offer)
	if cl := prodCluster(t, cfg.DO); cl.Version != "1.35.6-do.1" || cl.Status != "running" {
		t.Fatalf("changed before y: %s %s", cl.Status, cl.Version)
	}
	l.Keys("y")
	l.WaitFor(10*time.Second, "Cluster upgrade to 1.36.3-do.0 started")
	done := l.WaitFor(15*time.Second, "upgraded: flightdeck-prod runs 1.36.3-do.0", "Cluster upgraded to 1.36.3-do.0")
	t.Log("\n" + done)
	if strings.Contains(done, "Cluster creation started") {
		t.Errorf("the progress shows messages from before the upgrade:\n%s", done)
	}
	if cl := prodCluster(t, cfg.DO); cl.Version != "1.36.3-do.0" || cl.Status != "running" {
		t.Errorf("after the upgrade: %s %s", cl.Status, cl.Version)
	}
	l.Keys("esc")
	screen := l.WaitFor(10*time.Second, "Clusters")
	if line := lineWith(screen, "flightdeck-prod"); !strings.Contains(line, "1.36.3-do.0") || !strings.Contains(line, "running") {
		t.Errorf("clusters row after the upgrade: %q", line)
	}
}

// TestReadOnlyRefusesUpgradeButLints: under --readonly u is left out of
// help and refused without asking DigitalOcean; l (it changes nothing)
// still works.
func TestReadOnlyRefusesUpgradeButLints(t *testing.T) {
	log := &apiLog{}
	_, cfg := lintDO(t, log)
	c, conn, path := doConn(t)
	c.Options.ReadOnly = true
	cfg.KubeconfigPath = path
	l := startLive(t, c, conn, cfg)
	openClusters(l)
	screen := l.WaitFor(10*time.Second, "legacy-sites", "l lint DO cluster")
	if strings.Contains(screen, "upgrade DO cluster") {
		t.Errorf("read-only help offers upgrade:\n%s", screen)
	}
	before := log.len()
	l.Keys("j", "u")
	l.WaitFor(5*time.Second, pages.ReadOnlyRefusal)
	time.Sleep(300 * time.Millisecond)
	if calls := log.since(before); len(calls) != 0 {
		t.Errorf("a refused upgrade called DigitalOcean: %v", calls)
	}
	if strings.Contains(l.Screen(), "Upgrade cluster") {
		t.Errorf("u opened the upgrade in read-only mode:\n%s", l.Screen())
	}
	l.Keys("l")
	l.WaitFor(10*time.Second, "clusterlint on flightdeck-prod", "1 error, 5 warnings")
	if cl := prodCluster(t, cfg.DO); cl.Version != "1.35.6-do.1" {
		t.Errorf("version changed in read-only mode: %s", cl.Version)
	}
}

// TestGoldenLintReportAndUpgradeOffer: the clusterlint report of the
// connected production cluster, grouped by site, and the upgrade page
// once lint has run (versions, errors, maintenance window, y).
func TestGoldenLintReportAndUpgradeOffer(t *testing.T) {
	_, cfg := lintDO(t, nil)
	c, conn, path := doConn(t)
	cfg.KubeconfigPath = path
	l := startLive(t, c, conn, cfg)
	openClusters(l)
	l.WaitFor(10*time.Second, "legacy-sites")
	l.Keys("j", "l")
	report := l.WaitFor(10*time.Second, "1 error, 5 warnings", "unused-pv")
	t.Run("report", func(t *testing.T) { golden.RequireEqual(t, []byte(body(report))) })
	l.Keys("esc")
	l.WaitFor(5*time.Second, "legacy-sites")
	l.Keys("u")
	offer := l.WaitFor(10*time.Second, "y upgrades flightdeck-prod to 1.36.3-do.0 now")
	t.Run("upgrade", func(t *testing.T) { golden.RequireEqual(t, []byte(body(offer))) })
}
