package ui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// blueprintCron is the blueprint's drupal-cron CronJob, as the site
// wizard builds it, moved into ns.
func blueprintCron(t *testing.T, ns string) *unstructured.Unstructured {
	t.Helper()
	objs, err := blueprint.Build(blueprint.SiteSpec{Domain: "cron.example.org", Image: "registry.example.com/site:4f9c2e1",
		S3: blueprint.S3Settings{Endpoint: "https://nyc3.digitaloceanspaces.com", Region: "nyc3", Bucket: "fdtui-test",
			AccessKey: "DO00TESTKEY", SecretKey: "test-secret"}},
		blueprint.GeneratedSecrets{DBName: "drupal", DBUser: "drupal", DBPass: "p4ssw0rd-p4ssw0rd", DBRootPass: "r00t-r00t-r00t", HashSalt: "salt"})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.GetKind() == "CronJob" && o.GetName() == blueprint.CronJobCron {
			o.SetNamespace(ns)
			return o
		}
	}
	t.Fatal("the blueprint has no drupal-cron CronJob")
	return nil
}

// failingCopy is cron renamed, its Job pods annotated to fail.
func failingCopy(t *testing.T, cron *unstructured.Unstructured, name string) *unstructured.Unstructured {
	t.Helper()
	c := cron.DeepCopy()
	c.SetName(name)
	if err := unstructured.SetNestedStringMap(c.Object, map[string]string{"fdtui.dev/simulate": "job-fail"},
		"spec", "jobTemplate", "spec", "template", "metadata", "annotations"); err != nil {
		t.Fatal(err)
	}
	return c
}

func applyAll(t *testing.T, cs kubernetes.Interface, objs ...*unstructured.Unstructured) {
	t.Helper()
	cfg, _ := testenv.Clients(t)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	results, err := kube.ApplyObjects(context.Background(), dyn, kube.NewMapper(cs.Discovery()), objs, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%s/%s: %v", r.Kind, r.Name, r.Err)
		}
	}
}

// cronRow is the CronJobs page's (or section's) line of one CronJob.
func cronRow(screen, name string) string {
	for _, l := range strings.Split(screen, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == name {
			return l
		}
	}
	return ""
}

// TestLiveCronJobs: a site's blueprint drupal-cron shows in the site
// screen's CronJobs section; on the CronJobs page (J) t runs it now and
// the Job completes (LAST SUCCESS); a CronJob whose Job pods fail shows
// LAST FAILURE with the failed pod and the Job's reason, and l opens that
// pod's log; s suspends, then resumes (SUSPEND flips).
func TestLiveCronJobs(t *testing.T) {
	d, cs, ns := liveSite(t, 1)
	cron := blueprintCron(t, ns)
	applyAll(t, cs, cron, failingCopy(t, cron, "flaky-cron"))
	openSite(d, ns)
	d.WaitFor(t, 30*time.Second, "the CronJobs section", func(s string) bool {
		return strings.Contains(cronRow(s, "drupal-cron"), "*/15 * * * *") && strings.Contains(cronRow(s, "flaky-cron"), "False")
	})

	d.Keys("J")
	d.WaitFor(t, 10*time.Second, "the CronJobs page", contains("CronJobs", "namespace "+ns))
	// drupal-cron is first by name.
	d.Keys("t")
	d.WaitFor(t, 10*time.Second, "asked first", contains("Trigger cronjob drupal-cron in "+ns, "drupal-cron-manual-"))
	d.Keys("y")
	d.WaitFor(t, 60*time.Second, "the Job completed and LAST SUCCESS shows", func(s string) bool {
		f := strings.Fields(cronRow(s, "drupal-cron"))
		// NAME SCHEDULE(5) SUSPEND ACTIVE LAST-SCHEDULE LAST-SUCCESS ...
		return strings.Contains(s, "complete (ran") && len(f) >= 10 && f[9] != "—"
	})
	// Only the manual one: a scheduled run may start meanwhile (*/15).
	jobs, err := cs.BatchV1().Jobs(ns).List(context.Background(), metav1.ListOptions{})
	var manual []batchv1.Job
	for _, j := range jobs.Items {
		if strings.HasPrefix(j.Name, "drupal-cron-manual-") {
			manual = append(manual, j)
		}
	}
	if err != nil || len(manual) != 1 {
		t.Fatalf("manual jobs %v, %v", manual, err)
	}
	if j := manual[0]; j.Annotations[kube.AnnotationInstantiate] != "manual" || len(j.OwnerReferences) != 1 || j.OwnerReferences[0].Name != "drupal-cron" {
		t.Errorf("job %s: annotations %v owners %v", j.Name, j.Annotations, j.OwnerReferences)
	}

	d.Keys("j", "t")
	d.WaitFor(t, 10*time.Second, "asked first", contains("Trigger cronjob flaky-cron in "+ns))
	d.Keys("y")
	var failedPod string
	d.WaitFor(t, 90*time.Second, "LAST FAILURE with the pod and the reason", func(s string) bool {
		row := cronRow(s, "flaky-cron")
		i := strings.Index(row, "BackoffLimitExceeded, pod flaky-cron-manual-")
		if i < 0 || !strings.Contains(row, "exit 1 (Error)") {
			return false
		}
		failedPod = strings.Fields(row[i+len("BackoffLimitExceeded, pod "):])[0]
		return true
	})
	if p, err := cs.CoreV1().Pods(ns).Get(context.Background(), failedPod, metav1.GetOptions{}); err != nil || p.Status.Phase != "Failed" {
		t.Fatalf("pod %s: %v", failedPod, err)
	}
	d.Keys("l")
	d.WaitFor(t, 30*time.Second, "the failed pod's log", contains("logs "+failedPod+"/web"))
	d.Keys("esc")

	d.Keys("k", "s")
	d.WaitFor(t, 10*time.Second, "asked first", contains("Suspend cronjob drupal-cron in "+ns))
	d.Keys("y")
	d.WaitFor(t, 30*time.Second, "SUSPEND True", func(s string) bool { return strings.Contains(cronRow(s, "drupal-cron"), " True ") })
	if cj, _ := cs.BatchV1().CronJobs(ns).Get(context.Background(), "drupal-cron", metav1.GetOptions{}); cj.Spec.Suspend == nil || !*cj.Spec.Suspend {
		t.Errorf("not suspended in the cluster")
	}
	d.Keys("s")
	d.WaitFor(t, 10*time.Second, "asked first", contains("Resume cronjob drupal-cron in "+ns))
	d.Keys("y")
	d.WaitFor(t, 30*time.Second, "SUSPEND False", func(s string) bool { return strings.Contains(cronRow(s, "drupal-cron"), " False ") })

	// The site screen shows the failing CronJob too.
	d.Keys("esc")
	d.WaitFor(t, 10*time.Second, "the section's failure", func(s string) bool {
		return strings.Contains(cronRow(s, "flaky-cron"), "BackoffLimitExceeded, pod "+failedPod)
	})
}

