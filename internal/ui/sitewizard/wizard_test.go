package sitewizard_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/sitewizard"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

const (
	newDomain = "www.client.example"
	newNS     = "www-client-example"
	newImage  = "registry.digitalocean.com/acme/client:4f9c2e1"
)

var demoClasses = []sitewizard.StorageClass{
	{Name: "do-block-storage", Default: true, Provisioner: "dobs.csi.digitalocean.com"},
	{Name: "local-demo", Provisioner: "kubernetes.io/no-provisioner"},
}

// newSitePlan is what a dry run of a new site answers.
func newSitePlan() sitewizard.Plan {
	pending := []string{kube.NamespacePendingNote}
	res := []kube.ApplyResult{{Kind: "Namespace", Name: newNS, Action: kube.ApplyCreate}}
	for _, o := range []struct{ kind, name string }{
		{"Secret", "mysql"}, {"Secret", "drupal"}, {"Secret", "s3"}, {"Service", "mysql"}, {"Service", "memcache"},
		{"Service", "web"}, {"StatefulSet", "mysql"}, {"StatefulSet", "memcache"}, {"Deployment", "web"},
		{"PodDisruptionBudget", "web"}, {"Ingress", "web"},
	} {
		res = append(res, kube.ApplyResult{Kind: o.kind, Namespace: newNS, Name: o.name, Action: kube.ApplyCreate, Diff: pending})
	}
	return sitewizard.Plan{Results: res, Bucket: "bucket " + newNS + " will be created at http://127.0.0.1:39000",
		SecretKeys: map[string][]string{
			"mysql":  {"drupal-db-name.txt", "drupal-db-pass.txt", "drupal-db-user.txt", "root-pass.txt"},
			"drupal": {"hash-salt.txt"},
			"s3":     {"access-key.txt", "bucket.txt", "endpoint.txt", "prefix.txt", "region.txt", "secret-key.txt"},
		}}
}

// demoEdge is a cluster with ingress-nginx and an accepted GatewayClass
// (DigitalOcean's managed Gateway API is Cilium's).
var demoEdge = sitewizard.EdgeFacts{Edge: model.Edge{IngressClassesKnown: true, GatewayAPI: true,
	IngressClasses: []model.IngressClassInfo{{Name: "nginx", Controller: model.ControllerIngressNginx}},
	GatewayClasses: []model.GatewayClassInfo{{Name: "cilium", Controller: "io.cilium/gateway-controller",
		Accepted: &model.Condition{Type: "Accepted", Status: "True", Reason: "Accepted"}}}}}

// step keys: what to press to accept each step's defaults.
var (
	acceptImageStep   = []string{"enter", "enter"} // image (typed before), registry login
	acceptPullSecret  = []string{"enter"}
	acceptDatabase    = []string{"enter", "enter", "enter"}
	acceptCache       = []string{"enter"}
	acceptObjectStore = []string{"enter", "enter", "enter", "enter", "enter", "enter"}
	// Step 6: placement and resources (7 fields), then cron and backup
	// schedules (2).
	acceptPlacement    = []string{"enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter"}
	acceptEdge         = []string{"enter", "enter", "enter", "enter"} // Ingress, its class, upload size, timeout
	wizardGoldenWidth  = 100
	wizardGoldenHeight = 30
)

func snap(t *testing.T, h *harness, name string) {
	t.Helper()
	t.Run(name, func(t *testing.T) { golden.RequireEqual(t, []byte(h.Screen())) })
}

