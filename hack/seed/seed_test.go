package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

func site(domain string) siteDef {
	for _, d := range demoSites {
		if d.Domain == domain {
			return d
		}
	}
	panic("no demo site " + domain)
}

func TestDemoSitesAreValidSpecs(t *testing.T) {
	env := s3Env{Endpoint: "http://127.0.0.1:39000", AccessKey: "minio", SecretKey: "minio-secret"}
	for _, d := range append(append([]siteDef{}, demoSites...), secondSites...) {
		if err := siteSpec(d, d.image(d.Tag), env).Validate(); err != nil {
			t.Errorf("%s: %v", d.Domain, err)
		}
		if d.Break == brokenImage || d.Break == crashLoop {
			if err := siteSpec(d, d.breakImage(""), env).Validate(); err != nil {
				t.Errorf("%s broken: %v", d.Domain, err)
			}
		}
	}
}

func TestBreakImage(t *testing.T) {
	news := site("news.daily-gazette.com")
	tests := []struct {
		name string
		d    siteDef
		live string
		want string
	}{
		{"healthy site stays", site("www.example.com"), "", ""},
		{"broken image for the kwok ImagePullBackOff stage", site("shop.acme.org"), "",
			"registry.digitalocean.com/acme/shop-acme-org:broken-7d1e9a2"},
		{"crashloop image for the kwok CrashLoopBackOff stage", site("blog.kittens.io"), "",
			"registry.digitalocean.com/acme/blog-kittens-io:crashloop-c41d9e0"},
		{"mid-rollout moves on from its release", news, news.image("e81a4c7"),
			"registry.digitalocean.com/acme/news-daily-gazette-com:bd44e67"},
		{"and from the last roll on a re-run", news, news.image("bd44e67"),
			"registry.digitalocean.com/acme/news-daily-gazette-com:afedc27"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.breakImage(tc.live); got != tc.want {
				t.Errorf("breakImage(%q) = %q, want %q", tc.live, got, tc.want)
			}
		})
	}
}

func TestTagOf(t *testing.T) {
	for image, want := range map[string]string{
		"registry.digitalocean.com/acme/www-example-com:4f9c2e1": "4f9c2e1",
		"localhost:5000/site":     "",
		"localhost:5000/site:abc": "abc",
		"varnish":                 "",
	} {
		if got := tagOf(image); got != want {
			t.Errorf("tagOf(%q) = %q, want %q", image, got, want)
		}
	}
}

func TestSiteFilesAreDeterministicAndDrupalShaped(t *testing.T) {
	for _, d := range demoSites {
		a, b := siteFiles(d), siteFiles(d)
		if len(a) != d.Files {
			t.Errorf("%s: %d files, want %d", d.Domain, len(a), d.Files)
		}
		seen := map[string]bool{}
		for i, f := range a {
			if f != b[i] {
				t.Fatalf("%s: file %d differs between runs: %v vs %v", d.Domain, i, f, b[i])
			}
			if !strings.HasPrefix(f.Key, filesPrefix) || seen[f.Key] {
				t.Errorf("%s: bad or duplicate key %q", d.Domain, f.Key)
			}
			if f.Size <= 0 || f.Size > int64(len(noise)) {
				t.Errorf("%s: %q has size %d", d.Domain, f.Key, f.Size)
			}
			seen[f.Key] = true
		}
	}
}

