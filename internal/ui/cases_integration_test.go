package ui_test

// The shared failure cases (/work/shared/cases, issue 11) as live tests:
// each reproduces its script's situation in Go in the test's own namespace
// (the same objects, the same status-subresource patches, the same hand-made
// Events) and asserts the script's EXPECTED lines on the real app's screen.

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

const caseImage1, caseImage2 = "registry.digitalocean.com/acme/site:4f9c2e1", "registry.digitalocean.com/acme/site:5b21d07"

// caseNamespace is the test's namespace made a Flight Deck site namespace
// as the scripts make theirs (part-of label, domain annotation).
func caseNamespace(t *testing.T, cs kubernetes.Interface) string {
	t.Helper()
	ns := testenv.Namespace(t, cs)
	patch := fmt.Sprintf(`{"metadata":{"labels":{"app.kubernetes.io/part-of":"flightdeck"},"annotations":{"flightdeck.dev/domain":%q}}}`, domain(ns))
	if _, err := cs.CoreV1().Namespaces().Patch(context.Background(), ns, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	return ns
}

func flightdeckLabels(ns, component string) map[string]string {
	return map[string]string{"app.kubernetes.io/part-of": "flightdeck", "app.kubernetes.io/instance": ns,
		"app.kubernetes.io/component": component, "app.kubernetes.io/managed-by": "fdtui"}
}

func resources(cpu, mem, limit string) corev1.ResourceRequirements {
	return corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse(mem)},
		Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(limit)}}
}

func tcpProbe(port int32, period int32) *corev1.Probe {
	return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(port)}}, PeriodSeconds: period}
}

// caseWeb is the scripts' web Deployment (create_site): 2 replicas,
// minReadySeconds 5, progress deadline 120 s, varnish + web on the web pool.
func caseWeb(ns, image string) *appsv1.Deployment {
	sel := map[string]string{"app.kubernetes.io/instance": ns, "app.kubernetes.io/component": "web"}
	one, zero := intstr.FromInt32(1), intstr.FromInt32(0)
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "web", Labels: flightdeckLabels(ns, "web")},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr(int32(2)), MinReadySeconds: 5, ProgressDeadlineSeconds: ptr(int32(120)), RevisionHistoryLimit: ptr(int32(10)),
			Selector: &metav1.LabelSelector{MatchLabels: sel},
			Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType,
				RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: &one, MaxUnavailable: &zero}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: flightdeckLabels(ns, "web")}, Spec: corev1.PodSpec{
				SecurityContext: &corev1.PodSecurityContext{RunAsNonRoot: ptr(true), FSGroup: ptr(int64(33))},
				NodeSelector:    map[string]string{"doks.digitalocean.com/node-pool": "web"},
				Containers: []corev1.Container{
					{Name: "varnish", Image: "varnish:7.6", Ports: []corev1.ContainerPort{{Name: "http-cache", ContainerPort: 6081}},
						ReadinessProbe: tcpProbe(6081, 5), Resources: resources("20m", "64Mi", "384Mi"),
						SecurityContext: &corev1.SecurityContext{RunAsUser: ptr(int64(1000)), AllowPrivilegeEscalation: ptr(false)}},
					{Name: "web", Image: image, Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 80}},
						ReadinessProbe: tcpProbe(80, 5), Resources: resources("50m", "64Mi", "1Gi"),
						SecurityContext: &corev1.SecurityContext{RunAsUser: ptr(int64(33)), AllowPrivilegeEscalation: ptr(false)}},
				}}},
		},
	}
}

func webSelector(ns string) string {
	return "app.kubernetes.io/component=web,app.kubernetes.io/instance=" + ns
}

