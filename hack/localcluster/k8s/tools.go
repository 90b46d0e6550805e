//go:build tools

// Package k8s pins the Kubernetes binaries the local cluster builds.
// k8s.io/kubernetes cannot be `go install`ed (its go.mod replaces every
// staging module with ./staging/...), so this wrapper module requires it and
// replaces each staging module by its published v0.36.3 release.
package k8s

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
