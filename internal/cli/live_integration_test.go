package cli_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cli"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/testenv"
)

const goodImage = "registry.example.com/site:4f9c2e1"

// liveSite is a Flight Deck site made by the blueprint (what the new-site
// wizard applies) in its own namespace, with one web and one memcache
// pod; its database volume is a pre-bound PersistentVolume of a storage
// class name of the test's own (the local cluster has no provisioner).
type liveSite struct {
	domain, ns, context, kubeconfig string
	id                              string
	cs                              kubernetes.Interface
}

func newLiveSite(t *testing.T) liveSite {
	t.Helper()
	path := testenv.Kubeconfig(t)
	cfg, cs := testenv.Clients(t)
	raw, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.ToLower(rand.Text()[:8])
	s := liveSite{domain: "cli-" + id + ".fdtui-test.example", context: raw.CurrentContext, kubeconfig: path, cs: cs, id: id}
	if s.ns, err = blueprint.NamespaceFor(s.domain); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// A class name without a StorageClass object: the PV controller binds
	// a pre-bound volume of the same class at once. (A StorageClass would
	// be cluster-wide and show in the site wizard's list, which other
	// packages' tests read at the same time.)
	sc := "fdtui-test-cli-" + id
	pv := &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: sc}, Spec: corev1.PersistentVolumeSpec{
		Capacity:                      corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("100Gi")},
		AccessModes:                   []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
		PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain,
		StorageClassName:              sc,
		PersistentVolumeSource:        corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/tmp/" + sc}},
		ClaimRef:                      &corev1.ObjectReference{Kind: "PersistentVolumeClaim", APIVersion: "v1", Namespace: s.ns, Name: "data-mysql-0"},
	}}
	if _, err := cs.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		zero := int64(0)
		_ = cs.CoreV1().Pods(s.ns).DeleteCollection(ctx, metav1.DeleteOptions{GracePeriodSeconds: &zero}, metav1.ListOptions{})
		_ = cs.CoreV1().Namespaces().Delete(ctx, s.ns, metav1.DeleteOptions{})
		_ = cs.CoreV1().PersistentVolumes().Delete(ctx, sc, metav1.DeleteOptions{})
	})
	spec := blueprint.SiteSpec{Domain: s.domain, Image: goodImage, WebReplicas: 1, MemcacheReplicas: 1, StorageClass: sc,
		S3: blueprint.S3Settings{Endpoint: "https://nyc3.digitaloceanspaces.com", Region: "nyc3", Bucket: "fdtui-test",
			AccessKey: "DO00TESTKEY", SecretKey: "test-secret-" + id, Prefix: s.ns}}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := actions.ApplySite(ctx, cs, dyn, kube.NewMapper(cs.Discovery()), nil, spec, false, rand.Reader); err != nil {
		t.Fatal(err)
	}
	s.waitFor(t, 90*time.Second, "site OK", func(it cli.SiteItem) bool { return it.State == "OK" })
	return s
}

// run runs the commands against the local cluster (the real Connect),
// without a terminal.
func (s liveSite) run(t *testing.T, args ...string) result {
	t.Helper()
	return runOn(t, nil, false, "", append([]string{"--kubeconfig", s.kubeconfig}, args...)...)
}

// item is the site's row of `fdtui sites -o json` (ok false: not listed).
func (s liveSite) item(t *testing.T) (cli.SiteItem, bool) {
	t.Helper()
	r := s.run(t, "sites", "-o", "json")
	if r.code != cli.ExitOK && r.code != cli.ExitProblem {
		t.Fatalf("sites: exit %d: %s", r.code, r.err)
	}
	var doc cli.Document[cli.SiteItem]
	if err := json.Unmarshal([]byte(r.out), &doc); err != nil {
		t.Fatalf("sites -o json: %v\n%s", err, r.out)
	}
	for _, it := range doc.Items {
		if it.Namespace == s.ns {
			return it, true
		}
	}
	return cli.SiteItem{}, false
}

func (s liveSite) waitFor(t *testing.T, limit time.Duration, what string, ok func(cli.SiteItem) bool) cli.SiteItem {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		it, found := s.item(t)
		if found && ok(it) {
			return it
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s; last seen %+v (listed %v)", what, limit, it, found)
		}
		time.Sleep(time.Second)
	}
}

