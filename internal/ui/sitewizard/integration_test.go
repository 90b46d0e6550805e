package sitewizard_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/sitewizard"
)

// The local cluster (hack/cluster.sh) has no volume provisioner: like the
// demo seed, the test pre-binds a local PersistentVolume of StorageClass
// local-demo to the site's claim, pinned to the db pool.
const (
	liveClass   = "local-demo"
	liveTimeout = 120 * time.Second
)

// liveSite is one integration test's site: a unique domain, cleaned up.
type liveSite struct {
	domain, ns, image, pv string
	cs                    kubernetes.Interface
}

func newLiveSite(t *testing.T, cs kubernetes.Interface) liveSite {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	domain := "wiz" + hex.EncodeToString(b) + ".fdtui-test.example"
	ns, err := blueprint.NamespaceFor(domain)
	if err != nil {
		t.Fatal(err)
	}
	s := liveSite{domain: domain, ns: ns, image: "registry.example.com/acme/" + ns + ":4f9c2e1", pv: "fdtui-test-" + ns, cs: cs}
	ensureLocalClass(t, cs)
	s.createVolume(t)
	t.Cleanup(func() { s.cleanup(t) })
	return s
}

func ensureLocalClass(t *testing.T, cs kubernetes.Interface) {
	mode, reclaim := storagev1.VolumeBindingWaitForFirstConsumer, corev1.PersistentVolumeReclaimRetain
	sc := &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: liveClass},
		Provisioner: "kubernetes.io/no-provisioner", VolumeBindingMode: &mode, ReclaimPolicy: &reclaim}
	if _, err := cs.StorageV1().StorageClasses().Create(context.Background(), sc, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
}

// createVolume makes the PV with reclaim policy Delete, as a cloud class
// would: keeping the data on delete is DeleteSite's job.
func (s liveSite) createVolume(t *testing.T) {
	pv := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: s.pv, Labels: map[string]string{"fdtui.dev/test": "true"}},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("10Gi")},
			AccessModes:                   []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimDelete,
			StorageClassName:              liveClass,
			PersistentVolumeSource:        corev1.PersistentVolumeSource{Local: &corev1.LocalVolumeSource{Path: "/mnt/disks/" + s.ns}},
			ClaimRef:                      &corev1.ObjectReference{Kind: "PersistentVolumeClaim", APIVersion: "v1", Namespace: s.ns, Name: "data-mysql-0"},
			NodeAffinity: &corev1.VolumeNodeAffinity{Required: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
				MatchExpressions: []corev1.NodeSelectorRequirement{{Key: blueprint.LabelDOPool, Operator: corev1.NodeSelectorOpIn, Values: []string{"db"}}},
			}}}},
		},
	}
	if _, err := s.cs.CoreV1().PersistentVolumes().Create(context.Background(), pv, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func (s liveSite) cleanup(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = s.cs.CoreV1().Namespaces().Delete(ctx, s.ns, metav1.DeleteOptions{})
	_ = s.cs.CoreV1().PersistentVolumes().Delete(ctx, s.pv, metav1.DeleteOptions{})
	if mc, err := minioClient(); err == nil {
		_ = mc.RemoveBucket(ctx, s.ns)
	}
}

func minioClient() (*minio.Client, error) {
	host := strings.TrimPrefix(os.Getenv(testenv.S3EndpointEnv), "http://")
	return minio.New(host, &minio.Options{Creds: credentials.NewStaticV4(os.Getenv(testenv.S3AccessKeyEnv), os.Getenv(testenv.S3SecretKeyEnv), "")})
}

func (s liveSite) mysqlPassword(t *testing.T) string {
	sec, err := s.cs.CoreV1().Secrets(s.ns).Get(context.Background(), blueprint.SecretMySQL, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return string(sec.Data[blueprint.KeyDBPass])
}

// liveApp connects the app as shipped (the real backend, or backend
// when given) to the local cluster, started like the program starts it.
func liveApp(t *testing.T, backend sitewizard.BackendFunc) (*harness, kubernetes.Interface) {
	t.Helper()
	path := testenv.Kubeconfig(t)
	testenv.S3(t) // the wizard needs the local MinIO
	_, cs := testenv.Clients(t)
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	kc := kube.NewKubeconfig(flags)
	name, err := kc.CurrentContext()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := ui.Dial(kc, name, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Close)
	h := newHarness(t, ui.Config{Common: &common.Common{Kubeconfig: kc}, Conn: conn, SiteBackend: backend}, 140, 45)
	// The real backend's applies and deletions run for a second or more,
	// and these tests press keys while they run (esc interrupts): set
	// them aside soon, as the program runs them beside the keys. Form
	// steps still answer within this on a loaded machine.
	h.work = 250 * time.Millisecond
	h.Until(30*time.Second, "the caches to sync", func(s string) bool { return nodesReady.MatchString(s) })
	return h, cs
}

var nodesReady = regexp.MustCompile(`[1-9][0-9]*/[1-9][0-9]* nodes ready`)

// startWizard opens the wizard on domain and waits for step 2.
func startWizard(h *harness, domain string, existing bool) {
	h.Keys("n")
	h.Paste(domain)
	h.Keys("enter")
	if existing {
		h.UntilShows(5*time.Second, "A site with this domain exists: update it?")
		h.Keys("y")
	}
	h.UntilShows(20*time.Second, "Step 2 of 8")
}

// fillDatabaseToPlacement goes from the database step to the review with
// the small requests that fit the local cluster beside the demo sites,
// and the edge step's defaults (an Ingress of class nginx).
func fillDatabaseToPlacement(h *harness, newVolume bool) {
	fillDatabaseToEdge(h, newVolume)
	h.Keys(acceptEdge...)
	h.UntilShows(60*time.Second, "objects:")
}

// fillDatabaseToEdge is fillDatabaseToPlacement up to the edge step.
func fillDatabaseToEdge(h *harness, newVolume bool) {
	h.Keys("enter", "enter") // mysql image, 10Gi
	if newVolume {
		h.UntilShows(time.Second, "> "+liveClass)
		h.Keys("enter")
	}
	h.UntilShows(time.Second, "Step 4 of 8")
	h.Keys("ctrl+u")
	h.Type("3")
	h.Keys("enter")
	h.Keys(acceptObjectStore...)
	h.UntilShows(time.Second, "Step 6 of 8")
	h.Keys("ctrl+u")
	h.Type("2")
	h.Keys("enter")
	selectPool(h, "Web node pool", "pool web")
	selectPool(h, "Database node pool", "pool db")
	for _, q := range []string{"50m", "64Mi"} {
		h.Keys("ctrl+u")
		h.Type(q)
		h.Keys("enter")
	}
	h.Keys("enter", "enter") // limits
	h.UntilShows(5*time.Second, "Step 6 of 8 · Cron and backups")
	h.Keys("enter", "enter") // the cron and backup schedules' defaults
	h.UntilShows(5*time.Second, "Step 7 of 8 · Edge")
}

// selectPool moves an inline select to want (right arrow is "l").
func selectPool(h *harness, title, want string) {
	h.t.Helper()
	// Beyond "any node", db and web: the pools other tests make for a
	// while (testenv.NodePool, sorted between db and web).
	for i := 0; i < 16 && !strings.Contains(lineAfter(h.Screen(), title), want); i++ {
		h.Keys("l")
	}
	if !strings.Contains(lineAfter(h.Screen(), title), want) {
		h.t.Fatalf("cannot select %s for %s:\n%s", want, title, h.Screen())
	}
	h.Keys("enter")
}

func lineAfter(screen, title string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, title) && i+1 < len(lines) {
			return lines[i+1]
		}
	}
	return ""
}

