package kube

import (
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// builtSite is a Flight Deck site as the wizard applies it (blueprint.Build),
// its Deployment and StatefulSets typed, plus an audit-worthy variant of
// the web Deployment: root, a Secret through env, a literal password and
// a floating tag.
func builtSite(t *testing.T) ([]*appsv1.Deployment, []*appsv1.StatefulSet) {
	t.Helper()
	spec := blueprint.SiteSpec{Domain: "shop.example.org", Image: "registry.example.com/acme/shop:4f9c2e1",
		MySQLVolume: "20Gi", StorageClass: "do-block-storage-retain", WebPool: "web-pool", DBPool: "db-pool",
		PullSecret: "acme-registry", WebCPU: "500m", WebMemory: "768Mi", WebCPULimit: "2", WebMemoryLimit: "1536Mi",
		S3: blueprint.S3Settings{Endpoint: "https://ams3.digitaloceanspaces.com", Bucket: "acme", AccessKey: "a", SecretKey: "b"},
	}.WithDefaults()
	objs, err := blueprint.Build(spec, blueprint.GeneratedSecrets{DBName: "d", DBUser: "u", DBPass: "p", DBRootPass: "r", HashSalt: "s"})
	if err != nil {
		t.Fatal(err)
	}
	var deps []*appsv1.Deployment
	var sts []*appsv1.StatefulSet
	for _, u := range objs {
		switch u.GetKind() {
		case "Deployment":
			d := &appsv1.Deployment{}
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, d); err != nil {
				t.Fatal(err)
			}
			deps = append(deps, d)
		case "StatefulSet":
			s := &appsv1.StatefulSet{}
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, s); err != nil {
				t.Fatal(err)
			}
			sts = append(sts, s)
		}
	}
	if len(deps) != 1 || len(sts) != 2 {
		t.Fatalf("blueprint built %d Deployments, %d StatefulSets", len(deps), len(sts))
	}
	bad := deps[0].DeepCopy()
	bad.Name = "legacy"
	c := &bad.Spec.Template.Spec.Containers[0]
	c.Image, c.SecurityContext = "drupal:latest", nil
	bad.Spec.Template.Spec.SecurityContext = nil
	c.Env = append(c.Env, corev1.EnvVar{Name: "DB_PASSWORD", Value: "hunter2"},
		corev1.EnvVar{Name: "S3_KEY", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: "s3"}, Key: "secret-key.txt"}}})
	return append(deps, bad), sts
}