func createDeployment(t *testing.T, cs kubernetes.Interface, d *appsv1.Deployment) {
	t.Helper()
	if _, err := cs.AppsV1().Deployments(d.Namespace).Create(context.Background(), d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// poll calls cond every 250 ms until it is true, or fails the test after
// timeout.
func poll(t *testing.T, timeout time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func isReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// readyPods waits for at least n Ready pods matching selector (wait_ready)
// and returns the matching pods sorted by name.
func readyPods(t *testing.T, cs kubernetes.Interface, ns, selector string, n int) []corev1.Pod {
	t.Helper()
	var pods []corev1.Pod
	poll(t, 60*time.Second, fmt.Sprintf("%d ready pod(s) matching %s", n, selector), func() (bool, error) {
		l, err := cs.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{LabelSelector: selector})
		if err != nil {
			return false, err
		}
		ready := 0
		for i := range l.Items {
			if isReady(&l.Items[i]) {
				ready++
			}
		}
		pods = l.Items
		return ready >= n, nil
	})
	sort.Slice(pods, func(i, j int) bool { return pods[i].Name < pods[j].Name })
	return pods
}

// rolledOut waits like `kubectl rollout status deployment/web`.
func rolledOut(t *testing.T, cs kubernetes.Interface, ns string) {
	t.Helper()
	poll(t, 60*time.Second, "rollout of web", func() (bool, error) {
		d, err := cs.AppsV1().Deployments(ns).Get(context.Background(), "web", metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		want := *d.Spec.Replicas
		return d.Status.ObservedGeneration >= d.Generation && d.Status.UpdatedReplicas == want &&
			d.Status.Replicas == want && d.Status.AvailableReplicas == want, nil
	})
}

// revisionHash is the pod-template-hash of web's ReplicaSet of revision rev.
func revisionHash(t *testing.T, cs kubernetes.Interface, ns string, rev int) string {
	t.Helper()
	var hash string
	poll(t, 30*time.Second, fmt.Sprintf("the ReplicaSet of revision %d", rev), func() (bool, error) {
		l, err := cs.AppsV1().ReplicaSets(ns).List(context.Background(), metav1.ListOptions{LabelSelector: webSelector(ns)})
		if err != nil {
			return false, err
		}
		for _, rs := range l.Items {
			if rs.Annotations["deployment.kubernetes.io/revision"] == fmt.Sprint(rev) {
				hash = rs.Labels["pod-template-hash"]
				return true, nil
			}
		}
		return false, nil
	})
	return hash
}

func patchDeployment(t *testing.T, cs kubernetes.Interface, ns string, pt types.PatchType, patch string) {
	t.Helper()
	if _, err := cs.AppsV1().Deployments(ns).Patch(context.Background(), "web", pt, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
}

// patchPodStatus merge-patches the pod's status subresource
// (kubectl patch pod --subresource=status --type=merge).
func patchPodStatus(t *testing.T, cs kubernetes.Interface, ns, name, patch string) {
	t.Helper()
	if !json.Valid([]byte(patch)) {
		t.Fatalf("invalid status patch: %s", patch)
	}
	if _, err := cs.CoreV1().Pods(ns).Patch(context.Background(), name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}, "status"); err != nil {
		t.Fatal(err)
	}
}

// ts is the scripts' ts: UTC, whole seconds, now plus d.
func ts(d time.Duration) string { return time.Now().Add(d).UTC().Format(time.RFC3339) }

// q quotes s as a JSON string.
func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// domain is the site's domain annotation (caseNamespace); the sites table
// shows it in the SITE column.
func domain(ns string) string { return ns + ".example.com" }

// podEvent creates an Event about pod p like the scripts' event helper
// (kubelet source on the pod's node, count, first and last timestamps).
func podEvent(t *testing.T, cs kubernetes.Interface, p *corev1.Pod, suffix, fieldPath, typ, reason, msg string, count int32, at time.Time) {
	t.Helper()
	when := metav1.NewTime(at.UTC().Truncate(time.Second))
	ev := &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{Namespace: p.Namespace, Name: p.Name + "." + suffix},
		InvolvedObject: corev1.ObjectReference{APIVersion: "v1", Kind: "Pod", Name: p.Name, Namespace: p.Namespace,
			UID: p.UID, FieldPath: fieldPath},
		Type: typ, Reason: reason, Message: msg, Count: count, FirstTimestamp: when, LastTimestamp: when,
		Source:              corev1.EventSource{Component: "kubelet", Host: p.Spec.NodeName},
		ReportingController: "kubelet", ReportingInstance: p.Spec.NodeName,
	}
	if _, err := cs.CoreV1().Events(p.Namespace).Create(context.Background(), ev, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func getPod(t *testing.T, cs kubernetes.Interface, ns, name string) *corev1.Pod {
	t.Helper()
	p, err := cs.CoreV1().Pods(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// podRow is the screen line of the pod table row of pod name.
func podRow(screen, name string) string {
	for _, l := range strings.Split(screen, "\n") {
		if f := strings.Fields(l); len(f) > 0 && (f[0] == name || len(f) > 1 && f[1] == name) {
			return l
		}
	}
	return ""
}

// selectForDelete moves the cursor to pod name on a site page: it tries
// ctrl+d on each row from the top and answers no until the prompt names it.
func selectForDelete(t *testing.T, d *uitest.Driver, name string) {
	t.Helper()
	d.Keys("g")
	for i := 0; i < 10; i++ {
		d.Keys("ctrl+d")
		d.WaitFor(t, 5*time.Second, "a delete prompt", contains("Delete pod ", "Proceed?"))
		if strings.Contains(d.Screen(), "Delete pod "+name) {
			return
		}
		d.Keys("esc")
		d.WaitFor(t, 5*time.Second, "the prompt closed", func(s string) bool { return !strings.Contains(s, "Proceed?") })
		d.Keys("j")
	}
	t.Fatalf("no row's delete prompt names %s:\n%s", name, d.Screen())
}

// openCaseSite opens the site's page once the sites screen knows the site
// (before that, :ns opens the namespace's pods instead).
func openCaseSite(t *testing.T, d *uitest.Driver, ns string) {
	t.Helper()
	d.WaitFor(t, 30*time.Second, "the site listed", func(s string) bool { return siteRow(s, domain(ns)) != "" })
	openSite(d, ns)
	d.WaitFor(t, 10*time.Second, "the site page", contains("namespace "+ns))
}

// Case 01: an evicted web pod left behind in the live ReplicaSet.
func TestCase01EvictedPodLiveReplicaSet(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ns := caseNamespace(t, cs)
	createDeployment(t, cs, caseWeb(ns, caseImage1))
	rolledOut(t, cs, ns)
	pods := readyPods(t, cs, ns, webSelector(ns), 2)
	pod := getPod(t, cs, ns, pods[0].Name)
	started, now := pod.Status.StartTime.UTC().Format(time.RFC3339), ts(0)
	msg := "The node was low on resource: memory. Threshold quantity: 100Mi, available: 63412Ki. Container web was using 1153Mi, request is 64Mi, has larger consumption of its request. "
	patchPodStatus(t, cs, ns, pod.Name, fmt.Sprintf(`{"status": {
  "phase": "Failed", "reason": "Evicted", "message": %[1]s,
  "conditions": [
    {"type": "DisruptionTarget", "status": "True", "reason": "TerminationByKubelet", "message": %[1]s, "lastTransitionTime": %[2]q},
    {"type": "PodReadyToStartContainers", "status": "False", "lastTransitionTime": %[2]q},
    {"type": "Initialized", "status": "True", "lastTransitionTime": %[3]q},
    {"type": "Ready", "status": "False", "reason": "PodFailed", "lastTransitionTime": %[2]q},
    {"type": "ContainersReady", "status": "False", "reason": "PodFailed", "lastTransitionTime": %[2]q},
    {"type": "PodScheduled", "status": "True", "lastTransitionTime": %[3]q}],
  "containerStatuses": [
    {"name": "varnish", "image": "varnish:7.6", "imageID": "", "ready": false, "restartCount": 0, "started": false,
     "state": {"terminated": {"exitCode": 137, "reason": "Error", "startedAt": %[3]q, "finishedAt": %[2]q}}},
    {"name": "web", "image": %[4]q, "imageID": "", "ready": false, "restartCount": 0, "started": false,
     "state": {"terminated": {"exitCode": 137, "reason": "ContainerStatusUnknown",
       "message": "The container could not be located when the pod was terminated", "startedAt": null, "finishedAt": null}}}]
}}`, q(msg), now, started, caseImage1))
	at := time.Now()
	podEvent(t, cs, pod, "evicted", "", "Warning", "Evicted", msg, 1, at)
	podEvent(t, cs, pod, "killing", "", "Normal", "Killing", "Stopping container web", 1, at)
	// The ReplicaSet replaces the Failed pod; wait until the site is whole again.
	readyPods(t, cs, ns, webSelector(ns), 2)

	d.WaitFor(t, 30*time.Second, "the site OK with web 2/2 and 3 pods", func(s string) bool {
		return contains("OK", "2/2")(siteRow(s, domain(ns)))
	})
	time.Sleep(2 * time.Second) // let any late batch land before judging the row
	d.Poll(200 * time.Millisecond)
	row := siteRow(d.Screen(), domain(ns))
	t.Logf("sites row: %s", row)
	if !contains("OK", "2/2")(row) || strings.Contains(row, "STUCK") || strings.Contains(row, "!") {
		t.Errorf("site row: want OK, web 2/2, not STUCK, PODS without \"!\" (the evicted pod is not failing):\n%s", row)
	}

	openCaseSite(t, d, ns)
	d.WaitFor(t, 15*time.Second, "the evicted pod shown Evicted", func(s string) bool {
		return strings.Contains(podRow(s, pod.Name), "Evicted")
	})
	s := d.Screen()
	t.Logf("site page:\n%s", s)
	for _, bad := range []string{"STUCK", "CrashLoopBackOff", "crash loop", "crash-loop"} {
		if strings.Contains(s, bad) {
			t.Errorf("site page shows %q for an evicted pod of a healthy site:\n%s", bad, s)
		}
	}
	if strings.Contains(s, "pods not ready") && !strings.Contains(s, "0 pods not ready") {
		t.Errorf("the evicted pod is counted as not ready:\n%s", s)
	}

	selectForDelete(t, d, pod.Name)
	d.WaitFor(t, 5*time.Second, "the prompt says the pod was already replaced", contains("Delete pod "+pod.Name, "already replaced it"))
	d.Keys("y")
	// The toast after the delete says what the prompt said (it said
	// "waiting for its replacement" for every pod, found by a new user).
	d.WaitFor(t, 10*time.Second, "the toast: already replaced", contains("pod "+pod.Name+" deleted; its controller had already replaced it"))
	d.WaitFor(t, 20*time.Second, "the evicted pod gone", func(s string) bool { return podRow(s, pod.Name) == "" })
	time.Sleep(5 * time.Second)
	d.Poll(200 * time.Millisecond)
	if s := d.Screen(); strings.Contains(s, "replacement pod") || strings.Contains(s, "waiting for its replacement") {
		t.Errorf("a replacement toast followed the delete of an evicted pod:\n%s", s)
	}
}

// Case 06: both web pods Running but unready, no rollout in progress.
func TestCase06UnreadyWithoutRollout(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ns := caseNamespace(t, cs)
	createDeployment(t, cs, caseWeb(ns, caseImage1))
	rolledOut(t, cs, ns)
	pods := readyPods(t, cs, ns, webSelector(ns), 2)
	// Past minReadySeconds, so the Deployment reports NewReplicaSetAvailable first.
	poll(t, 30*time.Second, "web Progressing=True NewReplicaSetAvailable", func() (bool, error) {
		dep, err := cs.AppsV1().Deployments(ns).Get(context.Background(), "web", metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		for _, c := range dep.Status.Conditions {
			if c.Type == appsv1.DeploymentProgressing && c.Reason == "NewReplicaSetAvailable" {
				return dep.Status.AvailableReplicas == 2, nil
			}
		}
		return false, nil
	})
	now := ts(0)
	for i := range pods {
		pod := getPod(t, cs, ns, pods[i].Name)
		started := pod.Status.StartTime.UTC().Format(time.RFC3339)
		patchPodStatus(t, cs, ns, pod.Name, fmt.Sprintf(`{"status": {
  "phase": "Running",
  "conditions": [
    {"type": "PodReadyToStartContainers", "status": "True", "lastTransitionTime": %[1]q},
    {"type": "Initialized", "status": "True", "lastTransitionTime": %[1]q},
    {"type": "Ready", "status": "False", "reason": "ContainersNotReady", "message": "containers with unready status: [web]", "lastTransitionTime": %[2]q},
    {"type": "ContainersReady", "status": "False", "reason": "ContainersNotReady", "message": "containers with unready status: [web]", "lastTransitionTime": %[2]q},
    {"type": "PodScheduled", "status": "True", "lastTransitionTime": %[1]q}],
  "containerStatuses": [
    {"name": "varnish", "image": "varnish:7.6", "imageID": "docker.io/library/varnish@sha256:0000000000000000000000000000000000000000000000000000000000000002",
     "ready": true, "restartCount": 0, "started": true, "state": {"running": {"startedAt": %[1]q}}},
    {"name": "web", "image": %[3]q, "imageID": "registry.digitalocean.com/acme/site@sha256:0000000000000000000000000000000000000000000000000000000000000003",
     "ready": false, "restartCount": 0, "started": true, "state": {"running": {"startedAt": %[1]q}}}]
}}`, started, now, caseImage1))
		podEvent(t, cs, pod, "unhealthy", "spec.containers{web}", "Warning", "Unhealthy",
			fmt.Sprintf("Readiness probe failed: dial tcp %s:80: connect: connection refused", pod.Status.PodIP), 24, time.Now())
	}

	d.WaitFor(t, 30*time.Second, "the site DOWN", func(s string) bool { return strings.Contains(siteRow(s, domain(ns)), "DOWN") })
	s := d.Screen()
	row := siteRow(s, domain(ns))
	t.Logf("sites screen:\n%s", s)
	if strings.Contains(row, "ROLLING") {
		t.Errorf("site row says ROLLING with no rollout under way:\n%s", row)
	}
	// Ranked first: above every OK site on screen (other tests' sites may be there too).
	lines := strings.Split(s, "\n")
	mine := -1
	for i, l := range lines {
		if l == row {
			mine = i
			break
		}
	}
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) > 1 && f[1] == "OK" && i < mine {
			t.Errorf("OK site ranked above the DOWN site:\n%s\n%s", l, row)
		}
	}

	openCaseSite(t, d, ns)
	d.WaitFor(t, 15*time.Second, "the verdict: the current pods fail readiness", contains("current pods (revision 1) fail their readiness probe"))
	s = d.Screen()
	t.Logf("site page:\n%s", s)
	// The hint is the diagnosis's "→" line (the key help at the bottom
	// always lists u, whatever the site's state).
	hint := ""
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "→") {
			hint += l + "\n"
		}
	}
	if hint == "" || strings.Contains(hint, "roll back") || strings.Contains(hint, "undo") || !strings.Contains(hint, "restart") {
		t.Errorf("the hint: want restart, no roll back (no earlier revision); got %q", hint)
	}
}

// Case 09: web scaled to 0.
func TestCase09WebScaledToZero(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ns := caseNamespace(t, cs)
	ctx := context.Background()
	createDeployment(t, cs, caseWeb(ns, caseImage1))
	sel := map[string]string{"app.kubernetes.io/instance": ns, "app.kubernetes.io/component": "web"}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "web"}, Spec: corev1.ServiceSpec{Selector: sel,
		Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromInt32(6081)}}}}
	if _, err := cs.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	prefix := networkingv1.PathTypePrefix
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "web"}, Spec: networkingv1.IngressSpec{
		Rules: []networkingv1.IngressRule{{Host: domain(ns), IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
			Paths: []networkingv1.HTTPIngressPath{{Path: "/", PathType: &prefix, Backend: networkingv1.IngressBackend{
				Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}}}}}}}}}}
	if _, err := cs.NetworkingV1().Ingresses(ns).Create(ctx, ing, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	rolledOut(t, cs, ns)
	patchDeployment(t, cs, ns, types.MergePatchType, `{"spec":{"replicas":0}}`)
	poll(t, 60*time.Second, "web pods gone", func() (bool, error) {
		l, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: webSelector(ns)})
		return err == nil && len(l.Items) == 0, err
	})
	rolledOut(t, cs, ns) // succeeds vacuously

	d.WaitFor(t, 30*time.Second, "the site SCALED TO 0", func(s string) bool { return strings.Contains(siteRow(s, domain(ns)), "SCALED TO 0") })
	row := siteRow(d.Screen(), domain(ns))
	t.Logf("sites row: %s", row)
	if f := strings.Fields(row); len(f) > 1 && f[1] == "OK" || strings.Contains(row, "STUCK") {
		t.Errorf("a scaled-to-zero site shows OK or STUCK:\n%s", row)
	}
	openCaseSite(t, d, ns)
	d.WaitFor(t, 15*time.Second, "site page", contains("SCALED TO 0"))
	d.Keys("r")
	d.WaitFor(t, 5*time.Second, "restart warns that web has 0 replicas", contains("web has 0 replicas"))
	t.Logf("restart prompt:\n%s", d.Screen())
	d.Keys("esc")
}

