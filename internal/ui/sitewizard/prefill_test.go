package sitewizard

import (
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// builtObjects runs the blueprint and converts its output to the typed
// objects the informers hold.
func builtObjects(t *testing.T, spec blueprint.SiteSpec) model.NamespaceObjects {
	t.Helper()
	o, _ := builtSite(t, spec)
	return o
}

// builtSite is builtObjects and the edge the wizard reads: the site's
// HTTPRoute and own Gateway as kube reads them, and the cluster's
// IngressClasses (traefik, and nginx-internal served by ingress-nginx).
func builtSite(t *testing.T, spec blueprint.SiteSpec) (model.NamespaceObjects, EdgeFacts) {
	t.Helper()
	edge := EdgeFacts{Edge: model.Edge{IngressClassesKnown: true, IngressClasses: []model.IngressClassInfo{
		{Name: "nginx-internal", Controller: model.ControllerIngressNginx}, {Name: "traefik", Controller: "traefik.io/ingress-controller"}}}}
	objs, err := blueprint.Build(spec, blueprint.GeneratedSecrets{DBName: "drupal", DBUser: "drupal",
		DBPass: "p4ssw0rd-p4ssw0rd", DBRootPass: "r00t-r00t-r00t", HashSalt: "salt"})
	if err != nil {
		t.Fatal(err)
	}
	var o model.NamespaceObjects
	for _, u := range objs {
		switch u.GetKind() {
		case "Namespace":
			o.Namespace = &corev1.Namespace{}
			convert(t, u.Object, o.Namespace)
		case "Deployment":
			d := &appsv1.Deployment{}
			convert(t, u.Object, d)
			o.Deployments = append(o.Deployments, d)
		case "StatefulSet":
			s := &appsv1.StatefulSet{}
			convert(t, u.Object, s)
			o.StatefulSets = append(o.StatefulSets, s)
		case "Ingress":
			i := &networkingv1.Ingress{}
			convert(t, u.Object, i)
			o.Ingresses = append(o.Ingresses, i)
		case "CronJob":
			cj := &batchv1.CronJob{}
			convert(t, u.Object, cj)
			o.CronJobs = append(o.CronJobs, cj)
		case "HTTPRoute":
			edge.Routes = append(edge.Routes, kube.HTTPRouteInfo(u))
		case "Gateway":
			edge.Edge.Gateways = append(edge.Edge.Gateways, kube.GatewayInfo(u))
		}
	}
	return o, edge
}

func convert(t *testing.T, from map[string]any, to any) {
	t.Helper()
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(from, to); err != nil {
		t.Fatal(err)
	}
}

// TestPrefillReadsBackWhatTheBlueprintBuilt is why an unchanged update
// plans "unchanged": every setting the wizard does not collect again
// comes back from the running objects.
func TestPrefillReadsBackWhatTheBlueprintBuilt(t *testing.T) {
	s3 := blueprint.S3Settings{Endpoint: "https://fra1.digitaloceanspaces.com", Region: "fra1", Bucket: "acme-sites",
		Prefix: "shop", AccessKey: "DO00KEY", SecretKey: "secret"}
	specs := map[string]blueprint.SiteSpec{
		"defaults": {Domain: "shop.acme.org", Image: "registry.digitalocean.com/acme/shop:4f9c2e1", S3: s3},
		"everything set": {Domain: "shop.acme.org", Image: "registry.digitalocean.com/acme/shop:4f9c2e1", VarnishImage: "varnish:7.5",
			WebReplicas: 5, MemcacheReplicas: 2, MySQLImage: "mysql:8.4", MySQLVolume: "20Gi", StorageClass: "do-block-storage",
			WebCPU: "100m", WebMemory: "128Mi", WebCPULimit: "500m", WebMemoryLimit: "256Mi", ClusterIssuer: "letsencrypt-staging",
			IngressClass: "nginx-internal", IngressController: model.ControllerIngressNginx, MaxUpload: "1g", TimeoutSeconds: 90, S3: s3, PullSecret: "do-registry", WebPool: "web", DBPool: "db",
			ProgressDeadlineSeconds: 120, VarnishCPU: "50m", VarnishMemory: "128Mi", MySQLCPU: "100m", MySQLMemory: "256Mi",
			MemcacheCPU: "25m", MemcacheMemory: "64Mi", CronSchedule: "*/5 * * * *"},
		// Another controller: no nginx annotations, so the upload size is
		// not carried (the default comes back) and that plans unchanged.
		"traefik": {Domain: "shop.acme.org", Image: "registry.digitalocean.com/acme/shop:4f9c2e1", S3: s3,
			IngressClass: "traefik", IngressController: "traefik.io/ingress-controller"},
		"HTTPRoute on the site's own Gateway": {Domain: "shop.acme.org", Image: "registry.digitalocean.com/acme/shop:4f9c2e1", S3: s3,
			Route: blueprint.RouteGateway, Gateway: blueprint.GatewayRef{Class: "cilium"}, ClusterIssuer: "letsencrypt-staging", TimeoutSeconds: 120},
		"HTTPRoute on a shared Gateway": {Domain: "shop.acme.org", Image: "registry.digitalocean.com/acme/shop:4f9c2e1", S3: s3,
			Route: blueprint.RouteGateway, Gateway: blueprint.GatewayRef{Namespace: "gateway-system", Name: "public", Section: "https"}},
	}
	for name, spec := range specs {
		t.Run(name, func(t *testing.T) {
			o, edge := builtSite(t, spec)
			got := specFromObjects(o, s3, edge).WithDefaults()
			if want := spec.WithDefaults(); !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, want)
			}
			if rt := draftFromSpec(got).spec().WithDefaults(); !reflect.DeepEqual(rt, spec.WithDefaults()) {
				t.Errorf("draft round trip\n%+v\nwant\n%+v", rt, spec.WithDefaults())
			}
		})
	}
}

// TestUpdateDraftOfAnInterruptedSite: the first apply stopped after the
// namespace and a few Secrets. The re-run must not be stuck on the
// immutable-volume rule, and gets the new-site defaults for the rest.
func TestUpdateDraftOfAnInterruptedSite(t *testing.T) {
	const domain, ns = "www.client.example", "www-client-example"
	env := map[string]string{"FDTUI_S3_ENDPOINT": "127.0.0.1:39000", "FDTUI_S3_ACCESS_KEY": "fdtuidemo", "FDTUI_S3_SECRET_KEY": "not-a-real-secret"}
	classes := []StorageClass{{Name: "local-demo", Provisioner: "kubernetes.io/no-provisioner"}}
	o := model.NamespaceObjects{Namespace: &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns,
		Annotations: map[string]string{model.AnnotationDomain: domain}}}}
	d := updateDraft(o, ns, blueprint.S3Settings{}, &facts{nodes: 3, classes: classes}, func(k string) string { return env[k] })
	if d.Domain != domain || d.Image != "" || d.original != nil || d.StorageClass != "local-demo" ||
		d.MemcacheReplicas != "3" || d.S3Endpoint != "http://127.0.0.1:39000" || d.S3Bucket != ns || !d.update {
		t.Errorf("draft = %+v", d)
	}
}
