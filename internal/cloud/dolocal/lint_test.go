package dolocal

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A site whose web Deployment mounts a claim of the default (block
// storage) class is found by dobs-pod-owner; its StatefulSet's mysql is
// not; a pinned pod, a container without requests, a latest image and an
// unclaimed volume each have their check.
func TestLintChecksFindWhatClusterlintFinds(t *testing.T) {
	def := "do-block-storage"
	owned := func(kind, name string) []metav1.OwnerReference {
		return []metav1.OwnerReference{{Kind: kind, Name: name}}
	}
	claimVol := func(claim string) []corev1.Volume {
		return []corev1.Volume{{Name: "files", VolumeSource: corev1.VolumeSource{
			PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: claim}}}}
	}
	req := corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m")}}
	o := lintObjects{
		StorageClasses: []storagev1.StorageClass{{ObjectMeta: metav1.ObjectMeta{Name: def,
			Annotations: map[string]string{"storageclass.kubernetes.io/is-default-class": "true"}}, Provisioner: "rancher.io/local-path"}},
		Claims: []corev1.PersistentVolumeClaim{
			{ObjectMeta: metav1.ObjectMeta{Namespace: "www-example-com", Name: "files"}},
			{ObjectMeta: metav1.ObjectMeta{Namespace: "www-example-com", Name: "data-mysql-0"}, Spec: corev1.PersistentVolumeClaimSpec{StorageClassName: &def}},
		},
		Pods: []corev1.Pod{
			{ObjectMeta: metav1.ObjectMeta{Namespace: "www-example-com", Name: "web-1", OwnerReferences: owned("ReplicaSet", "web-1a")},
				Spec: corev1.PodSpec{Volumes: claimVol("files"), Containers: []corev1.Container{{Name: "web", Image: "drupal:11.1", Resources: req}}}},
			{ObjectMeta: metav1.ObjectMeta{Namespace: "www-example-com", Name: "mysql-0", OwnerReferences: owned("StatefulSet", "mysql")},
				Spec: corev1.PodSpec{Volumes: claimVol("data-mysql-0"), NodeSelector: map[string]string{corev1.LabelHostname: "web-abc"},
					Containers: []corev1.Container{{Name: "mysql", Image: "mysql", Resources: req}}}},
			{ObjectMeta: metav1.ObjectMeta{Namespace: "www-example-com", Name: "cron-1"},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "drush", Image: "registry.example.com/drush@sha256:abc"}}}},
		},
		Volumes: []corev1.PersistentVolume{{ObjectMeta: metav1.ObjectMeta{Name: "pvc-old"}}},
	}
	got := map[string]string{}
	for _, d := range runLintChecks(o, godo.KubernetesRunClusterlintRequest{IncludeGroups: []string{"basic", "doks"}}) {
		got[d.CheckName+" "+d.Object.Name] = d.Severity + ": " + d.Message
	}
	want := map[string]string{
		"dobs-pod-owner web-1":           "warning: Pod referencing DOBS volumes must be owned by StatefulSet",
		"node-name-pod-selector mysql-0": "error: Avoid node name label for node selector.",
		"resource-requirements cron-1":   "warning: Set resource requests and limits for container `drush` to prevent resource contention",
		"latest-tag mysql-0":             "warning: Avoid using latest tag for container 'mysql'",
		"unused-pv pvc-old":              "warning: Unused Persistent Volume 'pvc-old'.",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d findings, want %d: %v", len(got), len(want), got)
	}
	// DO's default without groups is the doks group alone.
	for _, d := range runLintChecks(o, godo.KubernetesRunClusterlintRequest{}) {
		if lintGroupOf(d.CheckName) != "doks" {
			t.Errorf("default run included %s", d.CheckName)
		}
	}
}

type lintRoot struct {
	RunID       string                       `json:"run_id"`
	RequestedAt time.Time                    `json:"requested_at"`
	CompletedAt time.Time                    `json:"completed_at"`
	Diagnostics []godo.ClusterlintDiagnostic `json:"diagnostics"`
}

func prodID(t *testing.T, s *Server) string {
	t.Helper()
	got := decode[listRoot](t, do(t, s, "GET", "/v2/kubernetes/clusters", "t", nil))
	for _, c := range got.Clusters {
		if c.Name == "flightdeck-prod" {
			return c.ID
		}
	}
	t.Fatal("no flightdeck-prod")
	return ""
}

