package audit_test

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// newApp is the app as shipped on a static cluster holding the demo
// sites plus objs, sized 140 x 32, caches synced.
func newApp(t *testing.T, objs ...runtime.Object) (*uitest.Driver, *kube.Static) {
	t.Helper()
	return uitest.Static(t, ui.Config{}, 140, 32, append(uitest.Objects(uitest.DemoSites()), objs...)...)
}

// deployment is the web Deployment among objs.
func deployment(objs []runtime.Object) *appsv1.Deployment {
	for _, o := range objs {
		if d, ok := o.(*appsv1.Deployment); ok {
			return d
		}
	}
	return nil
}

var legacy = uitest.Site{Domain: "legacy.example.org", State: uitest.Healthy, Age: 48 * time.Hour}

// breakRules puts a password in an env var of a container that may run as
// root, and drops the pod's non-root security context.
func breakRules(d *appsv1.Deployment) {
	web := &d.Spec.Template.Spec.Containers[1]
	web.Env = append(web.Env, corev1.EnvVar{Name: "DB_PASSWORD", Value: "hunter2"})
	web.SecurityContext = &corev1.SecurityContext{RunAsUser: new(int64)}
	d.Spec.Template.Spec.SecurityContext = nil
}

// badSite is a Flight Deck site that breaks rules on purpose: a password
// in an env var of a container that may run as root, no requests.
func badSite() []runtime.Object {
	objs := uitest.SiteObjects(legacy)
	breakRules(deployment(objs))
	return objs
}

func TestAuditColumnAndSection(t *testing.T) {
	d, _ := newApp(t, badSite()...)
	screen := d.Screen()
	t.Run("sites", func(t *testing.T) { golden.RequireEqual(t, []byte(screen)) })
	if !strings.Contains(screen, "AUDIT") {
		t.Fatalf("no AUDIT column:\n%s", screen)
	}
	d.Send(tea.WindowSizeMsg{Width: 120, Height: 36})
	d.Keys(":", "n", "s", " ")
	for _, r := range "legacy-example-org" {
		d.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	d.Keys("enter")
	screen = d.Screen()
	t.Run("site", func(t *testing.T) { golden.RequireEqual(t, []byte(screen)) })
	for _, want := range []string{"literal-secret-env", "DB_PASSWORD", "runs-as-root"} {
		if !strings.Contains(screen, want) {
			t.Errorf("site page lacks %q", want)
		}
	}
	if strings.Contains(screen, "hunter2") {
		t.Error("the audit shows the password")
	}
}

// TestAuditFollowsChanges: findings are cached per namespace and
// recomputed when that namespace's objects change, so fixing one site and
// breaking another shows on the sites page after the informers' batch.
func TestAuditFollowsChanges(t *testing.T) {
	d, static := newApp(t, badSite()...)
	if line := lineWith(d.Screen(), "legacy.example.org"); !strings.Contains(line, "3 ⚠") {
		t.Fatalf("legacy.example.org before the fix: %q", line)
	}
	if line := lineWith(d.Screen(), "www.example.com"); !strings.Contains(line, " ok ") {
		t.Fatalf("www.example.com before breaking it: %q", line)
	}

	if err := static.Set(deployment(uitest.SiteObjects(legacy))); err != nil {
		t.Fatal(err)
	}
	www := deployment(uitest.SiteObjects(uitest.DemoSites()[0]))
	breakRules(www)
	if err := static.Set(www); err != nil {
		t.Fatal(err)
	}
	d.WaitFor(t, 5*time.Second, "the fixed site ok and the broken one flagged", func(screen string) bool {
		fixed, broken := lineWith(screen, "legacy.example.org"), lineWith(screen, "www.example.com")
		return strings.Contains(fixed, " ok ") && !strings.Contains(fixed, "⚠") && strings.Contains(broken, "3 ⚠")
	})
	for _, domain := range []string{"blog.kittens.io", "shop.acme.org", "news.daily-gazette.com"} {
		if line := lineWith(d.Screen(), domain); !strings.Contains(line, " ok ") {
			t.Errorf("%s changed with the others: %q", domain, line)
		}
	}
}

func lineWith(screen, s string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}