// TestCompactWorkloadsReadTheSame: what the audit, rollout state and the
// wizard's prefill read from a site's Deployments and StatefulSets is the
// same on the compact cache copy as on the object the apiserver serves.
func TestCompactWorkloadsReadTheSame(t *testing.T) {
	deps, sts := builtSite(t)
	sl := &slimmer{}
	full := model.NamespaceObjects{Deployments: deps, StatefulSets: sts, SecretNames: []string{"mysql"}}
	slim := model.NamespaceObjects{SecretNames: full.SecretNames}
	for _, d := range deps {
		out, _ := sl.slimObject(d.DeepCopy())
		slim.Deployments = append(slim.Deployments, out.(*appsv1.Deployment))
	}
	for _, s := range sts {
		out, _ := sl.slimObject(s.DeepCopy())
		slim.StatefulSets = append(slim.StatefulSets, out.(*appsv1.StatefulSet))
	}
	want, got := model.Audit(full), model.Audit(slim)
	if len(want) < 4 || !reflect.DeepEqual(got, want) {
		t.Fatalf("audit of the compact copies:\n%v\nof the objects:\n%v", got, want)
	}
	for i, d := range deps {
		c := slim.Deployments[i]
		if !reflect.DeepEqual(c.Spec.Template.Spec.NodeSelector, d.Spec.Template.Spec.NodeSelector) ||
			!reflect.DeepEqual(c.Spec.Template.Spec.ImagePullSecrets, d.Spec.Template.Spec.ImagePullSecrets) ||
			!reflect.DeepEqual(c.Spec.Strategy, d.Spec.Strategy) || c.Spec.MinReadySeconds != d.Spec.MinReadySeconds ||
			*c.Spec.ProgressDeadlineSeconds != *d.Spec.ProgressDeadlineSeconds || *c.Spec.Replicas != *d.Spec.Replicas {
			t.Errorf("Deployment %s: rollout settings or placement lost", d.Name)
		}
		for j, ctr := range d.Spec.Template.Spec.Containers {
			cc := c.Spec.Template.Spec.Containers[j]
			if cc.Name != ctr.Name || cc.Image != ctr.Image || !reflect.DeepEqual(cc.Resources, ctr.Resources) {
				t.Errorf("Deployment %s container %s: %+v", d.Name, ctr.Name, cc)
			}
		}
		if c.Spec.Template.Spec.Volumes != nil || c.Spec.Template.Spec.Containers[0].VolumeMounts != nil ||
			c.Spec.Template.Labels != nil || c.Labels != nil {
			t.Errorf("Deployment %s kept what nothing reads", d.Name)
		}
	}
	for i, s := range sts {
		c := slim.StatefulSets[i]
		if len(c.Spec.VolumeClaimTemplates) != len(s.Spec.VolumeClaimTemplates) ||
			!reflect.DeepEqual(c.Spec.UpdateStrategy, s.Spec.UpdateStrategy) || c.Spec.PodManagementPolicy != s.Spec.PodManagementPolicy {
			t.Fatalf("StatefulSet %s: claims or update strategy lost", s.Name)
		}
		for j, claim := range s.Spec.VolumeClaimTemplates {
			cc := c.Spec.VolumeClaimTemplates[j]
			if cc.Name != claim.Name || *cc.Spec.StorageClassName != *claim.Spec.StorageClassName ||
				!reflect.DeepEqual(cc.Spec.Resources, claim.Spec.Resources) {
				t.Errorf("StatefulSet %s claim %s: %+v", s.Name, claim.Name, cc)
			}
		}
	}
}

func TestCompactServiceKeepsNameAndType(t *testing.T) {
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "mysql", Namespace: "a", Labels: map[string]string{"app": "mysql"}},
		Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, ClusterIP: corev1.ClusterIPNone,
			Ports: []corev1.ServicePort{{Name: "mysql", Port: 3306}}, Selector: map[string]string{"app": "mysql"}}}
	out, _ := (&slimmer{}).slimObject(svc)
	got := out.(*corev1.Service)
	if got.Name != "mysql" || got.Namespace != "a" || got.Spec.ClusterIP != corev1.ClusterIPNone || got.Spec.Type != corev1.ServiceTypeClusterIP {
		t.Fatalf("compact Service lost its identity or type: %+v", got)
	}
	if got.Labels != nil || got.Spec.Ports != nil || got.Spec.Selector != nil {
		t.Fatalf("compact Service kept what nothing reads: %+v", got)
	}
}

