package model

import (
	"fmt"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Audit rule names, stable for filtering and tests.
const (
	RuleRunsAsRoot        = "runs-as-root"
	RuleSecretInEnv       = "secret-in-env"
	RuleLiteralSecretEnv  = "literal-secret-env"
	RuleFloatingImageTag  = "image-latest"
	RuleNoRequests        = "no-requests"
	RuleMissingPullSecret = "missing-pull-secret"
	RuleIngressNoTLS      = "ingress-no-tls"
	RuleMaxUnavailable    = "max-unavailable"
	RuleRecreateStrategy  = "recreate-strategy"
	RuleSingleReplica     = "single-replica"
	RulePVCNotBound       = "pvc-not-bound"
)

// Audit checks a site namespace against the Flight Deck rules. Findings come
// in a fixed order: Deployments, StatefulSets, Ingresses, PVCs, each by
// name; within a workload, containers in spec order, rules in a fixed order.
func Audit(o NamespaceObjects) []Finding {
	var out []Finding
	for _, d := range sortedByName(o.Deployments, func(d *appsv1.Deployment) string { return d.Name }) {
		obj := "Deployment/" + d.Name
		out = append(out, podSpecFindings(obj, &d.Spec.Template.Spec, o.SecretNames)...)
		if d.Name == WebDeployment {
			out = append(out, webAvailabilityFindings(obj, d)...)
		}
	}
	for _, s := range sortedByName(o.StatefulSets, func(s *appsv1.StatefulSet) string { return s.Name }) {
		out = append(out, podSpecFindings("StatefulSet/"+s.Name, &s.Spec.Template.Spec, o.SecretNames)...)
	}
	for _, ing := range sortedIngresses(o.Ingresses) {
		out = append(out, ingressFindings(ing)...)
	}
	for _, c := range sortedByName(o.PVCs, func(c *corev1.PersistentVolumeClaim) string { return c.Name }) {
		if c.Status.Phase != corev1.ClaimBound {
			out = append(out, Finding{Object: "PersistentVolumeClaim/" + c.Name, Rule: RulePVCNotBound,
				Why: fmt.Sprintf("claim is %s, not Bound: pods that mount it cannot start", phaseOrUnknown(c.Status.Phase))})
		}
	}
	return out
}

func podSpecFindings(obj string, spec *corev1.PodSpec, secretNames []string) []Finding {
	var out []Finding
	add := func(rule, format string, args ...any) {
		out = append(out, Finding{Object: obj, Rule: rule, Why: fmt.Sprintf(format, args...)})
	}
	for _, c := range allContainers(spec) {
		if mayRunAsRoot(spec.SecurityContext, c.SecurityContext) {
			add(RuleRunsAsRoot, "container %s may run as root (no runAsNonRoot, no non-zero runAsUser): an escape lands as root on the node", c.Name)
		}
		if refs := secretEnvRefs(c); len(refs) > 0 {
			add(RuleSecretInEnv, "container %s gets Secret %s through env: env leaks into logs, crash dumps and child processes; mount it as a file", c.Name, strings.Join(refs, ", "))
		}
		if names := literalSecretEnv(c); len(names) > 0 {
			add(RuleLiteralSecretEnv, "container %s sets %s as a literal value: whoever can read the workload reads the secret; use a Secret file", c.Name, strings.Join(names, ", "))
		}
		if !hasExplicitTag(c.Image) {
			add(RuleFloatingImageTag, "container %s uses %s: a floating tag makes rollbacks and audits guesswork; tag with the git SHA", c.Name, c.Image)
		}
		if len(c.Resources.Requests) == 0 {
			add(RuleNoRequests, "container %s has no resource requests: the scheduler overcommits its node and it is evicted first", c.Name)
		}
	}
	for _, name := range missingSecrets(pullSecretNames(spec), secretNames) {
		add(RuleMissingPullSecret, "imagePullSecret %s does not exist: new pods will fail with ImagePullBackOff", name)
	}
	return out
}

// webAvailabilityFindings: the web Deployment must keep serving during
// deploys and node drains.
func webAvailabilityFindings(obj string, d *appsv1.Deployment) []Finding {
	var out []Finding
	replicas := desiredReplicas(d)
	if d.Spec.Strategy.Type == appsv1.RecreateDeploymentStrategyType {
		out = append(out, Finding{Object: obj, Rule: RuleRecreateStrategy,
			Why: "strategy Recreate stops every pod before starting new ones: each deploy takes the site down"})
	} else if n := maxUnavailable(d, replicas); n > 0 {
		out = append(out, Finding{Object: obj, Rule: RuleMaxUnavailable,
			Why: fmt.Sprintf("maxUnavailable resolves to %d: each deploy removes serving pods before their replacements are ready; use 0", n)})
	}
	if replicas < 2 {
		out = append(out, Finding{Object: obj, Rule: RuleSingleReplica,
			Why: fmt.Sprintf("%d replica(s): one crash or node drain takes the site down; run at least 2", replicas)})
	}
	return out
}

// maxUnavailable resolves an int-or-percent the way the deployment
// controller does (percentages round down), defaulting to 25%.
func maxUnavailable(d *appsv1.Deployment, replicas int32) int {
	value := intstr.FromString("25%")
	if ru := d.Spec.Strategy.RollingUpdate; ru != nil && ru.MaxUnavailable != nil {
		value = *ru.MaxUnavailable
	}
	n, err := intstr.GetScaledValueFromIntOrPercent(&value, int(replicas), false)
	if err != nil {
		return 0
	}
	return n
}

func ingressFindings(ing *networkingv1.Ingress) []Finding {
	var uncovered []string
	for _, rule := range ing.Spec.Rules {
		if rule.Host != "" && !tlsCovers([]*networkingv1.Ingress{ing}, rule.Host) {
			uncovered = append(uncovered, rule.Host)
		}
	}
	if len(uncovered) == 0 {
		return nil
	}
	return []Finding{{Object: "Ingress/" + ing.Name, Rule: RuleIngressNoTLS,
		Why: fmt.Sprintf("no TLS for %s: logins and session cookies cross the network in clear text", strings.Join(uncovered, ", "))}}
}

func allContainers(spec *corev1.PodSpec) []*corev1.Container {
	out := make([]*corev1.Container, 0, len(spec.InitContainers)+len(spec.Containers))
	for i := range spec.InitContainers {
		out = append(out, &spec.InitContainers[i])
	}
	for i := range spec.Containers {
		out = append(out, &spec.Containers[i])
	}
	return out
}

// mayRunAsRoot applies the container's securityContext over the pod's: an
// explicit UID decides; otherwise only runAsNonRoot=true rules root out.
func mayRunAsRoot(pod *corev1.PodSecurityContext, ctr *corev1.SecurityContext) bool {
	var nonRoot *bool
	var uid *int64
	if pod != nil {
		nonRoot, uid = pod.RunAsNonRoot, pod.RunAsUser
	}
	if ctr != nil && ctr.RunAsNonRoot != nil {
		nonRoot = ctr.RunAsNonRoot
	}
	if ctr != nil && ctr.RunAsUser != nil {
		uid = ctr.RunAsUser
	}
	if uid != nil {
		return *uid == 0
	}
	return nonRoot == nil || !*nonRoot
}

// secretEnvRefs names the Secrets a container reads through env.
func secretEnvRefs(c *corev1.Container) []string {
	var refs []string
	for _, e := range c.Env {
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			refs = appendUnique(refs, e.ValueFrom.SecretKeyRef.Name)
		}
	}
	for _, e := range c.EnvFrom {
		if e.SecretRef != nil {
			refs = appendUnique(refs, e.SecretRef.Name)
		}
	}
	return refs
}