// surgePod applies revision 2 with minReadySeconds 600 (so the rollout
// waits on the surge pod), waits for kwok to make that pod Ready and
// returns it (the scripts' cases 03 and 04).
func surgePod(t *testing.T, cs kubernetes.Interface, ns, rev2 string) *corev1.Pod {
	t.Helper()
	patchDeployment(t, cs, ns, types.StrategicMergePatchType, rev2)
	hash := revisionHash(t, cs, ns, 2)
	pods := readyPods(t, cs, ns, "pod-template-hash="+hash, 1)
	return getPod(t, cs, ns, pods[0].Name)
}

// Case 03: revision 2 mounts Secret s3-v2, which does not exist.
func TestCase03MissingSecretVolume(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ns := caseNamespace(t, cs)
	ctx := context.Background()
	for _, name := range []string{"mysql", "drupal", "s3"} {
		sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Data: map[string][]byte{"placeholder.txt": []byte("case03")}}
		if _, err := cs.CoreV1().Secrets(ns).Create(ctx, sec, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	dep := caseWeb(ns, caseImage1)
	spec := &dep.Spec.Template.Spec
	for _, name := range []string{"mysql", "drupal", "s3"} {
		spec.Containers[1].VolumeMounts = append(spec.Containers[1].VolumeMounts, corev1.VolumeMount{Name: "secret-" + name, MountPath: "/secrets/" + name, ReadOnly: true})
		spec.Volumes = append(spec.Volumes, corev1.Volume{Name: "secret-" + name, VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: name}}})
	}
	createDeployment(t, cs, dep)
	rolledOut(t, cs, ns)

	pod := surgePod(t, cs, ns, fmt.Sprintf(`{"spec": {"minReadySeconds": 600, "progressDeadlineSeconds": 660, "template": {"spec": {
  "containers": [{"name": "web", "image": %q}],
  "volumes": [{"name": "secret-s3", "secret": {"secretName": "s3-v2"}}]}}}}`, caseImage2))
	now := ts(0)
	patchPodStatus(t, cs, ns, pod.Name, fmt.Sprintf(`{"status": {
  "phase": "Running",
  "conditions": [
    {"type": "PodReadyToStartContainers", "status": "False", "lastTransitionTime": %[1]q},
    {"type": "Initialized", "status": "True", "lastTransitionTime": %[1]q},
    {"type": "Ready", "status": "False", "reason": "ContainersNotReady", "message": "containers with unready status: [varnish web]", "lastTransitionTime": %[1]q},
    {"type": "ContainersReady", "status": "False", "reason": "ContainersNotReady", "message": "containers with unready status: [varnish web]", "lastTransitionTime": %[1]q},
    {"type": "PodScheduled", "status": "True", "lastTransitionTime": %[1]q}],
  "containerStatuses": [
    {"name": "varnish", "image": "varnish:7.6", "imageID": "", "ready": false, "restartCount": 0, "started": false,
     "state": {"waiting": {"reason": "ContainerCreating"}}},
    {"name": "web", "image": %[2]q, "imageID": "", "ready": false, "restartCount": 0, "started": false,
     "state": {"waiting": {"reason": "ContainerCreating"}}}]
}}`, now, caseImage2))
	patchDeployment(t, cs, ns, types.MergePatchType, `{"spec": {"minReadySeconds": 5, "progressDeadlineSeconds": 120}}`)
	at := time.Now()
	podEvent(t, cs, pod, "failedmount", "", "Warning", "FailedMount", `MountVolume.SetUp failed for volume "secret-s3" : secret "s3-v2" not found`, 1, at)
	podEvent(t, cs, pod, "failedmount-timeout", "", "Warning", "FailedMount",
		"Unable to attach or mount volumes: unmounted volumes=[secret-s3], unattached volumes=[], failed to process volumes=[]: context deadline exceeded", 1, at)
	setUp := time.Now()

	openCaseSite(t, d, ns)
	// From the first refresh: long before the 120 s progress deadline.
	d.WaitFor(t, 20*time.Second, "the verdict names the missing Secret", contains(
		"STUCK", "Secret s3-v2 not found (FailedMount, volume secret-s3)", "create Secret s3-v2 or undo"))
	s := d.Screen()
	if strings.Contains(s, "ROLLING") {
		t.Errorf("a rollout held by a missing Secret is STUCK from the first FailedMount, not ROLLING:\n%s", s)
	}
	t.Logf("site page %s after setup:\n%s", time.Since(setUp).Round(time.Second), s)
	if row := podRow(s, pod.Name); !contains("ContainerCreating", "0/2")(row) {
		t.Errorf("pod %s: want ContainerCreating 0/2, row %q", pod.Name, row)
	}
	if !strings.Contains(s, "still serve traffic") {
		t.Errorf("the page does not say the old pods still serve traffic:\n%s", s)
	}
}

