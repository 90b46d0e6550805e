package blueprint

import (
	"errors"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Build validates the spec (after defaults) and returns the site's objects
// in apply order: namespace, secrets, services, statefulsets, deployment,
// the drupal-cron and backup CronJobs, disruption budget, then the route (Ingress, or the site's Gateway and
// its HTTPRoute). Database values given in s.DB win over the
// ones in secrets; pass secrets through KeepExisting first on a re-run.
func Build(s SiteSpec, secrets GeneratedSecrets) ([]*unstructured.Unstructured, error) {
	s = s.WithDefaults()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	ns, err := NamespaceFor(s.Domain)
	if err != nil {
		return nil, err
	}
	st := site{SiteSpec: s, ns: ns, secrets: secrets.withGiven(s.DB)}
	if err := st.secrets.complete(); err != nil {
		return nil, err
	}
	typed, err := st.objects()
	if err != nil {
		return nil, err
	}
	objs, err := convertAll(typed)
	if err != nil {
		return nil, err
	}
	return append(objs, st.routeObjects()...), nil
}

// complete refuses to build with an empty credential: that would create a
// database without a password.
func (g GeneratedSecrets) complete() error {
	var missing []error
	for _, f := range []struct{ name, value string }{
		{"DBName", g.DBName}, {"DBUser", g.DBUser}, {"DBPass", g.DBPass},
		{"DBRootPass", g.DBRootPass}, {"HashSalt", g.HashSalt},
	} {
		if f.value == "" {
			missing = append(missing, fmt.Errorf("secrets: %s is empty (use GenerateSecrets)", f.name))
		}
	}
	return errors.Join(missing...)
}

func (s site) objects() ([]runtime.Object, error) {
	objs := []runtime.Object{s.namespace(), s.mysqlSecret(), s.drupalSecret(), s.s3Secret()}
	if s.Registry != nil {
		pull, err := s.pullSecret()
		if err != nil {
			return nil, err
		}
		objs = append(objs, pull)
	}
	return append(objs,
		s.mysqlService(), s.memcacheService(), s.webService(),
		s.mysqlStatefulSet(), s.memcacheStatefulSet(),
		s.webDeployment(), s.drupalCronJob(), s.backupCronJob(), s.webDisruptionBudget(),
	), nil
}

func convertAll(typed []runtime.Object) ([]*unstructured.Unstructured, error) {
	out := make([]*unstructured.Unstructured, 0, len(typed))
	for _, obj := range typed {
		u, err := toUnstructured(gvkOf(obj), obj)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// gvkOf names the kinds Build produces (typed structs don't carry their
// TypeMeta, and a scheme would be a lot of machinery for eight kinds).
func gvkOf(obj runtime.Object) schema.GroupVersionKind {
	switch obj.(type) {
	case *corev1.Namespace:
		return corev1.SchemeGroupVersion.WithKind("Namespace")
	case *corev1.Secret:
		return corev1.SchemeGroupVersion.WithKind("Secret")
	case *corev1.Service:
		return corev1.SchemeGroupVersion.WithKind("Service")
	case *appsv1.StatefulSet:
		return appsv1.SchemeGroupVersion.WithKind("StatefulSet")
	case *appsv1.Deployment:
		return appsv1.SchemeGroupVersion.WithKind("Deployment")
	case *batchv1.CronJob:
		return batchv1.SchemeGroupVersion.WithKind("CronJob")
	case *policyv1.PodDisruptionBudget:
		return policyv1.SchemeGroupVersion.WithKind("PodDisruptionBudget")
	case *networkingv1.Ingress:
		return networkingv1.SchemeGroupVersion.WithKind("Ingress")
	}
	panic(fmt.Sprintf("blueprint: no GroupVersionKind for %T", obj))
}

func metaWithAnnotations(meta metav1.ObjectMeta, annotations map[string]string) metav1.ObjectMeta {
	meta.Annotations = annotations
	return meta
}
