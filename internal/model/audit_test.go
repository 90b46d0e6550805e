package model

import (
	"reflect"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func TestAuditHealthySiteHasNoFindings(t *testing.T) {
	if got := Audit(healthySite()); len(got) != 0 {
		t.Errorf("healthy site has findings: %+v", got)
	}
}

// webContainer returns container name of the site's web Deployment.
func webContainer(o *NamespaceObjects, name string) *corev1.Container {
	return findContainer(&o.Deployments[0].Spec.Template.Spec, name)
}

func TestAuditEachRule(t *testing.T) {
	tests := []struct {
		name       string
		spoil      func(o *NamespaceObjects)
		wantObject string
		wantRule   string
	}{
		{"varnish runs as UID 0", func(o *NamespaceObjects) {
			webContainer(o, "varnish").SecurityContext = &corev1.SecurityContext{RunAsUser: ptr(int64(0))}
		}, "Deployment/web", RuleRunsAsRoot},
		{"mysql without any securityContext", func(o *NamespaceObjects) {
			o.StatefulSets[0].Spec.Template.Spec.SecurityContext = nil
		}, "StatefulSet/mysql", RuleRunsAsRoot},
		{"secret through env valueFrom", func(o *NamespaceObjects) {
			c := webContainer(o, "web")
			c.Env = append(c.Env, corev1.EnvVar{Name: "HASH_SALT", ValueFrom: &corev1.EnvVarSource{
				SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "web-secrets"}, Key: "salt"}}})
		}, "Deployment/web", RuleSecretInEnv},
		{"secret through envFrom", func(o *NamespaceObjects) {
			webContainer(o, "web").EnvFrom = []corev1.EnvFromSource{{SecretRef: &corev1.SecretEnvSource{
				LocalObjectReference: corev1.LocalObjectReference{Name: "web-secrets"}}}}
		}, "Deployment/web", RuleSecretInEnv},
		{"literal VARNISH_SECRET", func(o *NamespaceObjects) {
			webContainer(o, "varnish").Env = []corev1.EnvVar{{Name: "VARNISH_SECRET", Value: "s3cr3t"}}
		}, "Deployment/web", RuleLiteralSecretEnv},
		{"literal api_token, lower case", func(o *NamespaceObjects) {
			webContainer(o, "web").Env = []corev1.EnvVar{{Name: "api_token", Value: "abc"}}
		}, "Deployment/web", RuleLiteralSecretEnv},
		{"image tagged latest", func(o *NamespaceObjects) {
			webContainer(o, "web").Image = "example/web:latest"
		}, "Deployment/web", RuleFloatingImageTag},
		{"image without tag", func(o *NamespaceObjects) {
			o.StatefulSets[1].Spec.Template.Spec.Containers[0].Image = "memcached"
		}, "StatefulSet/memcache", RuleFloatingImageTag},
		{"container without requests", func(o *NamespaceObjects) {
			webContainer(o, "varnish").Resources = corev1.ResourceRequirements{}
		}, "Deployment/web", RuleNoRequests},
		{"pull secret missing", func(o *NamespaceObjects) {
			o.Deployments[0].Spec.Template.Spec.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "my-registry-key"}}
		}, "Deployment/web", RuleMissingPullSecret},
		{"maxUnavailable 1", func(o *NamespaceObjects) {
			o.Deployments[0].Spec.Strategy.RollingUpdate.MaxUnavailable = ptr(intstr.FromInt32(1))
		}, "Deployment/web", RuleMaxUnavailable},
		{"maxUnavailable 50% of 3", func(o *NamespaceObjects) {
			o.Deployments[0].Spec.Strategy.RollingUpdate.MaxUnavailable = ptr(intstr.FromString("50%"))
		}, "Deployment/web", RuleMaxUnavailable},
		{"Recreate strategy", func(o *NamespaceObjects) {
			o.Deployments[0].Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
		}, "Deployment/web", RuleRecreateStrategy},
		{"one replica", func(o *NamespaceObjects) {
			o.Deployments[0].Spec.Replicas = ptr(int32(1))
		}, "Deployment/web", RuleSingleReplica},
		{"ingress host without TLS", func(o *NamespaceObjects) {
			o.Ingresses[0].Spec.TLS[0].Hosts = []string{"example.com"}
		}, "Ingress/web", RuleIngressNoTLS},
		{"PVC pending", func(o *NamespaceObjects) {
			o.PVCs[0].Status.Phase = corev1.ClaimPending
		}, "PersistentVolumeClaim/data-mysql-0", RulePVCNotBound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := healthySite()
			tt.spoil(&o)
			got := Audit(o)
			if len(got) != 1 || got[0].Object != tt.wantObject || got[0].Rule != tt.wantRule {
				t.Fatalf("got %+v, want exactly %s %s", got, tt.wantObject, tt.wantRule)
			}
			if got[0].Why == "" || strings.Contains(got[0].Why, "\n") {
				t.Errorf("Why must be one non-empty line: %q", got[0].Why)
			}
		})
	}
}

