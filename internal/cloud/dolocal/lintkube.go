package dolocal

import (
	"context"
	"fmt"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// lintReadTimeout bounds reading the cluster for one clusterlint run.
const lintReadTimeout = 15 * time.Second

// readLintObjects lists what the checks read from the cluster the stand-in's
// clusters point at (Config.Kube). The kube-* namespaces are left out:
// on DOKS they hold DigitalOcean's managed components, locally the local
// cluster's own, neither of which a site owner can change.
func readLintObjects(ctx context.Context, kc KubeCredentials) (lintObjects, error) {
	cfg := &rest.Config{
		Host: kc.Server, BearerToken: kc.Token,
		TLSClientConfig: rest.TLSClientConfig{CAData: kc.CA, CertData: kc.ClientCertificate, KeyData: kc.ClientKey},
		Timeout:         lintReadTimeout,
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return lintObjects{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, lintReadTimeout)
	defer cancel()
	var o lintObjects
	pods, err := cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return o, fmt.Errorf("listing pods: %w", err)
	}
	for _, p := range pods.Items {
		if !strings.HasPrefix(p.Namespace, "kube-") {
			o.Pods = append(o.Pods, p)
		}
	}
	claims, err := cs.CoreV1().PersistentVolumeClaims("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return o, fmt.Errorf("listing persistent volume claims: %w", err)
	}
	o.Claims = claims.Items
	pvs, err := cs.CoreV1().PersistentVolumes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return o, fmt.Errorf("listing persistent volumes: %w", err)
	}
	o.Volumes = pvs.Items
	classes, err := cs.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return o, fmt.Errorf("listing storage classes: %w", err)
	}
	o.StorageClasses = classes.Items
	return o, nil
}
