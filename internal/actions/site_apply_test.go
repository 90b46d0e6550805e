package actions

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"github.com/flightdeck/fdtui/internal/testenv"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

func exampleSpec() blueprint.SiteSpec {
	return blueprint.SiteSpec{
		Domain: "www.example.com",
		Image:  "registry.digitalocean.com/acme/www-example-com:4f9c2e1",
		S3: blueprint.S3Settings{
			Endpoint: "https://nyc3.digitaloceanspaces.com", Region: "nyc3", Bucket: "www-example-com",
			AccessKey: "DO00EXAMPLEKEY", SecretKey: "example-secret",
		},
	}
}

// notRandom is a deterministic stand-in for crypto/rand.
func notRandom(seed byte) *bytes.Reader {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i)*31 + seed
	}
	return bytes.NewReader(b)
}

func secretObj(ns, name string, data map[string]string) *corev1.Secret {
	s := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Data: map[string][]byte{}}
	for k, v := range data {
		s.Data[k] = []byte(v)
	}
	return s
}

// secretData returns one key of one built Secret.
func secretData(t *testing.T, objs []*unstructured.Unstructured, secret, key string) string {
	t.Helper()
	for _, o := range objs {
		if o.GetKind() == "Secret" && o.GetName() == secret {
			var s corev1.Secret
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(o.Object, &s); err != nil {
				t.Fatal(err)
			}
			return string(s.Data[key])
		}
	}
	t.Fatalf("no Secret %s built", secret)
	return ""
}

func TestBuildSiteKeepsExistingCredentials(t *testing.T) {
	const ns = "www-example-com"
	namespace := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}
	mysql := secretObj(ns, blueprint.SecretMySQL, map[string]string{
		blueprint.KeyDBName: "drupal", blueprint.KeyDBUser: "drupal",
		blueprint.KeyDBPass: "KeptDbPassword0123456789abcdefAB", blueprint.KeyRootPass: "KeptRootPassword0123456789abcdef",
	})
	drupal := secretObj(ns, blueprint.SecretDrupal, map[string]string{blueprint.KeyHashSalt: "kept-hash-salt"})
	fresh, err := blueprint.GenerateSecrets(notRandom(7))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name               string
		existing           []runtime.Object
		wantPass, wantSalt string
	}{
		{"new site", nil, fresh.DBPass, fresh.HashSalt},
		{"namespace without secrets", []runtime.Object{namespace}, fresh.DBPass, fresh.HashSalt},
		{"existing site", []runtime.Object{namespace, mysql, drupal}, "KeptDbPassword0123456789abcdefAB", "kept-hash-salt"},
		{"only the drupal secret left", []runtime.Object{namespace, drupal}, fresh.DBPass, "kept-hash-salt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := fake.NewClientset(tc.existing...)
			objs, err := BuildSite(context.Background(), cs, exampleSpec(), notRandom(7))
			if err != nil {
				t.Fatal(err)
			}
			if got := secretData(t, objs, blueprint.SecretMySQL, blueprint.KeyDBPass); got != tc.wantPass {
				t.Error("database password: not the expected value (kept or generated)")
			}
			if got := secretData(t, objs, blueprint.SecretDrupal, blueprint.KeyHashSalt); got != tc.wantSalt {
				t.Error("hash salt: not the expected value (kept or generated)")
			}
			if got := secretData(t, objs, blueprint.SecretS3, blueprint.KeyBucket); got != "www-example-com" {
				t.Errorf("s3 bucket = %q", got)
			}
		})
	}
}

func TestBuildSiteRejectsInvalidSpecBeforeReading(t *testing.T) {
	cs := fake.NewClientset()
	spec := exampleSpec()
	spec.Image = "registry.digitalocean.com/acme/www-example-com:latest"
	_, err := BuildSite(context.Background(), cs, spec, notRandom(1))
	if err == nil || !strings.Contains(err.Error(), "latest") {
		t.Fatalf("err = %v, want the latest-tag complaint", err)
	}
	if n := len(cs.Actions()); n != 0 {
		t.Errorf("%d API calls for an invalid spec, want none", n)
	}
}

