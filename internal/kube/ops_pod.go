package kube

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// DeletePod deletes a pod. force=false is a normal graceful delete (the
// pod's own grace period; its controller replaces it). force=true is what
// `kubectl delete --force --grace-period=0` does: the apiserver removes the
// object at once without waiting for the kubelet, which is the way out for
// a pod stuck Terminating on a node that no longer answers. The
// containers may still run there until that node comes back.
func DeletePod(ctx context.Context, cs kubernetes.Interface, ns, name string, force bool) error {
	opts := metav1.DeleteOptions{}
	if force {
		opts.GracePeriodSeconds = new(int64(0))
	}
	if err := cs.CoreV1().Pods(ns).Delete(ctx, name, opts); err != nil {
		verb := map[bool]string{true: "force delete", false: "delete"}[force]
		return fmt.Errorf("%s pod %s/%s: %w", verb, ns, name, err)
	}
	return nil
}
