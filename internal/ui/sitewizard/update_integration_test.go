package sitewizard_test

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/testenv"
)

// TestLiveUpdateKeepsWhatAnotherToolSet: a site made from the blueprint by
// another tool (a CI job, the demo seed) with tuned varnish, mysql and
// memcache requests, its own pod-template annotations and a change-cause.
// The update wizard, run without editing anything, plans every object
// unchanged, and its apply keeps all of it (a new user tried U on the
// demo and got "3 change" for nothing edited).
func TestLiveUpdateKeepsWhatAnotherToolSet(t *testing.T) {
	h, cs := liveApp(t, nil)
	site := newLiveSite(t, cs)
	cfg, _ := testenv.Clients(t)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	endpoint, access, secret := testenv.S3(t)
	spec := blueprint.SiteSpec{Domain: site.domain, Image: site.image, WebReplicas: 2, MemcacheReplicas: 3,
		StorageClass: liveClass, WebCPU: "50m", WebMemory: "64Mi", WebPool: "web", DBPool: "db",
		VarnishCPU: "30m", VarnishMemory: "100Mi", MySQLCPU: "80m", MySQLMemory: "200Mi", MemcacheCPU: "20m", MemcacheMemory: "48Mi",
		S3: blueprint.S3Settings{Endpoint: "http://" + strings.TrimPrefix(endpoint, "http://"), Region: "us-east-1", Bucket: site.ns, AccessKey: access, SecretKey: secret}}
	const usage, cause = "example.com/usage", "ci: deploy 4f9c2e1 from main"
	adjust := func(objs []*unstructured.Unstructured) error {
		for _, o := range objs {
			if o.GetKind() != "Deployment" && o.GetKind() != "StatefulSet" {
				continue
			}
			if o.GetKind() == "Deployment" {
				o.SetAnnotations(map[string]string{"kubernetes.io/change-cause": cause})
			}
			if err := unstructured.SetNestedStringMap(o.Object, map[string]string{usage: "45m"}, "spec", "template", "metadata", "annotations"); err != nil {
				return err
			}
		}
		return nil
	}
	ctx := context.Background()
	if _, err := actions.ApplySiteWith(ctx, cs, dyn, kube.NewMapper(cs.Discovery()), nil, spec, false, rand.Reader,
		actions.ApplyOptions{Adjust: adjust, Manager: "ci-deploy"}); err != nil {
		t.Fatal(err)
	}
	// The SITE column may cut the domain ("wiz294f49.fdtui-test.…").
	h.Until(20*time.Second, "the site in the caches", func(s string) bool { return strings.Contains(s, site.domain[:min(len(site.domain), 18)]) })

	startWizard(h, site.domain, true)
	h.Keys("enter", "enter", "enter") // image, registry login: existing, my-registry-key
	h.Keys("enter", "enter")          // mysql image, volume (class is fixed)
	h.Keys("enter")                   // memcache 3
	h.Keys(acceptObjectStore...)
	h.Keys(acceptPlacement...)
	h.Keys(acceptEdge...)
	h.UntilShows(60*time.Second, "objects:")
	if !strings.Contains(h.Screen(), "14 objects: 0 create · 0 change · 14 unchanged") {
		t.Fatalf("an update with nothing edited plans changes:\n%s", h.Screen())
	}
	h.Keys("enter")
	h.UntilShows(liveTimeout, "applied 14 objects: 0 created, 0 changed, 14 unchanged")

	web, err := cs.AppsV1().Deployments(site.ns).Get(ctx, blueprint.ComponentWeb, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if web.Annotations["kubernetes.io/change-cause"] != cause || web.Spec.Template.Annotations[usage] != "45m" {
		t.Errorf("the update dropped another tool's annotations: %v, template %v", web.Annotations, web.Spec.Template.Annotations)
	}
	for _, c := range web.Spec.Template.Spec.Containers {
		if c.Name == "varnish" && c.Resources.Requests.Cpu().String() != "30m" {
			t.Errorf("varnish requests %v, want the tuned 30m", c.Resources.Requests)
		}
	}
	mysql, err := cs.AppsV1().StatefulSets(site.ns).Get(ctx, blueprint.ComponentMySQL, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := mysql.Spec.Template.Spec.Containers[0].Resources.Requests.Memory().String(); got != "200Mi" {
		t.Errorf("mysql memory request %s, want the tuned 200Mi", got)
	}
}