// ---- ApplySite with fake clients ----

type fakeStore struct {
	objstore.Store
	ensured []string
	err     error
	// applied is how many objects had been patched when EnsureBucket ran.
	appliedBefore int
	patches       *[]string
}

func (f *fakeStore) EnsureBucket(_ context.Context, bucket, region string) error {
	f.ensured = append(f.ensured, bucket+"@"+region)
	f.appliedBefore = len(*f.patches)
	return f.err
}

var siteKinds = map[schema.GroupVersionKind]string{
	{Version: "v1", Kind: "Namespace"}:                            "namespaces",
	{Version: "v1", Kind: "Secret"}:                               "secrets",
	{Version: "v1", Kind: "Service"}:                              "services",
	{Group: "apps", Version: "v1", Kind: "StatefulSet"}:           "statefulsets",
	{Group: "apps", Version: "v1", Kind: "Deployment"}:            "deployments",
	{Group: "batch", Version: "v1", Kind: "CronJob"}:              "cronjobs",
	{Group: "policy", Version: "v1", Kind: "PodDisruptionBudget"}: "poddisruptionbudgets",
	{Group: "batch", Version: "v1", Kind: "CronJob"}:              "cronjobs",
	{Group: "networking.k8s.io", Version: "v1", Kind: "Ingress"}:  "ingresses",
}

func siteMapper() meta.RESTMapper {
	m := meta.NewDefaultRESTMapper(nil)
	for gvk := range siteKinds {
		scope := meta.RESTScopeNamespace
		if gvk.Kind == "Namespace" {
			scope = meta.RESTScopeRoot
		}
		m.Add(gvk, scope)
	}
	return m
}

// fakeDynamic answers every GET with NotFound and every apply patch with
// the patch itself, recording "Kind/name" per patch.
func fakeDynamic(patches *[]string) *dynamicfake.FakeDynamicClient {
	lists := map[schema.GroupVersionResource]string{}
	for gvk, res := range siteKinds {
		lists[gvk.GroupVersion().WithResource(res)] = gvk.Kind + "List"
	}
	dyn := dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), lists)
	dyn.PrependReactor("patch", "*", func(action k8stesting.Action) (bool, runtime.Object, error) {
		p := action.(k8stesting.PatchAction)
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON(p.GetPatch()); err != nil {
			return true, nil, err
		}
		*patches = append(*patches, u.GetKind()+"/"+u.GetName())
		return true, u, nil
	})
	return dyn
}

func TestApplySite(t *testing.T) {
	bucketDown := errors.New("object store nyc3.digitaloceanspaces.com: cannot reach it: connection refused")
	tests := []struct {
		name        string
		dryRun      bool
		storeErr    error
		adjust      AdjustObjects
		wantEnsured []string
		wantPatches int
		wantResults int
		wantErr     string
	}{
		{name: "apply ensures the bucket first", wantEnsured: []string{"www-example-com@nyc3"}, wantPatches: 14, wantResults: 14},
		// The namespace does not exist, so only it can be dry-run.
		{name: "dry run leaves the bucket alone", dryRun: true, wantPatches: 1, wantResults: 14},
		{name: "unreachable store stops before any object", storeErr: bucketDown,
			wantEnsured: []string{"www-example-com@nyc3"}, wantErr: "connection refused"},
		{name: "adjust runs before apply", wantEnsured: []string{"www-example-com@nyc3"}, wantPatches: 14, wantResults: 14,
			adjust: func(objs []*unstructured.Unstructured) error {
				objs[len(objs)-1].SetName("adjusted")
				return nil
			}},
		{name: "adjust failure stops everything", wantErr: "adjusting objects: no",
			adjust: func([]*unstructured.Unstructured) error { return errors.New("no") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var patches []string
			store := &fakeStore{err: tc.storeErr, patches: &patches}
			results, err := ApplySiteWith(context.Background(), fake.NewClientset(), fakeDynamic(&patches), siteMapper(),
				store, exampleSpec(), tc.dryRun, notRandom(3), ApplyOptions{Adjust: tc.adjust})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(store.ensured, tc.wantEnsured) {
				t.Errorf("EnsureBucket calls %q, want %q", store.ensured, tc.wantEnsured)
			}
			if store.appliedBefore != 0 {
				t.Errorf("bucket ensured after %d objects were applied, want before any", store.appliedBefore)
			}
			if len(patches) != tc.wantPatches || len(results) != tc.wantResults {
				t.Errorf("%d patches, %d results, want %d and %d", len(patches), len(results), tc.wantPatches, tc.wantResults)
			}
			if tc.adjust != nil && len(patches) > 0 && patches[len(patches)-1] != "Ingress/adjusted" {
				t.Errorf("last patch %s, want the adjusted Ingress", patches[len(patches)-1])
			}
			for _, r := range results {
				if r.Action != kube.ApplyCreate {
					t.Errorf("%s/%s: %s, want create", r.Kind, r.Name, r.Action)
				}
			}
			if len(patches) > 0 && patches[0] != "Namespace/www-example-com" {
				t.Errorf("first patch %s, want the namespace", patches[0])
			}
		})
	}
}

