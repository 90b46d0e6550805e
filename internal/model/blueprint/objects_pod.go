package blueprint

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Helpers shared by the pod templates.

// secretVolume mounts a Secret's keys as files readable by the pod's
// fsGroup only.
func secretVolume(name string) corev1.Volume {
	return corev1.Volume{
		Name: "secret-" + name,
		VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{
			SecretName: name, DefaultMode: ptr(int32(0o440)),
		}},
	}
}

func secretMount(name string) corev1.VolumeMount {
	return corev1.VolumeMount{Name: "secret-" + name, MountPath: "/secrets/" + name, ReadOnly: true}
}

func emptyDirVolume(name string) corev1.Volume {
	return corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}
}

func tcpProbe(port, initialDelay, period int32) *corev1.Probe {
	return &corev1.Probe{
		ProbeHandler:        corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(port)}},
		InitialDelaySeconds: initialDelay,
		PeriodSeconds:       period,
	}
}

func runtimeDefaultSeccomp() *corev1.SeccompProfile {
	return &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
}

// restrictedContainer is the "restricted" Pod Security Standard for one
// container; the uid comes from the pod or the container.
func restrictedContainer(readOnlyRoot bool) *corev1.SecurityContext {
	return &corev1.SecurityContext{
		AllowPrivilegeEscalation: ptr(false),
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
		ReadOnlyRootFilesystem:   ptr(readOnlyRoot),
	}
}
