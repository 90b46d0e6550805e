package kube

import (
	"strconv"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Realistic Flight Deck objects for the ops tests: the site's web
// Deployment (varnish + web containers) and its ReplicaSets and pods.

const (
	opsNS       = "example-com"
	goodImage   = "registry.example.com/site:4f9c2e1"
	brokenImage = "registry.example.com/site:broken-a1b2c3d"
)

var opsT0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func opsTemplate(image string) corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{
			{Name: "varnish", Image: "registry.example.com/varnish:6.6", Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 6081, Protocol: corev1.ProtocolTCP}}},
			{Name: "web", Image: image, Ports: []corev1.ContainerPort{{ContainerPort: 80}},
				Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{
					corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi"),
				}}},
		}},
	}
}

// opsDeployment is the web Deployment at revision rev running image.
func opsDeployment(rev int64, image string) *appsv1.Deployment {
	surge, unavailable := intstr.FromInt32(1), intstr.FromInt32(0)
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{
			Name: "web", Namespace: opsNS, UID: types.UID("deploy-web"),
			Annotations: map[string]string{
				RevisionAnnotation:                 strconv.FormatInt(rev, 10),
				ChangeCauseAnnotation:              "fdtui: web image -> " + image,
				corev1.LastAppliedConfigAnnotation: `{"kind":"Deployment"}`,
			},
		},
		Spec: appsv1.DeploymentSpec{
			Replicas: new(int32(3)),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Template: opsTemplate(image),
			Strategy: appsv1.DeploymentStrategy{
				Type:          appsv1.RollingUpdateDeploymentStrategyType,
				RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: &surge, MaxUnavailable: &unavailable},
			},
			MinReadySeconds:         5,
			ProgressDeadlineSeconds: new(int32(600)),
		},
	}
}

// opsReplicaSet is the ReplicaSet the controller made for revision rev of
// d, with the pod-template-hash label and the annotations it copies.
func opsReplicaSet(d *appsv1.Deployment, rev int64, image string, replicas int32) *appsv1.ReplicaSet {
	hash := "h" + strconv.FormatInt(rev, 10) + "x9z"
	tpl := opsTemplate(image)
	tpl.Labels[appsv1.DefaultDeploymentUniqueLabelKey] = hash
	return &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{
			Name: d.Name + "-" + hash, Namespace: d.Namespace, UID: types.UID("rs-" + hash),
			Labels: map[string]string{"app": "web", appsv1.DefaultDeploymentUniqueLabelKey: hash},
			Annotations: map[string]string{
				RevisionAnnotation:        strconv.FormatInt(rev, 10),
				desiredReplicasAnnotation: "3",
				maxReplicasAnnotation:     "4",
				ChangeCauseAnnotation:     "fdtui: web image -> " + image,
			},
			OwnerReferences:   []metav1.OwnerReference{controllerRef(d)},
			CreationTimestamp: metav1.NewTime(opsT0.Add(time.Duration(rev) * time.Hour)),
		},
		Spec:   appsv1.ReplicaSetSpec{Replicas: &replicas, Template: tpl, Selector: &metav1.LabelSelector{MatchLabels: tpl.Labels}},
		Status: appsv1.ReplicaSetStatus{Replicas: replicas, ReadyReplicas: replicas},
	}
}

func controllerRef(d *appsv1.Deployment) metav1.OwnerReference {
	return metav1.OwnerReference{APIVersion: "apps/v1", Kind: "Deployment", Name: d.Name, UID: d.UID, Controller: new(true)}
}
