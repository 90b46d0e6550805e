package ui_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// The port-forwards run through the real pods/portforward path to kwok's
// ClusterPortForward, which answers HTTP with hack/localcluster/standins/
// fdtui-http (varnish on 6081, apache elsewhere).

// createWebService is the blueprint's Service web (80 apache, 6081
// varnish) selecting webDeployment's pods.
func createWebService(t *testing.T, cs kubernetes.Interface, ns string) {
	t.Helper()
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "web"}, Spec: corev1.ServiceSpec{
		Selector: map[string]string{"app.kubernetes.io/instance": ns, "app.kubernetes.io/component": "web"},
		Ports: []corev1.ServicePort{
			{Name: "http", Port: 80, TargetPort: intstr.FromInt32(80)},
			{Name: "cache", Port: 6081, TargetPort: intstr.FromInt32(6081)},
		}}}
	if _, err := cs.CoreV1().Services(ns).Create(context.Background(), svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// freePort is a local port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// get asks the forwarded port for path and returns the answer's body.
func get(t *testing.T, port int, path string) string {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get("http://127.0.0.1:" + strconv.Itoa(port) + path)
	if err != nil {
		t.Fatalf("GET %s through the forward: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// forwardGoroutines counts goroutines of port-forwards (kube.Forward).
func forwardGoroutines() int {
	buf := make([]byte, 1<<22)
	buf = buf[:runtime.Stack(buf, true)]
	return strings.Count(string(buf), "kube.(*Forward)")
}

// shift+f on a site forwards web:6081 on the port typed; a request is
// answered by Varnish's stand-in. The pod it uses is deleted: the forward
// moves to the other Ready web pod, :pf says so, and the next request is
// answered. Quit closes the port and leaves no forward goroutine.
func TestLivePortForwardFollowsTheService(t *testing.T) {
	d, cs, ns := liveSite(t, 2)
	createWebService(t, cs, ns)
	pods := webPodNames(t, cs, ns)
	if len(pods) != 2 {
		t.Fatalf("web pods %v, want 2", pods)
	}
	openSite(d, ns)
	d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns, "Running"))
	d.Keys("F")
	d.WaitFor(t, 10*time.Second, "the targets", contains("web:6081 (varnish)", "web:80 (apache)", "mysql:3306 (mysql)", "Local port"))
	port := freePort(t)
	d.Keys("enter") // web:6081, the first
	d.Type(strconv.Itoa(port))
	d.Keys("enter")
	addr := "127.0.0.1:" + strconv.Itoa(port)
	d.WaitFor(t, 30*time.Second, "the forward started", contains("port-forward "+addr+" → web:6081 (varnish) via pod web-"))
	first := regexp.MustCompile(`via pod (web-[a-z0-9-]+)`).FindStringSubmatch(d.Screen())[1]

	if body := get(t, port, "/node/1"); !strings.Contains(body, "fdtui stand-in varnish: GET /node/1") {
		t.Fatalf("forwarded answer %q, want varnish's", body)
	}

	other := pods[0]
	if other == first {
		other = pods[1]
	}
	if err := cs.CoreV1().Pods(ns).Delete(context.Background(), first, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	d.WaitFor(t, 30*time.Second, "the re-target said", contains("re-targeted to "))
	d.Keys(":")
	d.Type("pf")
	d.Keys("enter")
	d.WaitFor(t, 30*time.Second, "the forwards screen names the new pod and the re-target", func(s string) bool {
		return contains("Port-forwards", addr, "web:6081 (varnish)", "active")(s) &&
			regexp.MustCompile(`re-targeted to web-[a-z0-9-]+: `+regexp.QuoteMeta(first)+` is (gone|terminating)`).MatchString(s)
	})
	if s := d.Screen(); !strings.Contains(s, "re-targeted to "+other) && !regexp.MustCompile(`re-targeted to web-`).MatchString(s) {
		t.Fatalf("not re-targeted to a Ready web pod:\n%s", s)
	}
	if body := get(t, port, "/after"); !strings.Contains(body, "fdtui stand-in varnish: GET /after") {
		t.Fatalf("answer after the re-target %q, want varnish's", body)
	}

	d.Keys("q")
	if c, err := net.DialTimeout("tcp4", addr, time.Second); err == nil {
		_ = c.Close()
		t.Errorf("%s still accepts connections after quit", addr)
	}
	end := time.Now().Add(10 * time.Second)
	for forwardGoroutines() > 0 && time.Now().Before(end) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := forwardGoroutines(); n > 0 {
		t.Errorf("%d port-forward goroutines left after quit", n)
	}
}

// shift+f on a pod of the pods list forwards a port it declares (or one
// typed: the test's pods declare none) on a free port; ctrl+d on :pf
// stops it without asking, and the port closes.
func TestLivePodPortForwardAndStop(t *testing.T) {
	d, _, ns := liveSite(t, 1)
	d.Keys(":")
	d.Type("pods " + ns)
	d.Keys("enter")
	d.WaitFor(t, 30*time.Second, "the pods list", contains("web-", "Running"))
	d.Keys("F")
	d.WaitFor(t, 10*time.Second, "the pod port", contains("Pod port", "Local port"))
	d.Type("80")
	d.Keys("enter", "enter") // a free local port
	d.WaitFor(t, 30*time.Second, "the forward started", contains("port-forward 127.0.0.1:", " → pod web-"))
	m := regexp.MustCompile(`port-forward 127\.0\.0\.1:(\d+) `).FindStringSubmatch(d.Screen())
	port, _ := strconv.Atoi(m[1])
	if body := get(t, port, "/"); !strings.Contains(body, "fdtui stand-in apache: GET /") {
		t.Fatalf("forwarded answer %q, want apache's", body)
	}
	d.Keys(":")
	d.Type("portforwards")
	d.Keys("enter")
	d.WaitFor(t, 10*time.Second, "the forwards screen", contains("Port-forwards", "pod port 80", "127.0.0.1:"+m[1]))
	d.Keys("ctrl+d")
	d.WaitFor(t, 10*time.Second, "stopped without a question", contains("stopped port-forward 127.0.0.1:"+m[1], "not asked first"))
	end := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp4", "127.0.0.1:"+m[1], time.Second)
		if err != nil {
			break
		}
		_ = c.Close()
		if time.Now().After(end) {
			t.Fatal("the port still accepts connections after ctrl+d")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Read-only mode leaves shift+f out of help and refuses it; a user RBAC
// denies pods/portforward sees it marked forbidden and is refused with the
// reason.
func TestLivePortForwardRefused(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)

	t.Run("read-only", func(t *testing.T) {
		d := liveAppWith(t, func(o *common.Options) { o.ReadOnly = true })
		d.WaitFor(t, 60*time.Second, "site OK", func(s string) bool { return strings.Contains(siteRow(s, ns), "OK") })
		openSite(d, ns)
		d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns, "Running"))
		d.Keys("?")
		d.WaitFor(t, 10*time.Second, "help without port-forward", func(s string) bool {
			return helpHas(s, "l logs") && !strings.Contains(s, "port-forward")
		})
		d.Keys("esc", "F")
		d.WaitFor(t, 10*time.Second, "refused", contains("read-only mode (--readonly)"))
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
		d.WaitFor(t, 60*time.Second, "site OK", func(s string) bool { return strings.Contains(siteRow(s, ns), "OK") })
		openSite(d, ns)
		d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns, "Running"))
		d.Keys("?")
		d.WaitFor(t, 10*time.Second, "port-forward marked forbidden", func(s string) bool {
			return helpHas(s, "shift+f port-forward (forbidden)")
		})
		d.Keys("esc", "F")
		d.WaitFor(t, 10*time.Second, "refused with the reason", contains("not allowed to create pods/portforward"))
	})
}