func (s liveSite) webPods(t *testing.T) []corev1.Pod {
	t.Helper()
	pods, err := s.cs.CoreV1().Pods(s.ns).List(context.Background(), metav1.ListOptions{LabelSelector: "app.kubernetes.io/component=web"})
	if err != nil {
		t.Fatal(err)
	}
	return pods.Items
}

func (s liveSite) webImage(t *testing.T) string {
	t.Helper()
	d, err := s.cs.AppsV1().Deployments(s.ns).Get(context.Background(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range d.Spec.Template.Spec.Containers {
		if c.Name == "web" {
			return c.Image
		}
	}
	return ""
}

// The read commands on a live site: sites lists it (table and JSON, with
// no Secret value anywhere), diagnose says OK and exits 0, logs prints
// the web container's lines; delete-pod --yes deletes a web pod and its
// replacement comes up; restart --wait follows the restart's rollout.
func TestLiveSitesDiagnoseLogsDeletePod(t *testing.T) {
	t.Parallel()
	s := newLiveSite(t)

	table := s.run(t, "sites")
	if table.code != cli.ExitOK && table.code != cli.ExitProblem {
		t.Fatalf("sites: exit %d: %s", table.code, table.err)
	}
	row := ""
	for _, l := range strings.Split(table.out, "\n") {
		if strings.HasPrefix(l, s.domain+" ") {
			row = l
		}
	}
	if f := strings.Fields(row); len(f) < 9 || f[1] != "OK" || f[2] != "4f9c2e1" || f[3] != "1/1" || f[4] != "1/1" || f[5] != "1/1" {
		t.Errorf("sites row: %q\n%s", row, table.out)
	}

	d := s.run(t, "diagnose", s.domain)
	d.wantCode(t, cli.ExitOK)
	if !strings.Contains(d.out, "State:    OK") || !strings.Contains(d.out, "Rollout complete") {
		t.Errorf("diagnose:\n%s", d.out)
	}
	s.noSecretValues(t, s.run(t, "sites", "-o", "json").out, s.run(t, "diagnose", s.ns, "-o", "yaml").out)

	logs := s.run(t, "logs", s.domain, "--tail", "5")
	logs.wantCode(t, cli.ExitOK)
	t.Logf("fdtui logs %s --tail 5:\n%s", s.domain, logs.out)
	if strings.TrimSpace(logs.out) == "" {
		t.Errorf("logs printed nothing; stderr %q", logs.err)
	}

	pods := s.webPods(t)
	if len(pods) != 1 {
		t.Fatalf("%d web pods, want 1", len(pods))
	}
	old := pods[0]
	del := s.run(t, "delete-pod", s.domain, old.Name, "--yes", "-o", "json")
	del.wantCode(t, cli.ExitOK)
	var doc cli.Document[cli.ResultItem]
	if err := json.Unmarshal([]byte(del.out), &doc); err != nil || doc.Kind != cli.KindResult || len(doc.Items) != 1 || doc.Items[0].Object != "pod/"+old.Name {
		t.Errorf("delete-pod -o json: %v\n%s", err, del.out)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var replaced bool
		for _, p := range s.webPods(t) {
			if p.UID != old.UID && p.DeletionTimestamp == nil && podReady(&p) {
				replaced = true
			}
			if p.UID == old.UID && p.DeletionTimestamp == nil {
				replaced = false
				break
			}
		}
		if replaced {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no Ready replacement of %s within 60s", old.Name)
		}
		time.Sleep(500 * time.Millisecond)
	}

	// restart --wait: too short a wait is exit 1 (the restart is done,
	// its rollout not); a long enough one reports the rollout complete.
	short := s.run(t, "restart", s.domain, "--yes", "--wait", "1ms")
	short.wantCode(t, cli.ExitFailure)
	if !strings.Contains(short.out, "restarting") || !strings.Contains(short.err, "has not ended after 1ms") {
		t.Errorf("restart --wait 1ms: stdout %q stderr %q", short.out, short.err)
	}
	time.Sleep(1100 * time.Millisecond) // restartedAt has second precision
	full := s.run(t, "restart", s.domain, "--yes", "--wait", "90s")
	full.wantCode(t, cli.ExitOK)
	if !strings.Contains(full.out, "rollout complete in") {
		t.Errorf("restart --wait: %q", full.out)
	}
}

func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// noSecretValues fails when a credential of the site's shows up in the
// outputs: every value of the generated mysql and drupal Secrets, and
// the object store's secret key (the s3 Secret's bucket and prefix are
// the site's settings, shown by design elsewhere).
func (s liveSite) noSecretValues(t *testing.T, outputs ...string) {
	t.Helper()
	values := map[string]string{"s3 secret key": "test-secret-" + s.id}
	for _, name := range []string{blueprint.SecretMySQL, blueprint.SecretDrupal} {
		sec, err := s.cs.CoreV1().Secrets(s.ns).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for key, v := range sec.Data {
			if len(v) >= 8 { // shorter could be any word
				values[name+" key "+key] = string(v)
			}
		}
	}
	if len(values) < 3 {
		t.Fatalf("only %d credentials to look for", len(values))
	}
	for what, v := range values {
		for _, out := range outputs {
			if strings.Contains(out, v) {
				t.Errorf("output shows the value of %s", what) // never the value
			}
		}
	}
}

// A site rolled to a broken image: diagnose names the image-pull cause
// and the rollback, exit 3; rollback without --yes and no terminal
// refuses with exit 2 and changes nothing; rollback --yes --wait puts web
// back on the previous image and reports the rollout complete (exit 0);
// rolling back to the broken revision with --wait reports it stuck (3).
func TestLiveBrokenImageDiagnoseAndRollback(t *testing.T) {
	t.Parallel()
	s := newLiveSite(t)
	patch := fmt.Sprintf(`{"spec":{"template":{"spec":{"containers":[{"name":"web","image":%q}]}}}}`, "registry.example.com/site:broken-1")
	if _, err := s.cs.AppsV1().Deployments(s.ns).Patch(context.Background(), "web", types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	s.waitFor(t, 60*time.Second, "site STUCK", func(it cli.SiteItem) bool { return it.State == "STUCK" })

	d := s.run(t, "diagnose", s.domain)
	d.wantCode(t, cli.ExitProblem)
	t.Logf("fdtui diagnose %s:\n%s", s.domain, d.out)
	fix := fmt.Sprintf("fdtui rollback --context %s %s", s.context, s.domain)
	for _, want := range []string{"State:    STUCK", "broken-1 cannot be pulled", "Fix:      " + fix, "to revision 1 (4f9c2e1)"} {
		if !strings.Contains(d.out, want) {
			t.Errorf("diagnose lacks %q:\n%s", want, d.out)
		}
	}
	var doc cli.Document[cli.DiagnosisItem]
	if err := json.Unmarshal([]byte(s.run(t, "diagnose", s.domain, "-o", "json").out), &doc); err != nil || len(doc.Items) != 1 {
		t.Fatalf("diagnose -o json: %v", err)
	}
	if it := doc.Items[0]; it.Web == nil || it.Web.Cause != "ImagePull" || len(it.Fix) == 0 || it.Fix[0].Command != fix {
		t.Errorf("diagnosis document: %+v", it)
	}

	refused := s.run(t, "rollback", s.domain)
	refused.wantCode(t, cli.ExitUsage)
	if !strings.Contains(refused.err, "--yes") {
		t.Errorf("refusal says: %q", refused.err)
	}
	if img := s.webImage(t); !strings.HasSuffix(img, ":broken-1") {
		t.Fatalf("a refused rollback changed web's image to %s", img)
	}

	done := s.run(t, "rollback", s.domain, "--yes", "--wait", "90s")
	done.wantCode(t, cli.ExitOK)
	if !strings.Contains(done.out, "rolled back from revision 2 to 1") || !strings.Contains(done.out, "rollout complete in") {
		t.Errorf("rollback said: %q", done.out)
	}
	if img := s.webImage(t); img != goodImage {
		t.Errorf("after rollback web runs %s, want %s", img, goodImage)
	}
	if it, _ := s.item(t); it.State != "OK" || it.Tag != "4f9c2e1" {
		t.Errorf("after rollback --wait the site is %s on %s", it.Label, it.Tag)
	}

	// Rolling back to the broken revision: --wait reports it stuck, exit 3.
	again := s.run(t, "rollback", s.domain, "--to-revision", "2", "--yes", "--wait", "60s", "-o", "json")
	again.wantCode(t, cli.ExitProblem)
	var res cli.Document[cli.ResultItem]
	if err := json.Unmarshal([]byte(again.out), &res); err != nil || len(res.Items) != 1 || res.Items[0].Rollout != "stuck" {
		t.Errorf("rollback --wait -o json: %v\n%s", err, again.out)
	}
	if !strings.Contains(again.err, "cannot be pulled") {
		t.Errorf("stderr does not say why it is stuck: %q", again.err)
	}
}
