package dolocal

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// TestClusterlintReadsTheKubernetesCluster: with Config.Kube set, a run
// reads the cluster itself. A site's web Deployment mounting a claim of a
// DigitalOcean block-storage class is found by dobs-pod-owner on each of
// its pods (owned by the Deployment's ReplicaSet), and its container
// without requests by resource-requirements.
func TestClusterlintReadsTheKubernetesCluster(t *testing.T) {
	_, cs := testenv.Clients(t)
	creds, err := KubeCredentialsFromKubeconfig(testenv.Kubeconfig(t), "")
	if err != nil {
		t.Fatal(err)
	}
	ns := testenv.Namespace(t, cs)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	class := ns + "-dobs"
	if _, err := cs.StorageV1().StorageClasses().Create(ctx, &storagev1.StorageClass{
		ObjectMeta: metav1.ObjectMeta{Name: class}, Provisioner: doCSIDriver,
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cs.StorageV1().StorageClasses().Delete(context.Background(), class, metav1.DeleteOptions{})
	})
	claim := &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "files"},
		Spec: corev1.PersistentVolumeClaimSpec{StorageClassName: &class,
			AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}}},
	}
	if _, err := cs.CoreV1().PersistentVolumeClaims(ns).Create(ctx, claim, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	replicas := int32(2)
	labels := map[string]string{"app": "web"}
	dep := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{Replicas: &replicas, Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: "web", Image: "drupal:11.1-apache"}},
				Volumes: []corev1.Volume{{Name: "files", VolumeSource: corev1.VolumeSource{
					PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "files"}}}},
			}}},
	}
	if _, err := cs.AppsV1().Deployments(ns).Create(ctx, dep, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for {
		pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(pods.Items) == 2 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the Deployment's pods never appeared (%d)", len(pods.Items))
		case <-time.After(100 * time.Millisecond):
		}
	}

	// A cluster without seeded findings: its runs read the cluster.
	s := New(Config{Token: "t", Kube: creds, LintDelay: time.Millisecond, Seed: []SeedCluster{{
		Name: "real", Region: "ams3", Version: "1.36.3-do.0", AgeDays: 1, Pools: []SeedPool{{Name: "p", Size: "s-2vcpu-4gb", Count: 1}},
	}}})
	id := decode[listRoot](t, do(t, s, "GET", "/v2/kubernetes/clusters", "t", nil)).Clusters[0].ID
	base := "/v2/kubernetes/clusters/" + id + "/clusterlint"
	rec := do(t, s, "POST", base, "t", godo.KubernetesRunClusterlintRequest{IncludeGroups: []string{"basic", "doks"}})
	if rec.Code != http.StatusAccepted {
		t.Fatalf("run: %d %s", rec.Code, rec.Body)
	}
	time.Sleep(5 * time.Millisecond)
	res := decode[lintRoot](t, do(t, s, "GET", base, "t", nil))
	got := map[string]int{}
	for _, d := range res.Diagnostics {
		if d.Object == nil || d.Object.Namespace != ns {
			continue
		}
		got[d.CheckName]++
		if len(d.Object.Owners) != 1 || d.Object.Owners[0].Kind != "ReplicaSet" {
			t.Errorf("%s on %s: owners %+v", d.CheckName, d.Object.Name, d.Object.Owners)
		}
		if d.CheckName == "dobs-pod-owner" && d.Message != "Pod referencing DOBS volumes must be owned by StatefulSet" {
			t.Errorf("message %q", d.Message)
		}
	}
	if got["dobs-pod-owner"] != 2 || got["resource-requirements"] != 2 || len(got) != 2 {
		t.Errorf("findings in %s: %v (all: %+v)", ns, got, res.Diagnostics)
	}
}