func timed(t *testing.T, what string, start time.Time) {
	t.Logf("timing: %s took %s", what, time.Since(start).Round(10*time.Millisecond))
}

// TestLiveWizardCreateRerunDelete onboards a site through the real UI,
// watches it turn healthy, re-runs the wizard (everything unchanged,
// passwords kept), then deletes it keeping the database volume.
func TestLiveWizardCreateRerunDelete(t *testing.T) {
	h, cs := liveApp(t, nil)
	site := newLiveSite(t, cs)
	const token = "registry-token-do-not-show"

	start := time.Now()
	startWizard(h, site.domain, false)
	h.Paste(site.image)
	h.Keys("enter", "down", "enter") // image, then "create a pull secret"
	h.Keys("enter")                  // secret name my-registry-key
	for _, v := range []string{"registry.example.com", "ci-bot", token} {
		h.Paste(v)
		h.Keys("enter")
	}
	fillDatabaseToPlacement(h, true)
	timed(t, "wizard to dry-run plan", start)
	plan := h.Screen()
	for _, want := range []string{"15 objects: 15 create · 0 change · 0 unchanged", "bucket " + site.ns + " will be created",
		"keys: .dockerconfigjson (values never shown)"} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
	for _, secret := range []string{token, os.Getenv(testenv.S3SecretKeyEnv)} {
		if strings.Contains(plan, secret) {
			t.Fatal("the plan shows a secret value")
		}
	}

	start = time.Now()
	h.Keys("enter")
	h.Until(liveTimeout, "the site to turn healthy", func(s string) bool { return strings.Contains(s, "The site is healthy.") })
	timed(t, "apply to healthy", start)
	if !strings.Contains(h.Screen(), "ready 3/3") {
		t.Errorf("memcache not 3/3:\n%s", h.Screen())
	}
	password := site.mysqlPassword(t)

	// A second run on the healthy site changes nothing.
	start = time.Now()
	h.Keys("esc")
	startWizard(h, site.domain, true)
	if !strings.Contains(h.Screen(), site.image) {
		t.Fatalf("update not prefilled with the running image:\n%s", h.Screen())
	}
	h.Keys("enter", "enter", "enter") // image, registry login: existing, my-registry-key
	h.Keys("enter", "enter")          // mysql image, volume (class is fixed)
	h.Keys("enter")                   // memcache 3
	h.Keys(acceptObjectStore...)
	h.Keys(acceptPlacement...)
	h.Keys(acceptEdge...)
	h.UntilShows(60*time.Second, "objects:")
	timed(t, "re-run to plan", start)
	if !strings.Contains(h.Screen(), "14 objects: 0 create · 0 change · 14 unchanged") {
		t.Fatalf("re-run on a healthy site is not all unchanged:\n%s", h.Screen())
	}
	h.Keys("enter")
	h.UntilShows(liveTimeout, "applied 14 objects: 0 created, 0 changed, 14 unchanged", "The site is healthy.")
	if site.mysqlPassword(t) != password {
		t.Fatal("the re-run changed the database password")
	}

	// Delete, keeping the database volume (the default).
	start = time.Now()
	h.Keys("esc", "/")
	h.Type(site.ns)
	h.Keys("enter", "D")
	h.UntilShows(10*time.Second, "Delete the database volume too?", "PV "+site.pv)
	h.Keys("enter") // keep the volume
	// The object store can delete buckets: the form asks, keep is the default.
	h.UntilShows(5*time.Second, "Delete the bucket's files too?")
	h.Keys("enter") // keep the bucket
	h.UntilShows(5*time.Second, "Type "+site.domain+" to confirm")
	h.Type(site.domain)
	h.Keys("enter")
	h.UntilShows(30*time.Second, "deleted site namespace "+site.ns)
	waitNamespaceGone(t, cs, site.ns)
	timed(t, "delete to namespace gone", start)
	pv, err := cs.CoreV1().PersistentVolumes().Get(context.Background(), site.pv, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the kept PV is gone: %v", err)
	}
	if pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimRetain {
		t.Errorf("PV %s reclaim policy = %s, want Retain", pv.Name, pv.Spec.PersistentVolumeReclaimPolicy)
	}
	if mc, err := minioClient(); err == nil {
		if ok, _ := mc.BucketExists(context.Background(), site.ns); !ok {
			t.Error("the bucket was deleted although it should be kept")
		}
	}
}