func TestAuditNeverPrintsSecretValues(t *testing.T) {
	o := healthySite()
	webContainer(&o, "varnish").Env = []corev1.EnvVar{{Name: "VARNISH_SECRET", Value: "hunter2"}}
	for _, f := range Audit(o) {
		if strings.Contains(f.Why, "hunter2") {
			t.Errorf("finding leaks the value: %q", f.Why)
		}
	}
}

func TestAuditAllowsSecretFilePaths(t *testing.T) {
	o := healthySite()
	webContainer(&o, "web").Env = []corev1.EnvVar{
		{Name: "MYSQL_PASS_FILE", Value: "/secrets/mysql-pass"},
		{Name: "HASH_SALT_FILE", Value: "/secrets/hash-salt"},
		{Name: "SSH_KEY_PATH", Value: "/secrets/id_ed25519"},
		{Name: "DB_PASSWORD"}, // empty: nothing leaked
	}
	if got := Audit(o); len(got) != 0 {
		t.Errorf("got %+v", got)
	}
}

func TestAuditUnknownSecretsAreNotMissing(t *testing.T) {
	o := healthySite()
	o.SecretNames = nil
	o.Deployments[0].Spec.Template.Spec.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "my-registry-key"}}
	if got := Audit(o); len(got) != 0 {
		t.Errorf("got %+v", got)
	}
}

func TestAuditDefaultMaxUnavailableRoundsDown(t *testing.T) {
	o := healthySite()
	o.Deployments[0].Spec.Strategy.RollingUpdate = nil // API default 25% of 3 = 0
	if got := Audit(o); len(got) != 0 {
		t.Errorf("got %+v", got)
	}
}

func TestAuditOrderIsDeterministic(t *testing.T) {
	o := healthySite()
	o.PVCs[0].Status.Phase = corev1.ClaimLost
	o.Ingresses[0].Spec.TLS = nil
	o.StatefulSets[0].Spec.Template.Spec.SecurityContext = nil
	webContainer(&o, "varnish").Image = "varnish"
	webContainer(&o, "varnish").Resources = corev1.ResourceRequirements{}
	o.Deployments[0].Spec.Replicas = ptr(int32(1))
	// Listers return objects in no particular order.
	o.StatefulSets[0], o.StatefulSets[1] = o.StatefulSets[1], o.StatefulSets[0]
	o.PVCs[0], o.PVCs[1] = o.PVCs[1], o.PVCs[0]

	var got []string
	for _, f := range Audit(o) {
		got = append(got, f.Object+" "+f.Rule)
	}
	want := []string{
		"Deployment/web image-latest",
		"Deployment/web no-requests",
		"Deployment/web single-replica",
		"StatefulSet/mysql runs-as-root",
		"Ingress/web ingress-no-tls",
		"PersistentVolumeClaim/data-mysql-0 pvc-not-bound",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestMayRunAsRoot(t *testing.T) {
	yes, no := ptr(true), ptr(false)
	tests := []struct {
		name string
		pod  *corev1.PodSecurityContext
		ctr  *corev1.SecurityContext
		want bool
	}{
		{"nothing set", nil, nil, true},
		{"pod runAsNonRoot", &corev1.PodSecurityContext{RunAsNonRoot: yes}, nil, false},
		{"pod UID 1000", &corev1.PodSecurityContext{RunAsUser: ptr(int64(1000))}, nil, false},
		{"container overrides runAsNonRoot to false", &corev1.PodSecurityContext{RunAsNonRoot: yes}, &corev1.SecurityContext{RunAsNonRoot: no}, true},
		{"container UID 0 beats pod UID", &corev1.PodSecurityContext{RunAsUser: ptr(int64(1000))}, &corev1.SecurityContext{RunAsUser: ptr(int64(0))}, true},
		{"container runAsNonRoot alone", nil, &corev1.SecurityContext{RunAsNonRoot: yes}, false},
	}
	for _, tt := range tests {
		if got := mayRunAsRoot(tt.pod, tt.ctr); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