// A compact claim keeps what the sites, the audit and the delete page
// read (phase, volume, capacity), and claims of one size share their
// resource maps.
func TestCompactPVCKeepsPhaseVolumeAndSize(t *testing.T) {
	sl := &slimmer{}
	class := "do-block-storage"
	claim := func(name string) *corev1.PersistentVolumeClaim {
		size := corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("10Gi")}
		return &corev1.PersistentVolumeClaim{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "a", Labels: map[string]string{"app": "mysql"},
				ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kube-controller-manager"}}},
			Spec: corev1.PersistentVolumeClaimSpec{VolumeName: "pvc-3f1c", StorageClassName: &class,
				AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
				Resources:   corev1.VolumeResourceRequirements{Requests: size}},
			Status: corev1.PersistentVolumeClaimStatus{Phase: corev1.ClaimBound, Capacity: size.DeepCopy()},
		}
	}
	out, _ := sl.slimObject(claim("data-mysql-0"))
	got := out.(*corev1.PersistentVolumeClaim)
	q := got.Status.Capacity[corev1.ResourceStorage]
	if got.Name != "data-mysql-0" || got.Namespace != "a" || got.Status.Phase != corev1.ClaimBound ||
		got.Spec.VolumeName != "pvc-3f1c" || q.String() != "10Gi" || *got.Spec.StorageClassName != class {
		t.Fatalf("compact claim lost what is read: %+v", got)
	}
	if got.Labels != nil || got.ManagedFields != nil {
		t.Fatalf("compact claim kept what nothing reads: %+v", got.ObjectMeta)
	}
	out2, _ := sl.slimObject(claim("data-mysql-1"))
	other := out2.(*corev1.PersistentVolumeClaim)
	if reflect.ValueOf(other.Status.Capacity).Pointer() != reflect.ValueOf(got.Status.Capacity).Pointer() {
		t.Fatal("two claims of one size do not share their capacity map")
	}
}

// TestWorkloadsAreCompactedInPlace: the compact copy of every kind but a
// pod is the decoded object itself, and a workload's containers keep the
// decoded backing array, its capacity cut to its length (see slimObject
// for why).
func TestWorkloadsAreCompactedInPlace(t *testing.T) {
	deps, sts := builtSite(t)
	rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: "web-6c9f", Namespace: "shop"},
		Spec: appsv1.ReplicaSetSpec{Template: *deps[0].Spec.Template.DeepCopy()}}
	rs.Spec.Template.Spec.Containers = append(make([]corev1.Container, 0, 4), rs.Spec.Template.Spec.Containers...)
	objs := []runtime.Object{deps[0], sts[0], rs,
		&batchv1.CronJob{Spec: batchv1.CronJobSpec{Schedule: "*/15 * * * *",
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: *deps[0].Spec.Template.DeepCopy()}}}},
		&batchv1.Job{Spec: batchv1.JobSpec{Template: *deps[0].Spec.Template.DeepCopy()}},
		&corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "mysql", ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl"}}}},
		&corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: "data-mysql-0"}},
	}
	sl := &slimmer{}
	for _, in := range objs {
		containers := func(o runtime.Object) []corev1.Container {
			switch o := o.(type) {
			case *appsv1.Deployment:
				return o.Spec.Template.Spec.Containers
			case *appsv1.StatefulSet:
				return o.Spec.Template.Spec.Containers
			case *appsv1.ReplicaSet:
				return o.Spec.Template.Spec.Containers
			case *batchv1.CronJob:
				return o.Spec.JobTemplate.Spec.Template.Spec.Containers
			}
			return nil
		}
		decoded := containers(in)
		out, _ := sl.slimObject(in)
		if out != any(in) {
			t.Fatalf("%T: compact copy is another object", in)
		}
		got := containers(in)
		if len(decoded) > 0 && (&got[0] != &decoded[0] || cap(got) != len(got)) {
			t.Errorf("%T: containers not compacted in their decoded array (cap %d, len %d)", in, cap(got), len(got))
		}
		for _, c := range got {
			if c.VolumeMounts != nil || c.ReadinessProbe != nil || c.LivenessProbe != nil {
				t.Errorf("%T container %s kept what nothing reads", in, c.Name)
			}
		}
	}
	if j := objs[4].(*batchv1.Job); j.Spec.Template.Spec.Containers != nil {
		t.Error("Job kept its template")
	}
	if s := objs[5].(*corev1.Service); s.ManagedFields != nil || s.Name != "mysql" {
		t.Errorf("Service: %+v", s.ObjectMeta)
	}
	secret := &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: "s3", Labels: map[string]string{"a": "b"}}}
	if out, _ := nameOnly(secret); out != any(secret) || secret.Labels != nil || secret.Name != "s3" {
		t.Errorf("Secret's metadata not compacted in place: %+v", secret.ObjectMeta)
	}
}