// TestWizardGolden walks a new site through every step at 100x30, with
// the defaults, and snapshots each screen down to the healthy site.
func TestWizardGolden(t *testing.T) {
	fb := &fakeBackend{classes: demoClasses, plan: newSitePlan(), edge: demoEdge}
	h, static := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	h.Keys("n")
	snap(t, h, "1_domain")
	h.Type(newDomain)
	h.Keys("enter")
	h.UntilShows(time.Second, "Step 2 of 8")
	h.Paste(newImage)
	snap(t, h, "2_image")
	h.Keys(acceptImageStep...)
	snap(t, h, "2_pull_secret")
	h.Keys(acceptPullSecret...)
	snap(t, h, "3_database")
	h.Keys(acceptDatabase...)
	snap(t, h, "4_cache")
	h.Keys(acceptCache...)
	snap(t, h, "5_object_store")
	h.Keys(acceptObjectStore...)
	snap(t, h, "6_placement")
	h.Keys(acceptPlacement[:7]...)
	snap(t, h, "6_schedules")
	h.Keys(acceptPlacement[7:]...)
	snap(t, h, "7_edge")
	h.Keys("enter")
	snap(t, h, "7_edge_ingress")
	h.Keys(acceptEdge[1:]...)
	snap(t, h, "7_review")
	h.Keys("enter")
	snap(t, h, "8_applied")

	// The informers then see the site come up.
	h.setObjects(static, uitest.SiteObjects(uitest.Site{Domain: newDomain, State: uitest.Healthy, Age: time.Minute}),
		"The site is healthy.")
	snap(t, h, "9_healthy")

	if len(fb.applied) != 1 {
		t.Fatalf("applied %d times", len(fb.applied))
	}
	got := fb.applied[0]
	if got.Domain != newDomain || got.Image != newImage || got.S3.Bucket != newNS || got.StorageClass != "" ||
		got.MemcacheReplicas != 4 || got.WebReplicas != 3 || got.Registry != nil || got.PullSecret != "my-registry-key" {
		t.Errorf("applied spec = %+v", got)
	}
	if got.S3.Endpoint != "http://127.0.0.1:39000" || got.S3.SecretKey != "not-a-real-secret" {
		t.Errorf("object store not prefilled from FDTUI_S3_*: %+v", got.S3)
	}
}

func TestWizardRegistryBranchCreatesPullSecret(t *testing.T) {
	fb := &fakeBackend{classes: demoClasses, plan: newSitePlan()}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	h.Keys("n")
	h.Paste(newDomain)
	h.Keys("enter")
	h.UntilShows(time.Second, "Step 2 of 8")
	h.Paste(newImage)
	h.Keys("enter", "down", "enter")
	snap(t, h, "registry")
	h.Keys("enter") // secret name
	h.Keys("enter") // empty server
	if !strings.Contains(h.Screen(), "the registry server is empty") {
		t.Fatalf("empty registry server accepted:\n%s", h.Screen())
	}
	h.Type("registry.digitalocean.com")
	h.Keys("enter")
	h.Type("ci-bot")
	h.Keys("enter")
	h.Type("hunter2-token")
	if strings.Contains(h.Screen(), "hunter2") {
		t.Fatalf("the registry password is echoed:\n%s", h.Screen())
	}
	h.Keys("enter")
	h.Keys(acceptDatabase...)
	h.Keys(acceptCache...)
	h.Keys(acceptObjectStore...)
	h.Keys(acceptPlacement...)
	h.Keys(acceptEdge...)
	h.UntilShows(time.Second, "Plan for")
	if len(fb.planned) != 1 || fb.planned[0].Registry == nil || fb.planned[0].Registry.Username != "ci-bot" {
		t.Fatalf("registry credentials not in the planned spec: %+v", fb.planned)
	}
}

