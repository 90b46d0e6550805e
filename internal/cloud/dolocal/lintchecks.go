package dolocal

import (
	"fmt"
	"strings"

	"github.com/digitalocean/godo"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// lintObjects is what the stand-in's clusterlint reads of a cluster, as
// clusterlint's kube.Objects does.
type lintObjects struct {
	Pods           []corev1.Pod
	Claims         []corev1.PersistentVolumeClaim
	Volumes        []corev1.PersistentVolume
	StorageClasses []storagev1.StorageClass
}

// lintCheck is one of clusterlint's checks, reimplemented with its name,
// group, severity and message verbatim (github.com/digitalocean/clusterlint,
// checks/basic and checks/doks).
type lintCheck struct {
	name, group string
	run         func(o lintObjects) []godo.ClusterlintDiagnostic
}

var lintChecks = []lintCheck{
	{"dobs-pod-owner", "doks", dobsPodOwner},
	{"node-name-pod-selector", "doks", nodeNamePodSelector},
	{"resource-requirements", "basic", resourceRequirements},
	{"latest-tag", "basic", latestTag},
	{"unused-pv", "basic", unusedPV},
}

// lintGroupOf names a check's group ("" for checks the stand-in lacks).
func lintGroupOf(check string) string {
	for _, c := range lintChecks {
		if c.name == check {
			return c.group
		}
	}
	return ""
}

// DO's CSI driver names (clusterlint checks/doks/dobs_pod_owner.go).
const (
	doCSIDriver     = "dobs.csi.digitalocean.com"
	legacyCSIDriver = "com.digitalocean.csi.dobs"
)

// runLintChecks runs the checks selected by req (DO's default when it
// names no groups or checks: the doks group) over o.
func runLintChecks(o lintObjects, req godo.KubernetesRunClusterlintRequest) []godo.ClusterlintDiagnostic {
	out := []godo.ClusterlintDiagnostic{}
	for _, c := range lintChecks {
		if selected(c, req) {
			for _, d := range c.run(o) {
				d.CheckName = c.name
				out = append(out, d)
			}
		}
	}
	return out
}

func selected(c lintCheck, req godo.KubernetesRunClusterlintRequest) bool {
	if contains(req.ExcludeChecks, c.name) || contains(req.ExcludeGroups, c.group) {
		return false
	}
	if len(req.IncludeGroups) == 0 && len(req.IncludeChecks) == 0 {
		return c.group == "doks"
	}
	return contains(req.IncludeGroups, c.group) || contains(req.IncludeChecks, c.name)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func podObject(p *corev1.Pod) *godo.ClusterlintObject {
	return metaObject("pod", p.ObjectMeta)
}

func metaObject(kind string, m metav1.ObjectMeta) *godo.ClusterlintObject {
	o := &godo.ClusterlintObject{Kind: kind, Name: m.Name, Namespace: m.Namespace}
	for _, ref := range m.OwnerReferences {
		o.Owners = append(o.Owners, &godo.ClusterlintOwner{Kind: ref.Kind, Name: ref.Name})
	}
	return o
}

// dobsPodOwner: a pod on a DigitalOcean block-storage volume not owned by
// a StatefulSet (a Deployment's rolling update then waits on a
// ReadWriteOnce volume still attached to the old pod's node). The local
// cluster plays a DOKS cluster, whose default class is do-block-storage,
// so its default class counts as block storage too.
func dobsPodOwner(o lintObjects) []godo.ClusterlintDiagnostic {
	var out []godo.ClusterlintDiagnostic
	for i := range o.Pods {
		p := &o.Pods[i]
		if !usesDOBS(p, o) || ownedBy(p.OwnerReferences, "StatefulSet") {
			continue
		}
		out = append(out, godo.ClusterlintDiagnostic{Severity: "warning",
			Message: "Pod referencing DOBS volumes must be owned by StatefulSet", Object: podObject(p)})
	}
	return out
}

func usesDOBS(p *corev1.Pod, o lintObjects) bool {
	for _, v := range p.Spec.Volumes {
		if v.CSI != nil && isDOCSI(v.CSI.Driver) {
			return true
		}
		if v.PersistentVolumeClaim == nil {
			continue
		}
		for _, c := range o.Claims {
			if c.Namespace == p.Namespace && c.Name == v.PersistentVolumeClaim.ClaimName && blockStorageClass(c.Spec.StorageClassName, o) {
				return true
			}
		}
	}
	return false
}

func blockStorageClass(name *string, o lintObjects) bool {
	for _, sc := range o.StorageClasses {
		isDefault := sc.Annotations["storageclass.kubernetes.io/is-default-class"] == "true"
		if (name == nil && isDefault) || (name != nil && *name == sc.Name) {
			return isDOCSI(sc.Provisioner) || isDefault
		}
	}
	return false
}

func isDOCSI(driver string) bool { return driver == doCSIDriver || driver == legacyCSIDriver }

func ownedBy(refs []metav1.OwnerReference, kind string) bool {
	for _, r := range refs {
		if r.Kind == kind {
			return true
		}
	}
	return false
}

// nodeNamePodSelector: pods pinned to a node by kubernetes.io/hostname,
// which DOKS replaces (new names) on every upgrade.
func nodeNamePodSelector(o lintObjects) []godo.ClusterlintDiagnostic {
	var out []godo.ClusterlintDiagnostic
	for i := range o.Pods {
		if _, ok := o.Pods[i].Spec.NodeSelector[corev1.LabelHostname]; ok {
			out = append(out, godo.ClusterlintDiagnostic{Severity: "error",
				Message: "Avoid node name label for node selector.", Object: podObject(&o.Pods[i])})
		}
	}
	return out
}

func resourceRequirements(o lintObjects) []godo.ClusterlintDiagnostic {
	var out []godo.ClusterlintDiagnostic
	for i := range o.Pods {
		p := &o.Pods[i]
		for _, c := range append(append([]corev1.Container{}, p.Spec.Containers...), p.Spec.InitContainers...) {
			if c.Resources.Size() == 0 {
				out = append(out, godo.ClusterlintDiagnostic{Severity: "warning",
					Message: fmt.Sprintf("Set resource requests and limits for container `%s` to prevent resource contention", c.Name),
					Object:  podObject(p)})
			}
		}
	}
	return out
}

func latestTag(o lintObjects) []godo.ClusterlintDiagnostic {
	var out []godo.ClusterlintDiagnostic
	for i := range o.Pods {
		p := &o.Pods[i]
		for _, c := range append(append([]corev1.Container{}, p.Spec.Containers...), p.Spec.InitContainers...) {
			if isLatest(c.Image) {
				out = append(out, godo.ClusterlintDiagnostic{Severity: "warning",
					Message: fmt.Sprintf("Avoid using latest tag for container '%s'", c.Name), Object: podObject(p)})
			}
		}
	}
	return out
}

// isLatest: no tag (Docker's default is latest) or ":latest"; a digest
// pins the image.
func isLatest(image string) bool {
	if strings.Contains(image, "@") {
		return false
	}
	last := image[strings.LastIndex(image, "/")+1:]
	i := strings.LastIndex(last, ":")
	return i < 0 || last[i+1:] == "latest"
}

func unusedPV(o lintObjects) []godo.ClusterlintDiagnostic {
	var out []godo.ClusterlintDiagnostic
	for _, pv := range o.Volumes {
		if pv.Spec.ClaimRef == nil {
			out = append(out, godo.ClusterlintDiagnostic{Severity: "warning",
				Message: fmt.Sprintf("Unused Persistent Volume '%s'.", pv.Name), Object: metaObject("persistent volume", pv.ObjectMeta)})
		}
	}
	return out
}