var secretishWords = []string{"PASS", "SECRET", "TOKEN", "KEY"}

// Suffixes of variables that hold where a secret is, not the secret
// (MYSQL_PASS_FILE=/secrets/mysql-pass is the Flight Deck way).
var secretLocationSuffixes = []string{"_FILE", "_PATH", "_DIR"}

// literalSecretEnv names env vars that look like credentials and carry a
// literal value. Only names are returned, never values.
func literalSecretEnv(c *corev1.Container) []string {
	var names []string
	for _, e := range c.Env {
		if e.Value == "" || !looksSecret(e.Name) {
			continue
		}
		names = append(names, e.Name)
	}
	return names
}

func looksSecret(name string) bool {
	upper := strings.ToUpper(name)
	for _, suffix := range secretLocationSuffixes {
		if strings.HasSuffix(upper, suffix) {
			return false
		}
	}
	for _, w := range secretishWords {
		if strings.Contains(upper, w) {
			return true
		}
	}
	return false
}

func appendUnique(list []string, s string) []string {
	if containsString(list, s) {
		return list
	}
	return append(list, s)
}

func phaseOrUnknown(p corev1.PersistentVolumeClaimPhase) string {
	if p == "" {
		return "Unknown"
	}
	return string(p)
}

// sortedByName returns a name-sorted copy without nils, leaving the
// lister's slice alone.
func sortedByName[T any](items []*T, name func(*T) string) []*T {
	out := make([]*T, 0, len(items))
	for _, it := range items {
		if it != nil {
			out = append(out, it)
		}
	}
	sort.Slice(out, func(i, j int) bool { return name(out[i]) < name(out[j]) })
	return out
}