func waitNamespaceGone(t *testing.T, cs kubernetes.Interface, ns string) {
	t.Helper()
	end := time.Now().Add(90 * time.Second)
	for time.Now().Before(end) {
		if _, err := cs.CoreV1().Namespaces().Get(context.Background(), ns, metav1.GetOptions{}); apierrors.IsNotFound(err) {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("namespace %s still there after 90s", ns)
}

// partialBackend applies the first n objects, then hangs like a slow
// apiserver until the user interrupts: the state esc leaves mid-apply.
type partialBackend struct {
	sitewizard.Backend
	cluster *kube.Cluster
	cs      kubernetes.Interface
	n       int
}

func (p *partialBackend) Apply(ctx context.Context, spec blueprint.SiteSpec) ([]kube.ApplyResult, error) {
	objs, err := actions.BuildSite(ctx, p.cs, spec, rand.Reader)
	if err != nil {
		return nil, err
	}
	res, err := kube.ApplyObjects(ctx, p.cluster.Dynamic, p.cluster.Mapper(), objs[:p.n], false)
	if err != nil {
		return res, err
	}
	<-ctx.Done()
	return res, ctx.Err()
}

// TestLiveInterruptedApplyThenRerunConverges interrupts the first apply
// with esc after the namespace and three Secrets exist; the re-run
// completes the site and keeps the generated database password.
func TestLiveInterruptedApplyThenRerunConverges(t *testing.T) {
	// The first apply is partial; once interrupted, the real backend.
	var partial atomic.Bool
	partial.Store(true)
	var cs kubernetes.Interface
	backend := func(c *common.Common) sitewizard.Backend {
		real := sitewizard.KubeBackend(c)
		if partial.Load() {
			return &partialBackend{Backend: real, cluster: c.Conn.Cluster, cs: cs, n: 4}
		}
		return real
	}
	h, cs := liveApp(t, backend)
	site := newLiveSite(t, cs)

	startWizard(h, site.domain, false)
	h.Paste(site.image)
	h.Keys("enter", "enter", "enter") // image, existing pull secret, its name
	fillDatabaseToPlacement(h, true)
	h.Keys("enter")
	h.UntilShows(10*time.Second, "applying 14 objects")
	waitFor(t, 20*time.Second, "the partial apply", func() bool {
		_, err := cs.CoreV1().Secrets(site.ns).Get(context.Background(), blueprint.SecretS3, metav1.GetOptions{})
		return err == nil
	})
	h.Keys("esc")
	h.UntilShows(5*time.Second, "apply of "+site.ns+" interrupted")
	password := site.mysqlPassword(t)
	partial.Store(false)

	start := time.Now()
	startWizard(h, site.domain, true)
	h.Paste(site.image) // no web Deployment yet: the image is asked again
	h.Keys("enter", "enter", "enter")
	fillDatabaseToPlacement(h, true)
	if !strings.Contains(h.Screen(), "14 objects: 10 create · 0 change · 4 unchanged") {
		t.Fatalf("re-run plan after the interrupt:\n%s", h.Screen())
	}
	h.Keys("enter")
	h.UntilShows(liveTimeout, "The site is healthy.")
	timed(t, "re-run after interrupt to healthy", start)
	if site.mysqlPassword(t) != password {
		t.Fatal("the re-run regenerated the database password")
	}
}

func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