// TestHostileInput types hostile values into fields: each is refused with
// a message, the typed text stays, and the wizard does not move on.
func TestHostileInput(t *testing.T) {
	long := strings.Repeat("a", 70) + "." + strings.Repeat("b", 200) + ".com"
	cases := []struct {
		name  string
		step  []string // keys (after the domain) to reach the field
		field string   // a title on the field's step
		input string
		want  string // in the error
		shown string // what of the input must still show
		paste bool   // pasted, not typed (a long value)
	}{
		{name: "domain uppercase", input: "WWW.Example.COM", want: `must be lowercase ("www.example.com")`, shown: "WWW.Example.COM"},
		{name: "domain spaces", input: "www example.com", want: "contains whitespace", shown: "www example.com"},
		{name: "domain path", input: "../etc/passwd", want: "must be a bare host name", shown: "../etc/passwd"},
		{name: "domain unicode", input: "bücher.example", want: `use its punycode form "xn--bcher-kva.example"`, shown: "bücher.example"},
		{name: "domain very long", input: long, want: "domain is 275 characters; the limit is 253", shown: "bbbbbbbbbb.com", paste: true},
		{name: "domain empty", input: "", want: "domain is empty"},
		{name: "domain of a non-site namespace", input: "kube.system", want: "namespace kube-system exists and is not a Flight Deck site"},
		{name: "domain collides", input: "www-example.com", want: "namespace www-example-com already belongs to www.example.com"},
		{name: "image latest", field: "Site image", input: "acme/web:latest", want: `"latest" cannot be rolled back`, shown: "acme/web:latest"},
		{name: "image uppercase", field: "Site image", input: "Acme/Web:4f9c2e1", want: "repository path must be lowercase", shown: "Acme/Web:4f9c2e1"},
		{name: "image traversal", field: "Site image", input: "../../web:1", want: "not a valid reference", shown: "../../web:1"},
		{name: "image untagged", field: "Site image", input: "acme/web", want: "has no tag", shown: "acme/web"},
		{name: "image empty", field: "Site image", input: "", want: "image is empty"},
		{name: "volume words", step: imageDone(), field: "Volume size", input: "ten gigs", want: "is not a resource quantity", shown: "ten gigs"},
		{name: "volume negative", step: imageDone(), field: "Volume size", input: "-5Gi", want: "must be more than zero", shown: "-5Gi"},
		{name: "volume unicode", step: imageDone(), field: "Volume size", input: "10Gі", want: "is not a resource quantity", shown: "10Gі"},
		{name: "memcache more than nodes", step: cacheStep(), field: "Memcache replicas", input: "9", want: "only 4 nodes", shown: "9"},
		{name: "memcache zero", step: cacheStep(), field: "Memcache replicas", input: "0", want: "at least 1", shown: "0"},
		{name: "memcache text", step: cacheStep(), field: "Memcache replicas", input: "three", want: `"three" is not a whole number`, shown: "three"},
		{name: "endpoint scheme", step: storeStep(), field: "Endpoint", input: "ftp://files.example.com", want: "must be an http(s) URL", shown: "ftp://files.example.com"},
		{name: "endpoint path", step: storeStep(), field: "Endpoint", input: "https://x.example.com/../b", want: "must not have a path", shown: "https://x.example.com/../b"},
		{name: "bucket uppercase", step: storeStep("enter", "enter"), field: "Bucket", input: "Client_Files", want: "may only hold a-z, 0-9", shown: "Client_Files"},
		{name: "bucket ip", step: storeStep("enter", "enter"), field: "Bucket", input: "192.168.1.10", want: "must not look like an IP address", shown: "192.168.1.10"},
		{name: "bucket traversal", step: storeStep("enter", "enter"), field: "Bucket", input: "../x", want: "may only hold", shown: "../x"},
		{name: "prefix traversal", step: storeStep("enter", "enter", "enter"), field: "Prefix", input: "a/../b", want: `must not contain ".."`, shown: "a/../b"},
		{name: "web replicas one", step: placementStep(), field: "Web replicas", input: "1", want: "at least 2", shown: "1"},
		{name: "cpu request above limit", step: placementStep("enter", "enter", "enter"), field: "Web CPU request", input: "2",
			want: "request 2 is more than the limit 1", shown: "2"},
		// Found by FuzzWizardFields: a limit below the request passed its
		// field and was refused only on the review page.
		{name: "cpu limit below request", step: placementStep("enter", "enter", "enter", "enter", "enter"), field: "Web CPU limit",
			input: "100m", want: "request 250m is more than the limit 100m", shown: "100m"},
		{name: "endpoint empty", step: storeStep(), field: "Endpoint", input: "", want: "the endpoint is empty"},
		{name: "cron schedule four fields", step: placementStep(acceptPlacement[:7]...), field: "Drupal cron schedule",
			input: "*/15 * * *", want: "expected exactly 5 fields, found 4", shown: "*/15 * * *"},
		{name: "cron schedule minute 60", step: placementStep(acceptPlacement[:7]...), field: "Drupal cron schedule",
			input: "60 * * * *", want: "above maximum", shown: "60 * * * *"},
		{name: "backup schedule time zone", step: placementStep(acceptPlacement[:8]...), field: "Database backup schedule",
			input: "CRON_TZ=UTC 0 3 * * *", want: "time zone", shown: "CRON_TZ=UTC 0 3 * * *"},
		{name: "backup schedule empty", step: placementStep(acceptPlacement[:8]...), field: "Database backup schedule",
			input: "", want: "schedule is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			kubeSystem := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kube-system"}}
			h, _ := newStaticApp(t, &fakeBackend{classes: demoClasses}, 120, 40, kubeSystem)
			h.Keys("n")
			if tc.field != "" {
				h.Paste(newDomain)
				h.Keys("enter")
				h.UntilShows(time.Second, "Step 2 of 8")
				if len(tc.step) > 0 {
					h.Paste(newImage)
					h.Keys(tc.step...)
				}
				h.Keys("ctrl+u") // clear the prefilled value
			}
			before := stepLine(h.Screen())
			if tc.paste {
				h.Paste(tc.input)
			} else {
				h.Type(tc.input)
			}
			h.Keys("enter")
			screen := h.Screen()
			if !strings.Contains(screen, tc.want) {
				t.Fatalf("no %q error:\n%s", tc.want, screen)
			}
			if !strings.Contains(screen, tc.shown) {
				t.Errorf("typed %q is not kept on screen:\n%s", tc.input, screen)
			}
			if got := stepLine(screen); got != before {
				t.Errorf("moved on from %q to %q", before, got)
			}
			for _, l := range strings.Split(screen, "\n") {
				if w := len([]rune(l)); w > 120 {
					t.Errorf("line of %d columns: %q", w, l)
				}
			}
		})
	}
}