// Results are 404 until the run's delay has passed, then the seeded
// findings come in DO's envelope, filtered by the groups asked.
func TestClusterlintRunThenResults(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	s := New(Config{Token: "t", Seed: DefaultSeed(), LintDelay: 5 * time.Second, Now: func() time.Time { return now }})
	id := prodID(t, s)
	base := "/v2/kubernetes/clusters/" + id + "/clusterlint"
	if rec := do(t, s, "GET", base, "t", nil); rec.Code != http.StatusNotFound {
		t.Errorf("before any run: %d", rec.Code)
	}
	rec := do(t, s, "POST", base, "t", godo.KubernetesRunClusterlintRequest{IncludeGroups: []string{"basic", "doks"}})
	run := decode[map[string]string](t, rec)["run_id"]
	if rec.Code != http.StatusAccepted || run == "" {
		t.Fatalf("run: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, s, "GET", base+"?run_id="+run, "t", nil); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "not completed") {
		t.Errorf("while running: %d %s", rec.Code, rec.Body)
	}
	now = now.Add(5 * time.Second)
	res := decode[lintRoot](t, do(t, s, "GET", base+"?run_id="+run, "t", nil))
	if res.RunID != run || !res.CompletedAt.Equal(now) || len(res.Diagnostics) != len(prodLint()) {
		t.Errorf("results = %+v", res)
	}
	doksOnly := decode[map[string]string](t, do(t, s, "POST", base, "t", nil))["run_id"]
	now = now.Add(5 * time.Second)
	latest := decode[lintRoot](t, do(t, s, "GET", base, "t", nil))
	if latest.RunID != doksOnly || len(latest.Diagnostics) != 3 {
		t.Errorf("doks-only run: %d findings, run %s (want %s)", len(latest.Diagnostics), latest.RunID, doksOnly)
	}
	if rec := do(t, s, "GET", base+"?run_id=nope", "t", nil); rec.Code != http.StatusNotFound {
		t.Errorf("unknown run: %d", rec.Code)
	}
}

// Upgrades offer newer versions up to one minor ahead; an upgrade runs
// for the provision delay, then the cluster runs the new version; a
// version not offered is a 422.
func TestUpgradeOffersAndFollowsTheClock(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	s := New(Config{Token: "t", Seed: DefaultSeed(), ProvisionDelay: 10 * time.Second, Now: func() time.Time { return now }})
	id := prodID(t, s)
	base := "/v2/kubernetes/clusters/" + id
	type upgradesRoot struct {
		Versions []godo.KubernetesVersion `json:"available_upgrade_versions"`
	}
	ups := decode[upgradesRoot](t, do(t, s, "GET", base+"/upgrades", "t", nil)).Versions
	if len(ups) != 1 || ups[0].Slug != "1.36.3-do.0" {
		t.Fatalf("prod (1.35.6) upgrades = %+v", ups)
	}
	rec := do(t, s, "POST", base+"/upgrade", "t", godo.KubernetesClusterUpgradeRequest{VersionSlug: "1.34.9-do.2"})
	if e := decode[apiError](t, rec); rec.Code != 422 || e.ID != "unprocessable_entity" || !strings.Contains(e.Message, "not an available upgrade") {
		t.Errorf("downgrade: %d %+v", rec.Code, e)
	}
	if rec := do(t, s, "POST", base+"/upgrade", "t", godo.KubernetesClusterUpgradeRequest{VersionSlug: "1.36.3-do.0"}); rec.Code != http.StatusAccepted {
		t.Fatalf("upgrade: %d %s", rec.Code, rec.Body)
	}
	type root struct {
		Cluster godo.KubernetesCluster `json:"kubernetes_cluster"`
	}
	mid := decode[root](t, do(t, s, "GET", base, "t", nil)).Cluster
	if mid.Status.State != godo.KubernetesClusterStatusUpgrading || mid.VersionSlug != "1.35.6-do.1" {
		t.Errorf("during the upgrade: %s %s", mid.Status.State, mid.VersionSlug)
	}
	if rec := do(t, s, "POST", base+"/upgrade", "t", godo.KubernetesClusterUpgradeRequest{VersionSlug: "1.36.3-do.0"}); rec.Code != 422 {
		t.Errorf("second upgrade while upgrading: %d", rec.Code)
	}
	now = now.Add(10 * time.Second)
	done := decode[root](t, do(t, s, "GET", base, "t", nil)).Cluster
	if done.Status.State != godo.KubernetesClusterStatusRunning || done.VersionSlug != "1.36.3-do.0" {
		t.Errorf("after the upgrade: %s %s", done.Status.State, done.VersionSlug)
	}
	if ups := decode[upgradesRoot](t, do(t, s, "GET", base+"/upgrades", "t", nil)).Versions; len(ups) != 0 {
		t.Errorf("upgrades from the newest version: %+v", ups)
	}
}

// Seeded findings stand for a seeded cluster even with a Kubernetes
// cluster configured (not read: the address here is closed); a cluster
// without them and without Config.Kube has nothing to find.
func TestClusterlintSourcePerCluster(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	s := New(Config{Token: "t", Seed: DefaultSeed(), LintDelay: time.Second, Now: func() time.Time { return now },
		Kube: KubeCredentials{Server: "https://127.0.0.1:1"}})
	base := "/v2/kubernetes/clusters/" + prodID(t, s) + "/clusterlint"
	if rec := do(t, s, "POST", base, "t", godo.KubernetesRunClusterlintRequest{IncludeGroups: []string{"basic", "doks"}}); rec.Code != http.StatusAccepted {
		t.Fatalf("seeded cluster: %d %s", rec.Code, rec.Body)
	}
	bare := New(Config{Token: "t", Seed: DefaultSeed()[1:], LintDelay: time.Second, Now: func() time.Time { return now }})
	staging := decode[listRoot](t, do(t, bare, "GET", "/v2/kubernetes/clusters", "t", nil)).Clusters[0].ID
	do(t, bare, "POST", "/v2/kubernetes/clusters/"+staging+"/clusterlint", "t", nil)
	now = now.Add(time.Second)
	if got := decode[lintRoot](t, do(t, s, "GET", base, "t", nil)).Diagnostics; len(got) != len(prodLint()) {
		t.Errorf("seeded cluster: %d findings", len(got))
	}
	rec := do(t, bare, "GET", "/v2/kubernetes/clusters/"+staging+"/clusterlint", "t", nil)
	if got := decode[lintRoot](t, rec); rec.Code != 200 || got.Diagnostics == nil || len(got.Diagnostics) != 0 {
		t.Errorf("nothing to read: %d %s", rec.Code, rec.Body)
	}
}
