package kube

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/json"
	"errors"
	"github.com/flightdeck/fdtui/internal/testenv"
	"reflect"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/clientcmd"

	// Test-only: the integration test applies a real site blueprint.
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// ---- diffApplied on plain maps ----

func webDeployment(image string, replicas int64) map[string]any {
	return map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{
			"name": "web", "namespace": "www-example-com",
			"labels": map[string]any{"app.kubernetes.io/part-of": "flightdeck"},
		},
		"spec": map[string]any{
			"replicas": replicas,
			"template": map[string]any{"spec": map[string]any{
				"containers": []any{
					map[string]any{"name": "varnish", "image": "varnish:7.6", "args": []any{"-s", "malloc,128M"}},
					map[string]any{"name": "web", "image": image},
				},
			}},
		},
	}
}

// live adds what the apiserver adds: bookkeeping, defaults, status, and
// fields of other managers.
func live(obj map[string]any, resourceVersion string) map[string]any {
	out := deepCopyMap(obj)
	md := out["metadata"].(map[string]any)
	md["resourceVersion"] = resourceVersion
	md["uid"] = "6f1c"
	md["generation"] = int64(7)
	md["creationTimestamp"] = "2026-01-02T03:04:05Z"
	md["managedFields"] = []any{map[string]any{"manager": resourceVersion}}
	md["annotations"] = map[string]any{"deployment.kubernetes.io/revision": resourceVersion}
	if spec, ok := out["spec"].(map[string]any); ok {
		spec["progressDeadlineSeconds"] = int64(600)
		containers := spec["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)
		for _, c := range containers {
			c.(map[string]any)["imagePullPolicy"] = "IfNotPresent"
		}
	}
	out["status"] = map[string]any{"observedGeneration": int64(7), "replicas": int64(3)}
	return out
}

func TestDiffApplied(t *testing.T) {
	tests := []struct {
		name                   string
		applied, before, after map[string]any
		secret                 bool
		want                   []string
	}{
		{
			name:    "unchanged despite server noise",
			applied: webDeployment("reg/web:4f9c2e1", 3),
			before:  live(webDeployment("reg/web:4f9c2e1", 3), "100"),
			after:   live(webDeployment("reg/web:4f9c2e1", 3), "101"),
		},
		{
			name:    "image and replicas change",
			applied: webDeployment("reg/web:a1b2c3d", 4),
			before:  live(webDeployment("reg/web:4f9c2e1", 3), "100"),
			after:   live(webDeployment("reg/web:a1b2c3d", 4), "101"),
			want: []string{
				"spec.replicas: 3 -> 4",
				"spec.template.spec.containers[web].image: reg/web:4f9c2e1 -> reg/web:a1b2c3d",
			},
		},
		{
			name:    "int and int64 from different decoders are equal",
			applied: map[string]any{"spec": map[string]any{"replicas": 3}},
			before:  map[string]any{"spec": map[string]any{"replicas": int64(3)}},
			after:   map[string]any{"spec": map[string]any{"replicas": float64(3)}},
		},
		{
			name:    "scalar list compared whole",
			applied: withArgs(webDeployment("w:1", 3), "-s", "malloc,256M"),
			before:  live(webDeployment("w:1", 3), "1"),
			after:   live(withArgs(webDeployment("w:1", 3), "-s", "malloc,256M"), "2"),
			want:    []string{"spec.template.spec.containers[varnish].args: [-s, malloc,128M] -> [-s, malloc,256M]"},
		},
		{
			name:    "new container, removed label",
			applied: withoutLabel(withContainer(webDeployment("w:1", 3), "exporter")),
			before:  live(webDeployment("w:1", 3), "1"),
			after:   live(withoutLabel(withContainer(webDeployment("w:1", 3), "exporter")), "2"),
			want: []string{
				"metadata.labels[app.kubernetes.io/part-of]: flightdeck -> <none>",
				"spec.template.spec.containers[exporter]: added",
			},
		},
		{
			name:    "new field",
			applied: map[string]any{"spec": map[string]any{"nodeSelector": map[string]any{"pool": "web"}}},
			before:  map[string]any{"spec": map[string]any{}},
			after:   map[string]any{"spec": map[string]any{"nodeSelector": map[string]any{"pool": "web"}}},
			want:    []string{"spec.nodeSelector.pool: <none> -> web"},
		},
		{
			name:    "unnamed list by position",
			applied: map[string]any{"spec": map[string]any{"tls": []any{map[string]any{"secretName": "b"}}}},
			before:  map[string]any{"spec": map[string]any{"tls": []any{map[string]any{"secretName": "a"}, map[string]any{"secretName": "x"}}}},
			after:   map[string]any{"spec": map[string]any{"tls": []any{map[string]any{"secretName": "b"}}}},
			want:    []string{"spec.tls[0].secretName: a -> b", "spec.tls[1]: removed"},
		},
		{
			name:    "long values are cut",
			applied: map[string]any{"x": strings.Repeat("b", 100)},
			before:  map[string]any{"x": ""},
			after:   map[string]any{"x": strings.Repeat("b", 100)},
			want:    []string{`x: "" -> ` + strings.Repeat("b", 59) + "…"},
		},
		{
			name:    "secret values never shown",
			secret:  true,
			applied: secretMap(map[string]any{"drupal-db-pass.txt": "bmV3", "root-pass.txt": "cm9vdA==", "new.txt": "eA=="}),
			before:  secretMap(map[string]any{"drupal-db-pass.txt": "b2xk", "root-pass.txt": "cm9vdA==", "gone.txt": "eQ=="}),
			after:   secretMap(map[string]any{"drupal-db-pass.txt": "bmV3", "root-pass.txt": "cm9vdA==", "new.txt": "eA=="}),
			want: []string{
				"data[drupal-db-pass.txt]: changed",
				"data[new.txt]: added",
				"data[gone.txt]: removed",
			},
		},
		{
			name:    "secret type and labels are not values",
			secret:  true,
			applied: map[string]any{"type": "Opaque", "metadata": map[string]any{"labels": map[string]any{"a": "2"}}},
			before:  map[string]any{"type": "kubernetes.io/tls", "metadata": map[string]any{"labels": map[string]any{"a": "1"}}},
			after:   map[string]any{"type": "Opaque", "metadata": map[string]any{"labels": map[string]any{"a": "2"}}},
			want:    []string{"metadata.labels.a: 1 -> 2", "type: kubernetes.io/tls -> Opaque"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diffApplied(tt.applied, tt.before, tt.after, tt.secret)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("diff:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func withArgs(d map[string]any, args ...any) map[string]any {
	containers(d)[0].(map[string]any)["args"] = args
	return d
}

func withContainer(d map[string]any, name string) map[string]any {
	spec := d["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)
	spec["containers"] = append(containers(d), map[string]any{"name": name, "image": name + ":1"})
	return d
}

func withoutLabel(d map[string]any) map[string]any {
	delete(d["metadata"].(map[string]any), "labels")
	return d
}

func containers(d map[string]any) []any {
	return d["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)
}

func secretMap(data map[string]any) map[string]any {
	return map[string]any{"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
		"metadata": map[string]any{"name": "mysql", "namespace": "www-example-com"}, "data": data}
}

func deepCopyMap(m map[string]any) map[string]any {
	return runtime.DeepCopyJSON(m)
}

// ---- ApplyObjects against a fake dynamic client ----

var (
	nsGVR     = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	secretGVR = schema.GroupVersionResource{Version: "v1", Resource: "secrets"}
	deployGVR = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
)

func testMapper() meta.RESTMapper {
	m := meta.NewDefaultRESTMapper(nil)
	m.Add(schema.GroupVersionKind{Version: "v1", Kind: "Namespace"}, meta.RESTScopeRoot)
	m.Add(schema.GroupVersionKind{Version: "v1", Kind: "Secret"}, meta.RESTScopeNamespace)
	m.Add(schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"}, meta.RESTScopeNamespace)
	return m
}

// fakeCluster is a dynamic fake whose apply patch behaves like the
// apiserver's closely enough for the plan: the applied object replaces
// fdtui's fields, server fields are added, dry runs persist nothing, and
// namespaced objects need their namespace.
type fakeCluster struct {
	*dynamicfake.FakeDynamicClient
	patches []string
	failOn  string
}

func newFakeCluster(t *testing.T, objs ...map[string]any) *fakeCluster {
	t.Helper()
	var initial []runtime.Object
	for _, o := range objs {
		initial = append(initial, &unstructured.Unstructured{Object: o})
	}
	listKinds := map[schema.GroupVersionResource]string{
		nsGVR: "NamespaceList", secretGVR: "SecretList", deployGVR: "DeploymentList",
	}
	f := &fakeCluster{FakeDynamicClient: dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), listKinds, initial...)}
	f.PrependReactor("patch", "*", f.applyPatch)
	return f
}

func (f *fakeCluster) applyPatch(action k8stesting.Action) (bool, runtime.Object, error) {
	p := action.(k8stesting.PatchActionImpl)
	f.patches = append(f.patches, p.Name)
	if p.PatchType != "application/apply-patch+yaml" || p.PatchOptions.FieldManager != FieldManager ||
		p.PatchOptions.Force == nil || !*p.PatchOptions.Force {
		return true, nil, errors.New("not a forced server-side apply by fdtui")
	}
	if p.Name == f.failOn {
		return true, nil, apierrors.NewInvalid(schema.GroupKind{Kind: "Secret"}, p.Name, nil)
	}
	var applied map[string]any
	if err := json.Unmarshal(p.Patch, &applied); err != nil {
		return true, nil, err
	}
	if ns := p.Namespace; ns != "" {
		if _, err := f.Tracker().Get(nsGVR, "", ns); err != nil {
			return true, nil, apierrors.NewNotFound(schema.GroupResource{Resource: "namespaces"}, ns)
		}
	}
	result := &unstructured.Unstructured{Object: live(applied, "2")}
	if dry := p.PatchOptions.DryRun; len(dry) > 0 && (len(dry) != 1 || dry[0] != metav1.DryRunAll) {
		return true, nil, errors.New("bad dryRun option")
	}
	if len(p.PatchOptions.DryRun) == 0 {
		if err := f.store(p.Resource, p.Namespace, result); err != nil {
			return true, nil, err
		}
	}
	return true, result, nil
}

func (f *fakeCluster) store(gvr schema.GroupVersionResource, ns string, obj *unstructured.Unstructured) error {
	if _, err := f.Tracker().Get(gvr, ns, obj.GetName()); err == nil {
		return f.Tracker().Update(gvr, obj, ns)
	}
	return f.Tracker().Create(gvr, obj, ns)
}

func namespaceMap(name string) map[string]any {
	return map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": name}}
}

func unstructuredList(objs ...map[string]any) []*unstructured.Unstructured {
	out := make([]*unstructured.Unstructured, len(objs))
	for i, o := range objs {
		out[i] = &unstructured.Unstructured{Object: runtime.DeepCopyJSON(o)}
	}
	return out
}

func summary(results []ApplyResult) []string {
	var out []string
	for _, r := range results {
		line := r.Kind + "/" + r.Name + " " + string(r.Action)
		if len(r.Diff) > 0 {
			line += " " + strings.Join(r.Diff, "; ")
		}
		if r.Err != nil {
			line += " error"
		}
		out = append(out, line)
	}
	return out
}

func TestApplyObjectsDryRunNewSite(t *testing.T) {
	f := newFakeCluster(t)
	objs := unstructuredList(namespaceMap("www-example-com"), secretMap(map[string]any{"a.txt": "YQ=="}),
		webDeployment("reg/web:4f9c2e1", 3))
	results, err := ApplyObjects(context.Background(), f, testMapper(), objs, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Namespace/www-example-com create",
		"Secret/mysql create " + NamespacePendingNote,
		"Deployment/web create " + NamespacePendingNote,
	}
	if got := summary(results); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	if len(f.patches) != 1 {
		t.Errorf("patched %v; only the namespace can be dry-run", f.patches)
	}
	if _, err := f.Tracker().Get(nsGVR, "", "www-example-com"); !apierrors.IsNotFound(err) {
		t.Errorf("dry run created the namespace (err %v)", err)
	}
}

func TestApplyObjectsExistingSite(t *testing.T) {
	deploy := webDeployment("reg/web:4f9c2e1", 3)
	secret := secretMap(map[string]any{"drupal-db-pass.txt": "b2xk"})
	f := newFakeCluster(t, namespaceMap("www-example-com"), live(deploy, "1"), live(secret, "1"))

	newSecret := secretMap(map[string]any{"drupal-db-pass.txt": "bmV3"})
	objs := unstructuredList(namespaceMap("www-example-com"), newSecret, webDeployment("reg/web:a1b2c3d", 3))
	results, err := ApplyObjects(context.Background(), f, testMapper(), objs, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Namespace/www-example-com unchanged",
		"Secret/mysql change data[drupal-db-pass.txt]: changed",
		"Deployment/web change spec.template.spec.containers[web].image: reg/web:4f9c2e1 -> reg/web:a1b2c3d",
	}
	if got := summary(results); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	for _, r := range results {
		for _, line := range r.Diff {
			if strings.Contains(line, "bmV3") || strings.Contains(line, "b2xk") {
				t.Errorf("diff shows a secret value: %q", line)
			}
		}
	}
}

func TestApplyObjectsRealApplyStopsAtFirstError(t *testing.T) {
	f := newFakeCluster(t)
	f.failOn = "mysql"
	objs := unstructuredList(namespaceMap("www-example-com"), secretMap(map[string]any{"a.txt": "YQ=="}),
		webDeployment("reg/web:4f9c2e1", 3))
	results, err := ApplyObjects(context.Background(), f, testMapper(), objs, false)
	if err == nil || !strings.Contains(err.Error(), "Secret www-example-com/mysql") {
		t.Fatalf("err = %v", err)
	}
	if got := summary(results); !reflect.DeepEqual(got, []string{"Namespace/www-example-com create", "Secret/mysql  error"}) {
		t.Fatalf("got %q", got)
	}
	if _, err := f.Tracker().Get(nsGVR, "", "www-example-com"); err != nil {
		t.Errorf("namespace not created: %v", err)
	}
}

func TestApplyObjectsDryRunReportsEveryError(t *testing.T) {
	f := newFakeCluster(t, namespaceMap("www-example-com"))
	f.failOn = "mysql"
	unknown := map[string]any{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": map[string]any{"name": "w"}}
	objs := unstructuredList(secretMap(map[string]any{"a.txt": "YQ=="}), unknown, webDeployment("reg/web:1", 3))
	results, err := ApplyObjects(context.Background(), f, testMapper(), objs, true)
	if err == nil || !strings.Contains(err.Error(), "does not serve example.com/v1, Kind=Widget") {
		t.Fatalf("err = %v", err)
	}
	want := []string{"Secret/mysql  error", "Widget/w  error", "Deployment/web create"}
	if got := summary(results); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestApplyObjectsMissingNamespaceIsAnError(t *testing.T) {
	f := newFakeCluster(t)
	results, err := ApplyObjects(context.Background(), f, testMapper(),
		unstructuredList(webDeployment("reg/web:1", 3)), true)
	if err == nil || !apierrors.IsNotFound(results[0].Err) {
		t.Fatalf("err = %v, result %+v", err, results)
	}
}

func TestApplyObjectsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results, err := ApplyObjects(ctx, newFakeCluster(t), testMapper(),
		unstructuredList(namespaceMap("a")), true)
	if !errors.Is(err, context.Canceled) || len(results) != 0 {
		t.Fatalf("results %v, err %v", results, err)
	}
}

// ---- against a real apiserver (make test sets FDTUI_KUBECONFIG) ----

// TestApplyObjectsIntegration plans, applies and re-plans a whole site in a
// namespace of its own: the re-plan must find nothing to change, which is
// what proves the diff ignores the server's noise.
func TestApplyObjectsIntegration(t *testing.T) {
	kubeconfig := testenv.Kubeconfig(t)
	dyn, mapper := integrationClients(t, kubeconfig)
	ctx := context.Background()
	spec, secrets := integrationSite(t)
	objs := build(t, spec, secrets)
	ns := objs[0].GetName()
	t.Cleanup(func() {
		_ = dyn.Resource(nsGVR).Delete(context.Background(), ns, metav1.DeleteOptions{})
	})

	plan := mustApply(t, ctx, dyn, mapper, objs, true)
	wantActions(t, "first plan", plan, ApplyCreate)
	if _, err := dyn.Resource(nsGVR).Get(ctx, ns, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("dry run created the namespace (err %v)", err)
	}
	wantActions(t, "apply", mustApply(t, ctx, dyn, mapper, objs, false), ApplyCreate)
	wantActions(t, "re-plan", mustApply(t, ctx, dyn, mapper, objs, true), ApplyUnchanged)
	wantActions(t, "re-apply", mustApply(t, ctx, dyn, mapper, objs, false), ApplyUnchanged)

	spec.Image = "registry.example.com/acme/web:a1b2c3d"
	spec.WebReplicas = 4
	spec.S3.SecretKey = "rotated-secret"
	plan = mustApply(t, ctx, dyn, mapper, build(t, spec, secrets), true)
	want := map[string][]string{
		"Deployment/web": {
			"spec.replicas: 3 -> 4",
			"spec.template.spec.containers[web].image: registry.example.com/acme/web:4f9c2e1 -> registry.example.com/acme/web:a1b2c3d",
		},
		// Drupal cron runs the new code too.
		"CronJob/drupal-cron": {
			"spec.jobTemplate.spec.template.spec.containers[web].image: registry.example.com/acme/web:4f9c2e1 -> registry.example.com/acme/web:a1b2c3d",
		},
		"PodDisruptionBudget/web": {"spec.minAvailable: 2 -> 3"},
		"Secret/s3":               {"data[secret-key.txt]: changed"},
	}
	for _, r := range plan {
		t.Logf("plan: %s/%s %s %q", r.Kind, r.Name, r.Action, r.Diff)
		wantDiff, changed := want[r.Kind+"/"+r.Name]
		switch {
		case changed && (r.Action != ApplyChange || !reflect.DeepEqual(r.Diff, wantDiff)):
			t.Errorf("%s/%s: %s %q, want change %q", r.Kind, r.Name, r.Action, r.Diff, wantDiff)
		case !changed && r.Action != ApplyUnchanged:
			t.Errorf("%s/%s: %s %q, want unchanged", r.Kind, r.Name, r.Action, r.Diff)
		}
	}
}

func integrationClients(t *testing.T, kubeconfig string) (dynamic.Interface, meta.RESTMapper) {
	t.Helper()
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	cfg.QPS, cfg.Burst = 50, 100 // client-go's default 5 QPS makes five passes take 20 s
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	disc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return dyn, NewMapper(disc)
}

func integrationSite(t *testing.T) (blueprint.SiteSpec, blueprint.GeneratedSecrets) {
	t.Helper()
	secrets, err := blueprint.GenerateSecrets(cryptorand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	suffix := strings.ToLower(secrets.HashSalt[:8]) // random enough for a unique namespace
	return blueprint.SiteSpec{
		Domain: "it-" + suffix + ".apply.example.test",
		Image:  "registry.example.com/acme/web:4f9c2e1",
		S3: blueprint.S3Settings{
			Endpoint: "http://127.0.0.1:9000", Region: "us-east-1", Bucket: "fdtui-it",
			AccessKey: "test-access", SecretKey: "test-secret",
		},
		Registry: &blueprint.RegistryAuth{Server: "registry.example.com", Username: "ci", Password: "not-real"},
	}, secrets
}

func build(t *testing.T, spec blueprint.SiteSpec, secrets blueprint.GeneratedSecrets) []*unstructured.Unstructured {
	t.Helper()
	objs, err := blueprint.Build(spec, secrets)
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

func mustApply(t *testing.T, ctx context.Context, dyn dynamic.Interface, mapper meta.RESTMapper,
	objs []*unstructured.Unstructured, dryRun bool) []ApplyResult {
	t.Helper()
	results, err := ApplyObjects(ctx, dyn, mapper, objs, dryRun)
	if err != nil {
		t.Fatalf("ApplyObjects(dryRun=%v): %v", dryRun, err)
	}
	return results
}

func wantActions(t *testing.T, step string, results []ApplyResult, want ApplyAction) {
	t.Helper()
	for _, r := range results {
		if r.Action != want {
			t.Errorf("%s: %s/%s is %s %q, want %s", step, r.Kind, r.Name, r.Action, r.Diff, want)
		}
	}
}