// keys after typing the image that reach each later step's first field.
func imageDone() []string {
	return append(append(append([]string{}, acceptImageStep...), acceptPullSecret...), "enter")
}

func cacheStep() []string {
	return append(append(append([]string{}, acceptImageStep...), acceptPullSecret...), acceptDatabase...)
}

func storeStep(more ...string) []string { return append(append(cacheStep(), acceptCache...), more...) }

func placementStep(more ...string) []string {
	return append(append(storeStep(), acceptObjectStore...), more...)
}

// stepLine is the "Step n of 8 · ..." line, to tell whether the wizard
// moved on.
func stepLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "Step ") && strings.Contains(l, " of 8") {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

func TestExistingDomainOffersUpdateThenPrefills(t *testing.T) {
	fb := &fakeBackend{classes: demoClasses, s3: blueprint.S3Settings{Endpoint: "https://nyc3.digitaloceanspaces.com",
		Region: "nyc3", Bucket: "www-example-com", AccessKey: "DO00KEY", SecretKey: "sekret-value"}}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	h.Keys("n")
	h.Type("www.example.com")
	h.Keys("enter")
	snap(t, h, "confirm")
	h.Keys("n", "enter")
	if !strings.Contains(h.Screen(), "choose another domain") {
		t.Fatalf("declining the update did not explain:\n%s", h.Screen())
	}
	h.Keys("y", "enter")
	h.UntilShows(time.Second, "Update site", "registry.digitalocean.com/acme/www-example-com:4f9c2e1")
	h.Keys(acceptImageStep...)
	h.Keys(acceptPullSecret...)
	snap(t, h, "database_fixed_volume")
}

func TestUpdateKeyPrefillsFromTheSite(t *testing.T) {
	fb := &fakeBackend{classes: demoClasses, s3: blueprint.S3Settings{Endpoint: "https://nyc3.digitaloceanspaces.com",
		Region: "nyc3", Bucket: "www-example-com", AccessKey: "DO00KEY", SecretKey: "sekret-value"}, plan: newSitePlan()}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	h.Keys("G", "enter") // www.example.com, the healthy site, sorts last
	h.UntilShows(time.Second, "www.example.com")
	h.Keys("U")
	h.UntilShows(time.Second, "Update site", "4f9c2e1")
	h.Keys(acceptImageStep...)
	h.Keys(acceptPullSecret...)
	h.Keys("enter", "ctrl+u")
	h.Type("20Gi")
	h.Keys("enter")
	if !strings.Contains(h.Screen(), "cannot change after the site is created (it is 10Gi)") {
		t.Fatalf("volume change allowed on update:\n%s", h.Screen())
	}
	h.Keys("ctrl+u")
	h.Type("10Gi")
	h.Keys("enter") // the storage class is a note on update: skipped
	h.Keys(acceptCache...)
	h.Keys(acceptObjectStore...)
	h.Keys(acceptPlacement...)
	h.Keys(acceptEdge...)
	h.UntilShows(time.Second, "Update plan for")
	got := fb.planned[0]
	if got.S3.SecretKey != "sekret-value" || got.S3.Region != "nyc3" || got.Image != "registry.digitalocean.com/acme/www-example-com:4f9c2e1" {
		t.Errorf("not prefilled from the site: %+v", got)
	}
	if strings.Contains(h.Screen(), "sekret") {
		t.Error("the secret key is on screen")
	}
}

func TestReviewEditKeepsWhatWasTyped(t *testing.T) {
	fb := &fakeBackend{classes: demoClasses, plan: newSitePlan()}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	h.Keys("n")
	h.Paste(newDomain)
	h.Keys("enter")
	h.UntilShows(time.Second, "Step 2 of 8")
	h.Paste(newImage)
	h.Keys(placementStep()...)
	h.Keys("ctrl+u")
	h.Type("5")
	h.Keys(acceptPlacement...)
	h.Keys(acceptEdge...)
	h.UntilShows(time.Second, "Plan for")
	h.Keys("e")
	h.UntilShows(time.Second, "Step 2 of 8", newImage)
	h.Keys(placementStep()...)
	if !strings.Contains(h.Screen(), "> 5") {
		t.Fatalf("edited replicas lost:\n%s", h.Screen())
	}
	h.Keys(acceptPlacement...)
	h.Keys(acceptEdge...)
	h.UntilShows(time.Second, "Plan for")
	if n := len(fb.planned); n != 2 || fb.planned[1].WebReplicas != 5 {
		t.Fatalf("planned %d times: %+v", n, fb.planned)
	}
}

func TestReviewBlocksApplyOnRejectedPlan(t *testing.T) {
	plan := newSitePlan()
	plan.Results[7].Err = errors.New(`StatefulSet.apps "mysql" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas' are forbidden`)
	fb := &fakeBackend{classes: demoClasses, plan: plan}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	walkToReview(h)
	h.Keys("enter")
	if len(fb.applied) != 0 {
		t.Fatal("applied a plan the apiserver rejected")
	}
	if !strings.Contains(h.Screen(), "the dry run rejected 1 object(s)") || !strings.Contains(h.Screen(), "Forbidden") {
		t.Fatalf("no explanation:\n%s", h.Screen())
	}
}

func walkToReview(h *harness) {
	h.Keys("n")
	h.Paste(newDomain)
	h.Keys("enter")
	h.UntilShows(time.Second, "Step 2 of 8")
	h.Paste(newImage)
	h.Keys(placementStep(append(acceptPlacement, acceptEdge...)...)...)
	h.UntilShows(time.Second, "Plan for")
}

func TestExportWritesRedactedYAML(t *testing.T) {
	fb := &fakeBackend{classes: demoClasses, plan: newSitePlan()}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	walkToReview(h)
	h.Keys("x")
	snap(t, h, "export_form")
	path := filepath.Join(t.TempDir(), "site.yaml")
	h.Keys("ctrl+u")
	h.Type(path)
	h.Keys("enter", "enter")
	h.UntilShows(2*time.Second, "wrote 2 objects to "+path[:40])
	if len(fb.exported) != 1 || !fb.exported[0] {
		t.Fatalf("export calls (redact?) = %v", fb.exported)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o644 {
		t.Fatalf("file: %v %v", info, err)
	}
	if !strings.Contains(h.Screen(), "Plan for") || len(fb.applied) != 0 {
		t.Fatal("export should return to the plan without applying")
	}
}

// TestReadOnlyHidesAndRefusesTheWizard: under --readonly the sites page
// offers neither key in help, and n, D and :newsite each answer with the
// read-only refusal (a fresh app each, so one toast does not stand for
// another) without opening anything.
func TestReadOnlyHidesAndRefusesTheWizard(t *testing.T) {
	readOnly := func(t *testing.T) *harness {
		cfg := ui.Config{Common: &common.Common{Options: common.Options{ReadOnly: true}}}
		fb := &fakeBackend{classes: demoClasses, s3: demoS3, canDel: true}
		h, _ := newStaticAppWith(t, cfg, fb, 120, 30)
		return h
	}
	t.Run("help", func(t *testing.T) {
		h := readOnly(t)
		lines := strings.Split(strings.TrimRight(h.Screen(), "\n"), "\n")
		if bar := lines[len(lines)-1]; !strings.Contains(bar, "read-only") {
			t.Errorf("the status bar does not say read-only: %q", bar)
		}
		h.Keys("?")
		for _, offer := range []string{"new site", "delete site", ":newsite"} {
			if strings.Contains(h.Screen(), offer) {
				t.Errorf("read-only help offers %q:\n%s", offer, h.Screen())
			}
		}
	})
	for _, tc := range []struct {
		name string
		keys []string
		text string
	}{
		{name: "n", keys: []string{"n"}},
		{name: "D", keys: []string{"D"}},
		{name: ":newsite", keys: []string{":"}, text: "newsite " + newDomain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := readOnly(t)
			h.Keys(tc.keys...)
			if tc.text != "" {
				h.Type(tc.text)
				h.Keys("enter")
			}
			screen := h.Screen()
			if !strings.Contains(screen, pages.ReadOnlyRefusal) {
				t.Fatalf("no read-only refusal:\n%s", screen)
			}
			for _, opened := range []string{"Step 1 of 8", "New site", "Delete site"} {
				if strings.Contains(screen, opened) {
					t.Errorf("read-only mode opened %q:\n%s", opened, screen)
				}
			}
		})
	}
}

func TestNewsiteCommandPrefillsDomain(t *testing.T) {
	h, _ := newStaticApp(t, &fakeBackend{classes: demoClasses}, 120, 30)
	h.Keys(":")
	h.Type("newsite " + newDomain)
	h.Keys("enter")
	if !strings.Contains(h.Screen(), "> "+newDomain) || !strings.Contains(h.Screen(), "namespace "+newNS) {
		t.Fatalf(":newsite did not prefill:\n%s", h.Screen())
	}
	h.Keys("esc")
	if !strings.Contains(h.Screen(), "cancelled, nothing changed") {
		t.Fatalf("esc did not cancel:\n%s", h.Screen())
	}
}