// TestLiveCronJobsRefused: read-only mode leaves trigger and suspend out
// of the CronJobs page's help and refuses them; a viewer (ClusterRole
// view) sees them forbidden and is refused with RBAC's reason.
func TestLiveCronJobsRefused(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)
	applyAll(t, cs, blueprintCron(t, ns))
	open := func(t *testing.T, d *uitest.Driver) {
		t.Helper()
		d.WaitFor(t, 60*time.Second, "site OK", func(s string) bool { return strings.Contains(siteRow(s, ns), "OK") })
		openSite(d, ns)
		d.WaitFor(t, 30*time.Second, "the CronJobs section", func(s string) bool { return cronRow(s, "drupal-cron") != "" })
		d.Keys("J")
		d.WaitFor(t, 10*time.Second, "the CronJobs page", contains("CronJobs", "namespace "+ns))
	}

	t.Run("read-only", func(t *testing.T) {
		d := liveAppWith(t, func(o *common.Options) { o.ReadOnly = true })
		open(t, d)
		d.Keys("?")
		d.WaitFor(t, 10*time.Second, "help without trigger and suspend", func(s string) bool {
			return helpHas(s, "l logs") && !helpHas(s, "t trigger now") && !helpHas(s, "s suspend/resume")
		})
		for _, k := range []string{"t", "s"} {
			d.Keys("esc", k)
			d.WaitFor(t, 10*time.Second, k+" refused", contains("read-only mode (--readonly)"))
		}
	})

	t.Run("RBAC", func(t *testing.T) {
		path := testenv.ViewerKubeconfig(t, admin, cs, ns)
		kc := kubeconfigAt(path, ns)
		conn, err := ui.Dial(kc, "viewer", 1)
		if err != nil {
			t.Fatal(err)
		}
		c := &common.Common{Kubeconfig: kc, Options: common.Options{ProgressDeadline: 10}}
		d := uitest.NewApp(t, ui.Config{Common: c, Conn: conn}, 160, 40)
		open(t, d)
		d.Keys("?")
		d.WaitFor(t, 10*time.Second, "trigger and suspend forbidden", func(s string) bool {
			return helpHas(s, "t trigger now (forbidden)") && helpHas(s, "s suspend/resume (forbidden)")
		})
		d.Keys("esc", "t")
		d.WaitFor(t, 10*time.Second, "trigger refused with the reason", contains("not allowed to create batch/jobs in namespace "+ns))
		d.Keys("s")
		d.WaitFor(t, 10*time.Second, "suspend refused with the reason", contains("not allowed to patch batch/cronjobs in namespace "+ns))
		if jobs, _ := cs.BatchV1().Jobs(ns).List(context.Background(), metav1.ListOptions{}); len(jobs.Items) != 0 {
			t.Errorf("a refused trigger made %d jobs", len(jobs.Items))
		}
	})
}