// Case 04: revision 2's drush-deploy init container is OOM-killed over and over.
func TestCase04InitContainerOOMCrashLoop(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ns := caseNamespace(t, cs)
	createDeployment(t, cs, caseWeb(ns, caseImage1))
	rolledOut(t, cs, ns)

	pod := surgePod(t, cs, ns, fmt.Sprintf(`{"spec": {"minReadySeconds": 600, "progressDeadlineSeconds": 660, "template": {"spec": {
  "initContainers": [{"name": "drush-deploy", "image": %[1]q, "command": ["vendor/bin/drush", "deploy", "--yes"],
    "securityContext": {"runAsUser": 33, "allowPrivilegeEscalation": false},
    "resources": {"requests": {"cpu": "20m", "memory": "64Mi"}, "limits": {"memory": "256Mi"}}}],
  "containers": [{"name": "web", "image": %[1]q}]}}}}`, caseImage2))
	now := ts(0)
	patchPodStatus(t, cs, ns, pod.Name, fmt.Sprintf(`{"status": {
  "phase": "Running",
  "conditions": [
    {"type": "PodReadyToStartContainers", "status": "True", "lastTransitionTime": %[1]q},
    {"type": "Initialized", "status": "False", "reason": "ContainersNotInitialized", "message": "containers with incomplete status: [drush-deploy]", "lastTransitionTime": %[1]q},
    {"type": "Ready", "status": "False", "reason": "ContainersNotReady", "message": "containers with unready status: [varnish web]", "lastTransitionTime": %[1]q},
    {"type": "ContainersReady", "status": "False", "reason": "ContainersNotReady", "message": "containers with unready status: [varnish web]", "lastTransitionTime": %[1]q},
    {"type": "PodScheduled", "status": "True", "lastTransitionTime": %[1]q}],
  "initContainerStatuses": [
    {"name": "drush-deploy", "image": %[2]q, "imageID": "", "ready": false, "restartCount": 4, "started": false,
     "state": {"waiting": {"reason": "CrashLoopBackOff",
       "message": %[3]q}},
     "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": %[4]q, "finishedAt": %[5]q}}}],
  "containerStatuses": [
    {"name": "varnish", "image": "varnish:7.6", "imageID": "", "ready": false, "restartCount": 0, "started": false,
     "state": {"waiting": {"reason": "PodInitializing"}}},
    {"name": "web", "image": %[2]q, "imageID": "", "ready": false, "restartCount": 0, "started": false,
     "state": {"waiting": {"reason": "PodInitializing"}}}]
}}`, now, caseImage2, fmt.Sprintf("back-off 1m20s restarting failed container=drush-deploy pod=%s_%s(%s)", pod.Name, ns, pod.UID),
		ts(-50*time.Second), ts(-41*time.Second)))
	patchDeployment(t, cs, ns, types.MergePatchType, `{"spec": {"minReadySeconds": 5, "progressDeadlineSeconds": 120}}`)
	at := time.Now()
	podEvent(t, cs, pod, "started", "", "Normal", "Started", "Started container drush-deploy", 5, at)
	podEvent(t, cs, pod, "backoff", "", "Warning", "BackOff",
		fmt.Sprintf("Back-off restarting failed container drush-deploy in pod %s_%s(%s)", pod.Name, ns, pod.UID), 6, at)

	openCaseSite(t, d, ns)
	d.WaitFor(t, 20*time.Second, "the pod in Init:CrashLoopBackOff", func(s string) bool {
		return strings.Contains(podRow(s, pod.Name), "Init:CrashLoopBackOff")
	})
	d.WaitFor(t, 10*time.Second, "the verdict and hint name drush-deploy", contains("drush-deploy", "raise drush-deploy's 256Mi memory limit"))
	s := d.Screen()
	t.Logf("site page:\n%s", s)
	row := podRow(s, pod.Name)
	f := strings.Fields(row)
	restarts := ""
	for i, w := range f {
		if w == "Init:CrashLoopBackOff" && i+1 < len(f) {
			restarts = f[i+1]
		}
	}
	if restarts != "4" {
		t.Errorf("pod %s: RESTARTS %q, want 4 (init restarts count while initializing); row %q", pod.Name, restarts, row)
	}
}

