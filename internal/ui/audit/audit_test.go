package audit

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
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

func newApp(t *testing.T, objs ...runtime.Object) *uitest.Driver {
	t.Helper()
	Register()
	static, err := kube.NewStatic("demo", append(uitest.Objects(uitest.DemoSites), objs...)...)
	if err != nil {
		t.Fatal(err)
	}
	c := &common.Common{Now: func() time.Time { return uitest.Now }}
	conn := common.NewConn(1, "demo", "https://127.0.0.1:36443", "v1.36.3", static.Cluster)
	d := uitest.NewDriver(ui.New(c, conn))
	d.Send(tea.WindowSizeMsg{Width: 140, Height: 32}, common.SyncedMsg{ConnID: 1})
	return d
}

// badSite is a Flight Deck site that breaks rules on purpose: a password
// in an env var of a container that may run as root, no requests.
func badSite() []runtime.Object {
	objs := uitest.SiteObjects(uitest.Site{Domain: "legacy.example.org", State: uitest.Healthy, Age: 48 * time.Hour})
	for _, o := range objs {
		d, ok := o.(*appsv1.Deployment)
		if !ok {
			continue
		}
		web := &d.Spec.Template.Spec.Containers[1]
		web.Env = append(web.Env, corev1.EnvVar{Name: "DB_PASSWORD", Value: "hunter2"})
		web.SecurityContext = &corev1.SecurityContext{RunAsUser: new(int64)}
		d.Spec.Template.Spec.SecurityContext = nil
	}
	return objs
}

func TestAuditColumnAndSection(t *testing.T) {
	d := newApp(t, badSite()...)
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