// ---- against a real apiserver (make test sets FDTUI_KUBECONFIG) ----

// TestApplySiteIntegration applies a site twice with fresh randomness each
// time: the second run must change nothing, which proves the stored
// passwords were kept rather than regenerated.
func TestApplySiteIntegration(t *testing.T) {
	kubeconfig := testenv.Kubeconfig(t)
	cs, dyn, mapper := integrationClients(t, kubeconfig)
	ctx := context.Background()
	spec := exampleSpec()
	spec.Domain = "it-" + strings.ToLower(rand.Text()[:8]) + ".site-apply.example.test"
	spec.S3.Bucket = "fdtui-it-site-apply"
	ns, _ := blueprint.NamespaceFor(spec.Domain)
	t.Cleanup(func() {
		_ = cs.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{})
	})
	var none []string
	store := &fakeStore{patches: &none}

	first, err := ApplySite(ctx, cs, dyn, mapper, store, spec, false, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "first apply", first, kube.ApplyCreate)
	before := storedSecrets(t, cs, ns)

	second, err := ApplySite(ctx, cs, dyn, mapper, store, spec, false, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "second apply", second, kube.ApplyUnchanged)
	after := storedSecrets(t, cs, ns)
	for name, data := range before {
		for key, value := range data {
			if !bytes.Equal(after[name][key], value) {
				t.Errorf("Secret %s key %s changed on re-apply", name, key) // never print values
			}
		}
	}
	if len(store.ensured) != 2 {
		t.Errorf("EnsureBucket called %d times, want once per apply", len(store.ensured))
	}
}

func wantAll(t *testing.T, step string, results []kube.ApplyResult, want kube.ApplyAction) {
	t.Helper()
	if len(results) != 14 {
		t.Errorf("%s: %d results, want 14", step, len(results))
	}
	for _, r := range results {
		if r.Action != want || r.Err != nil {
			t.Errorf("%s: %s/%s is %s %q (err %v), want %s", step, r.Kind, r.Name, r.Action, r.Diff, r.Err, want)
		}
	}
}

func storedSecrets(t *testing.T, cs kubernetes.Interface, ns string) map[string]map[string][]byte {
	t.Helper()
	out := map[string]map[string][]byte{}
	for _, name := range []string{blueprint.SecretMySQL, blueprint.SecretDrupal} {
		s, err := cs.CoreV1().Secrets(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Data) == 0 {
			t.Fatalf("Secret %s is empty", name)
		}
		out[name] = s.Data
	}
	return out
}

func integrationClients(t *testing.T, kubeconfig string) (kubernetes.Interface, dynamic.Interface, meta.RESTMapper) {
	t.Helper()
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	cfg.QPS, cfg.Burst = 50, 100
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cs, dyn, kube.NewMapper(cs.Discovery())
}