// Case 05: init-container restarts before success are history: RESTARTS
// counts the app containers once the pod is initialized.
func TestCase05InitRestartsAfterSuccess(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ns := caseNamespace(t, cs)
	dep := caseWeb(ns, caseImage1)
	dep.Spec.Template.Spec.InitContainers = []corev1.Container{{Name: "wait-for-mysql", Image: "busybox:1.36",
		Command:         []string{"sh", "-c", "until nc -z -w 2 mysql-0.mysql 3306; do sleep 2; done"},
		Resources:       resources("10m", "16Mi", "32Mi"),
		SecurityContext: &corev1.SecurityContext{RunAsUser: ptr(int64(33)), AllowPrivilegeEscalation: ptr(false)}}}
	createDeployment(t, cs, dep)
	rolledOut(t, cs, ns)
	pods := readyPods(t, cs, ns, webSelector(ns), 2)
	pod := pods[0].Name
	m := func(d time.Duration) string { return ts(-d * time.Minute) }
	patchPodStatus(t, cs, ns, pod, fmt.Sprintf(`{"status": {
  "phase": "Running",
  "conditions": [
    {"type": "PodReadyToStartContainers", "status": "True", "lastTransitionTime": %[1]q},
    {"type": "Initialized", "status": "True", "lastTransitionTime": %[2]q},
    {"type": "Ready", "status": "True", "lastTransitionTime": %[3]q},
    {"type": "ContainersReady", "status": "True", "lastTransitionTime": %[3]q},
    {"type": "PodScheduled", "status": "True", "lastTransitionTime": %[1]q}],
  "initContainerStatuses": [
    {"name": "wait-for-mysql", "image": "busybox:1.36", "imageID": "docker.io/library/busybox@sha256:0000000000000000000000000000000000000000000000000000000000000001",
     "ready": true, "restartCount": 5, "started": false,
     "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": %[4]q, "finishedAt": %[2]q}},
     "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": %[5]q, "finishedAt": %[4]q}}}],
  "containerStatuses": [
    {"name": "varnish", "image": "varnish:7.6", "imageID": "docker.io/library/varnish@sha256:0000000000000000000000000000000000000000000000000000000000000002",
     "ready": true, "restartCount": 0, "started": true,
     "state": {"running": {"startedAt": %[2]q}}},
    {"name": "web", "image": %[6]q, "imageID": "registry.digitalocean.com/acme/site@sha256:0000000000000000000000000000000000000000000000000000000000000003",
     "ready": true, "restartCount": 1, "started": true,
     "state": {"running": {"startedAt": %[3]q}},
     "lastState": {"terminated": {"exitCode": 255, "reason": "Error", "startedAt": %[2]q, "finishedAt": %[3]q}}}]
}}`, m(22), m(19), m(12), m(20), m(21), caseImage1))
	d.WaitFor(t, 30*time.Second, "the site OK 2/2", func(s string) bool { return contains("OK", "2/2")(siteRow(s, domain(ns))) })
	time.Sleep(2 * time.Second) // the patched status lands; the site must stay OK
	d.Poll(200 * time.Millisecond)
	if row := siteRow(d.Screen(), domain(ns)); !contains("OK", "2/2")(row) || strings.Contains(row, "!") {
		t.Errorf("site row: want OK 2/2 without a flagged pod:\n%s", row)
	}

	openCaseSite(t, d, ns)
	d.WaitFor(t, 20*time.Second, "the pod's restarts with the last one's age", func(s string) bool {
		return strings.Contains(podRow(s, pod), " ago)")
	})
	s := d.Screen()
	t.Logf("site page:\n%s", s)
	row := podRow(s, pod)
	// kubectl prints `1 (12m ago)`: the app containers' restarts only.
	if m := regexp.MustCompile(`Running\s+(\S+ \(\S+ ago\))`).FindStringSubmatch(row); m == nil || !strings.HasPrefix(m[1], "1 (") || !strings.HasSuffix(m[1], "ago)") {
		t.Errorf("pod %s: RESTARTS want \"1 (12m ago)\" like kubectl; row %q", pod, row)
	} else {
		t.Logf("RESTARTS %s", m[1])
	}
}

