package dolocal

import "github.com/digitalocean/godo"

// prodLint is what clusterlint finds in the seeded production cluster,
// with clusterlint's check names and messages verbatim: the site
// www.example.com keeps its files on a block-storage volume mounted by a
// Deployment (rolling updates stick on the volume's single attachment), a
// cron container without requests, shop.acme.org pins a pod to a node by
// name, and a released volume nobody claims.
func prodLint() []godo.ClusterlintDiagnostic {
	web := func(pod string) *godo.ClusterlintObject {
		return &godo.ClusterlintObject{Kind: "pod", Name: pod, Namespace: "www-example-com",
			Owners: []*godo.ClusterlintOwner{{Kind: "ReplicaSet", Name: "web-7d9f8c6b5"}}}
	}
	return []godo.ClusterlintDiagnostic{
		{CheckName: "dobs-pod-owner", Severity: "warning", Message: "Pod referencing DOBS volumes must be owned by StatefulSet", Object: web("web-7d9f8c6b5-x2k8p")},
		{CheckName: "dobs-pod-owner", Severity: "warning", Message: "Pod referencing DOBS volumes must be owned by StatefulSet", Object: web("web-7d9f8c6b5-q7m4w")},
		{CheckName: "resource-requirements", Severity: "warning",
			Message: "Set resource requests and limits for container `drush-cron` to prevent resource contention",
			Object: &godo.ClusterlintObject{Kind: "pod", Name: "cron-29410560-7xk2q", Namespace: "www-example-com",
				Owners: []*godo.ClusterlintOwner{{Kind: "Job", Name: "cron-29410560"}}}},
		{CheckName: "node-name-pod-selector", Severity: "error", Message: "Avoid node name label for node selector.",
			Object: &godo.ClusterlintObject{Kind: "pod", Name: "mysql-0", Namespace: "shop-acme-org",
				Owners: []*godo.ClusterlintOwner{{Kind: "StatefulSet", Name: "mysql"}}}},
		{CheckName: "latest-tag", Severity: "warning", Message: "Avoid using latest tag for container 'controller'",
			Object: &godo.ClusterlintObject{Kind: "pod", Name: "ingress-nginx-controller-5c8d66c76d-h2x9v", Namespace: "ingress-nginx",
				Owners: []*godo.ClusterlintOwner{{Kind: "ReplicaSet", Name: "ingress-nginx-controller-5c8d66c76d"}}}},
		{CheckName: "unused-pv", Severity: "warning", Message: "Unused Persistent Volume 'pvc-3f1c9a2e-old-files'.",
			Object: &godo.ClusterlintObject{Kind: "persistent volume", Name: "pvc-3f1c9a2e-old-files"}},
	}
}
