package kube

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/util/retry"
)

// RenewCertificate triggers a re-issuance of a cert-manager Certificate
// exactly as `cmctl renew` does: it sets the Issuing condition to True
// with reason ManuallyTriggered and message "Certificate re-issuance
// manually triggered" (observedGeneration the Certificate's generation;
// lastTransitionTime now unless Issuing was already True, as cert-manager's
// apiutil.SetCertificateCondition) and updates the status subresource.
// A conflicting write is retried on a fresh copy (client-go's
// retry.RetryOnConflict); a missing Certificate or a forbidden update
// returns the apiserver's error.
func RenewCertificate(ctx context.Context, dyn dynamic.Interface, ns, name string, now time.Time) error {
	res := dyn.Resource(CertGVR(KindCertificate)).Namespace(ns)
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		crt, err := res.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if err := setIssuingManually(crt, now); err != nil {
			return fmt.Errorf("certificate %s/%s: %w", ns, name, err)
		}
		_, err = res.UpdateStatus(ctx, crt, metav1.UpdateOptions{})
		return err
	})
}

// setIssuingManually writes the Issuing condition into crt's status.
func setIssuingManually(crt *unstructured.Unstructured, now time.Time) error {
	conds, _, err := unstructured.NestedSlice(crt.Object, "status", "conditions")
	if err != nil {
		return err
	}
	cond := map[string]any{
		"type": "Issuing", "status": "True", "reason": "ManuallyTriggered",
		"message":            "Certificate re-issuance manually triggered",
		"lastTransitionTime": now.UTC().Format(time.RFC3339),
		"observedGeneration": crt.GetGeneration(),
	}
	replaced := false
	for i, c := range conds {
		m, ok := c.(map[string]any)
		if !ok || m["type"] != "Issuing" {
			continue
		}
		if m["status"] == "True" && m["lastTransitionTime"] != nil {
			cond["lastTransitionTime"] = m["lastTransitionTime"]
		}
		conds[i], replaced = cond, true
	}
	if !replaced {
		conds = append(conds, cond)
	}
	return unstructured.SetNestedSlice(crt.Object, conds, "status", "conditions")
}