func TestReadS3Env(t *testing.T) {
	tests := []struct {
		name, content string
		want          s3Env
		wantErr       string
	}{
		{name: "cluster.sh output", content: "FDTUI_S3_ENDPOINT=127.0.0.1:39000\nFDTUI_S3_ACCESS_KEY=fdtui\nFDTUI_S3_SECRET_KEY=s3cr3t\n",
			want: s3Env{"http://127.0.0.1:39000", "fdtui", "s3cr3t"}},
		{name: "exported and quoted", content: "# local MinIO\nexport FDTUI_S3_ENDPOINT=\"https://minio.local:9000\"\nexport FDTUI_S3_ACCESS_KEY='k'\nexport FDTUI_S3_SECRET_KEY=s\n",
			want: s3Env{"https://minio.local:9000", "k", "s"}},
		{name: "missing secret", content: "FDTUI_S3_ENDPOINT=127.0.0.1:39000\nFDTUI_S3_ACCESS_KEY=k\n", wantErr: "must all be set"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "minio.env")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := readS3Env(path)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

// built returns the seed's adjusted objects for d, by "Kind/name".
func built(t *testing.T, d siteDef) map[string]*unstructured.Unstructured {
	t.Helper()
	env := s3Env{Endpoint: "http://127.0.0.1:39000", AccessKey: "minio", SecretKey: "minio-secret"}
	secrets := blueprint.GeneratedSecrets{DBName: "drupal", DBUser: "drupal", DBPass: "p", DBRootPass: "r", HashSalt: "h"}
	image := d.image(d.Tag)
	objs, err := blueprint.Build(siteSpec(d, image, env), secrets)
	if err != nil {
		t.Fatal(err)
	}
	if err := adjustments(d, image)(objs); err != nil {
		t.Fatal(err)
	}
	out := map[string]*unstructured.Unstructured{}
	for _, o := range objs {
		out[o.GetKind()+"/"+o.GetName()] = o
	}
	return out
}

func str(t *testing.T, o *unstructured.Unstructured, path ...string) string {
	t.Helper()
	v, _, err := unstructured.NestedFieldNoCopy(o.Object, path...)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := v.(string)
	return s
}

func containerRequests(t *testing.T, o *unstructured.Unstructured, name string) (cpu, memory string) {
	t.Helper()
	containers, _, _ := unstructured.NestedSlice(o.Object, "spec", "template", "spec", "containers")
	for _, c := range containers {
		cm := c.(map[string]any)
		if cm["name"] == name {
			req, _, _ := unstructured.NestedStringMap(cm, "resources", "requests")
			return req["cpu"], req["memory"]
		}
	}
	t.Fatalf("%s has no container %s", o.GetName(), name)
	return "", ""
}

func TestAdjustments(t *testing.T) {
	d := site("news.daily-gazette.com")
	objs := built(t, d)
	web, mysql, memcache := objs["Deployment/web"], objs["StatefulSet/mysql"], objs["StatefulSet/memcache"]

	requests := []struct {
		obj             *unstructured.Unstructured
		container       string
		wantCPU, wantMe string
	}{
		{web, "web", "100m", "128Mi"}, // from the SiteSpec
		{web, "varnish", "50m", "128Mi"},
		{mysql, "mysql", "100m", "256Mi"},
		{memcache, "memcache", "25m", "64Mi"},
	}
	for _, r := range requests {
		if cpu, mem := containerRequests(t, r.obj, r.container); cpu != r.wantCPU || mem != r.wantMe {
			t.Errorf("%s requests %s/%s, want %s/%s", r.container, cpu, mem, r.wantCPU, r.wantMe)
		}
	}
	if got := str(t, web, "spec", "template", "metadata", "annotations", annUsageCPU); got != d.Web.CPU {
		t.Errorf("web usage-cpu %q, want %q", got, d.Web.CPU)
	}
	if got := str(t, mysql, "spec", "template", "metadata", "annotations", annUsageMemory); got != d.MySQL.Memory {
		t.Errorf("mysql usage-memory %q, want %q", got, d.MySQL.Memory)
	}
	if got := web.GetAnnotations()[annChangeCause]; got != "ci: deploy e81a4c7 from main" {
		t.Errorf("change-cause %q", got)
	}
	// The slow roll's minReadySeconds comes with the roll (rollImage);
	// the apply keeps the blueprint's, so the first ReplicaSet is available
	// within seconds.
	if got, _, _ := unstructured.NestedInt64(web.Object, "spec", "minReadySeconds"); got != 5 {
		t.Errorf("minReadySeconds %d, want the blueprint's 5", got)
	}
}

func TestDescribeResults(t *testing.T) {
	r := func(kind string, a kube.ApplyAction) kube.ApplyResult {
		return kube.ApplyResult{Kind: kind, Name: "web", Action: a}
	}
	tests := []struct {
		results []kube.ApplyResult
		want    string
	}{
		{[]kube.ApplyResult{r("Service", kube.ApplyCreate), r("Deployment", kube.ApplyCreate)}, "2 objects created"},
		{[]kube.ApplyResult{r("Service", kube.ApplyUnchanged), r("Deployment", kube.ApplyChange)}, "1 unchanged, 1 changed (Deployment/web)"},
	}
	for _, tc := range tests {
		if got := describeResults(tc.results); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestRollImage(t *testing.T) {
	live := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Namespace: "news-daily-gazette-com", Name: "web",
			Annotations: map[string]string{annChangeCause: "ci: deploy e81a4c7 from main"}},
		Spec: appsv1.DeploymentSpec{MinReadySeconds: 5, Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			Containers: []corev1.Container{
				{Name: "varnish", Image: "varnish:7.6"},
				{Name: "web", Image: "registry.digitalocean.com/acme/news-daily-gazette-com:e81a4c7"},
			},
		}}},
	}
	tests := []struct {
		name         string
		minReady     int32
		wantMinReady int32
	}{
		{"plain roll", 0, 5},
		{"slow roll", midRolloutMinReady, midRolloutMinReady},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := fake.NewClientset(live.DeepCopy())
			ctx := context.Background()
			image := "registry.digitalocean.com/acme/news-daily-gazette-com:bd44e67"
			if err := rollImage(ctx, cs, live.Namespace, image, tc.minReady); err != nil {
				t.Fatal(err)
			}
			got, err := cs.AppsV1().Deployments(live.Namespace).Get(ctx, "web", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			c := got.Spec.Template.Spec.Containers
			if len(c) != 2 || c[0].Image != "varnish:7.6" || c[1].Image != image {
				t.Errorf("containers after roll: %+v", c)
			}
			if cause := got.Annotations[annChangeCause]; cause != "ci: deploy bd44e67 from main" {
				t.Errorf("change-cause %q", cause)
			}
			if got.Spec.MinReadySeconds != tc.wantMinReady {
				t.Errorf("minReadySeconds %d, want %d", got.Spec.MinReadySeconds, tc.wantMinReady)
			}
		})
	}
}

// The second demo cluster's sites share the local MinIO with the first's
// (a bucket per site namespace), and the fleet screen needs a stuck one.
func TestProfiles(t *testing.T) {
	seen := map[string]string{}
	for _, profile := range []string{"demo", "second"} {
		sites, err := profileSites(profile)
		if err != nil {
			t.Fatal(err)
		}
		broken := 0
		for _, d := range sites {
			if other, dup := seen[d.namespace()]; dup {
				t.Errorf("%s: namespace %s (its bucket) is also %s's", profile, d.namespace(), other)
			}
			seen[d.namespace()] = profile + " " + d.Domain
			if d.Break == brokenImage {
				broken++
			}
		}
		if broken == 0 {
			t.Errorf("profile %s has no site with a stuck rollout", profile)
		}
	}
	if _, err := profileSites("third"); err == nil {
		t.Error("profile third: no error")
	}
}