// Case 07: the mysql StatefulSet rolled to an unpullable tag, then reverted;
// OrderedReady never replaces the unready mysql-0.
func TestCase07MySQLStatefulSetStuckAfterRevert(t *testing.T) {
	const good, bad = "mariadb:11.4.4", "mariadb:11.4.5-broken" // stands for a tag that does not exist
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ns := caseNamespace(t, cs)
	ctx := context.Background()
	sel := map[string]string{"app.kubernetes.io/instance": ns, "app.kubernetes.io/component": "mysql"}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "mysql", Labels: map[string]string{
		"app.kubernetes.io/part-of": "flightdeck", "app.kubernetes.io/instance": ns, "app.kubernetes.io/component": "mysql"}},
		Spec: corev1.ServiceSpec{ClusterIP: corev1.ClusterIPNone, Selector: sel, Ports: []corev1.ServicePort{{Name: "mysql", Port: 3306}}}}
	if _, err := cs.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	sts := &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "mysql", Labels: flightdeckLabels(ns, "mysql")},
		Spec: appsv1.StatefulSetSpec{
			ServiceName: "mysql", Replicas: ptr(int32(1)), PodManagementPolicy: appsv1.OrderedReadyPodManagement,
			UpdateStrategy: appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType},
			Selector:       &metav1.LabelSelector{MatchLabels: sel},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: flightdeckLabels(ns, "mysql")}, Spec: corev1.PodSpec{
				NodeSelector: map[string]string{"doks.digitalocean.com/node-pool": "db"},
				Containers: []corev1.Container{{Name: "mysql", Image: good, Ports: []corev1.ContainerPort{{Name: "mysql", ContainerPort: 3306}},
					ReadinessProbe: tcpProbe(3306, 10), Resources: resources("50m", "128Mi", "1Gi"),
					VolumeMounts: []corev1.VolumeMount{{Name: "data", MountPath: "/var/lib/mysql"}}}},
				Volumes: []corev1.Volume{{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}},
			}},
		},
	}
	if _, err := cs.AppsV1().StatefulSets(ns).Create(ctx, sts, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	getSts := func() (*appsv1.StatefulSet, error) {
		return cs.AppsV1().StatefulSets(ns).Get(ctx, "mysql", metav1.GetOptions{})
	}
	poll(t, 60*time.Second, "rollout of statefulset/mysql", func() (bool, error) {
		s, err := getSts()
		return err == nil && s.Status.ObservedGeneration >= s.Generation && s.Status.ReadyReplicas == 1 &&
			s.Status.UpdatedReplicas == 1 && s.Status.CurrentRevision == s.Status.UpdateRevision, err
	})
	setImage := func(image string) {
		t.Helper()
		patch := fmt.Sprintf(`{"spec":{"template":{"spec":{"containers":[{"name":"mysql","image":%q}]}}}}`, image)
		if _, err := cs.AppsV1().StatefulSets(ns).Patch(ctx, "mysql", types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	mysql0 := func() (image, waiting, rev string) {
		p, err := cs.CoreV1().Pods(ns).Get(ctx, "mysql-0", metav1.GetOptions{})
		if err != nil {
			return "", "", ""
		}
		if len(p.Status.ContainerStatuses) > 0 && p.Status.ContainerStatuses[0].State.Waiting != nil {
			waiting = p.Status.ContainerStatuses[0].State.Waiting.Reason
		}
		return p.Spec.Containers[0].Image, waiting, p.Labels["controller-revision-hash"]
	}

	// The bad bump: the controller replaces the healthy mysql-0 with one on the unpullable tag.
	setImage(bad)
	poll(t, 60*time.Second, "mysql-0 recreated on "+bad+" and failing to pull", func() (bool, error) {
		image, waiting, _ := mysql0()
		return image == bad && (waiting == "ErrImagePull" || waiting == "ImagePullBackOff"), nil
	})
	// The revert: the controller wants the good revision but does not touch the unready mysql-0.
	setImage(good)
	var upd string
	poll(t, 30*time.Second, "the StatefulSet's update revision back on "+good, func() (bool, error) {
		s, err := getSts()
		if err != nil {
			return false, err
		}
		_, _, rev := mysql0()
		upd = s.Status.UpdateRevision
		return s.Status.ObservedGeneration >= s.Generation && upd != "" && rev != "" && rev != upd, nil
	})

	d.WaitFor(t, 30*time.Second, "the site STUCK", func(s string) bool { return strings.Contains(siteRow(s, domain(ns)), "STUCK") })
	t.Logf("sites row: %s", siteRow(d.Screen(), domain(ns)))
	openCaseSite(t, d, ns)
	d.WaitFor(t, 15*time.Second, "mysql stuck on mysql-0, delete mysql-0", contains("mysql-0 is stuck", "delete mysql-0"))
	s := d.Screen()
	t.Logf("site page:\n%s", s)
	if image, _, _ := mysql0(); image != bad {
		t.Fatalf("unexpected: the controller replaced mysql-0 by itself (image %s)", image)
	}
	d.Keys("ctrl+d")
	d.WaitFor(t, 5*time.Second, "the cursor on mysql-0: ctrl+d prompts for it", contains("Delete pod mysql-0", "Proceed?"))
	d.Keys("esc")
}
