package main

import (
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// Annotations the seed adds on top of the blueprint.
const (
	annUsageCPU    = "kwok.x-k8s.io/usage-cpu"    // see hack/localcluster/kwokctl.yaml
	annUsageMemory = "kwok.x-k8s.io/usage-memory" // ClusterResourceUsage
	annChangeCause = "kubernetes.io/change-cause"
)

// request is a container's CPU and memory request.
type request struct{ CPU, Memory string }

// The blueprint's varnish (100m/192Mi), mysql (250m/512Mi) and memcache
// (50m/96Mi) requests fit real sites; the demo packs six sites, their
// rollouts' surge pods and other people's test pods on three small nodes.
var (
	varnishRequest  = request{"50m", "128Mi"}
	mysqlRequest    = request{"100m", "256Mi"}
	memcacheRequest = request{"25m", "64Mi"}
)

// adjustments returns the seed's edits to d's built objects: small
// requests, kwok usage figures and the change-cause of the deploy.
func adjustments(d siteDef, image string) actions.AdjustObjects {
	return func(objs []*unstructured.Unstructured) error {
		for _, o := range objs {
			var err error
			switch o.GetKind() + "/" + o.GetName() {
			case "Deployment/" + blueprint.ComponentWeb:
				err = adjustWeb(o, d, image)
			case "StatefulSet/" + blueprint.ComponentMySQL:
				err = adjustPods(o, blueprint.ComponentMySQL, mysqlRequest, d.MySQL)
			case "StatefulSet/" + blueprint.ComponentMemcache:
				err = adjustPods(o, blueprint.ComponentMemcache, memcacheRequest, d.Memcache)
			}
			if err != nil {
				return fmt.Errorf("%s/%s: %w", o.GetKind(), o.GetName(), err)
			}
		}
		return nil
	}
}

func adjustWeb(o *unstructured.Unstructured, d siteDef, image string) error {
	annotate(o, annChangeCause, changeCause(image))
	if err := setRequests(o, "varnish", varnishRequest); err != nil {
		return err
	}
	return setPodAnnotations(o, d.Web)
}

func adjustPods(o *unstructured.Unstructured, container string, req request, use usage) error {
	if err := setRequests(o, container, req); err != nil {
		return err
	}
	return setPodAnnotations(o, use)
}

func annotate(o *unstructured.Unstructured, key, value string) {
	ann := o.GetAnnotations()
	if ann == nil {
		ann = map[string]string{}
	}
	ann[key] = value
	o.SetAnnotations(ann)
}

// setPodAnnotations puts the kwok usage figures on the pod template.
func setPodAnnotations(o *unstructured.Unstructured, use usage) error {
	ann, _, err := unstructured.NestedStringMap(o.Object, "spec", "template", "metadata", "annotations")
	if err != nil {
		return err
	}
	if ann == nil {
		ann = map[string]string{}
	}
	ann[annUsageCPU], ann[annUsageMemory] = use.CPU, use.Memory
	return unstructured.SetNestedStringMap(o.Object, ann, "spec", "template", "metadata", "annotations")
}

// setRequests replaces the named container's CPU and memory requests
// (limits stay as the blueprint set them).
func setRequests(o *unstructured.Unstructured, name string, req request) error {
	containers, _, err := unstructured.NestedSlice(o.Object, "spec", "template", "spec", "containers")
	if err != nil {
		return err
	}
	for _, c := range containers {
		cm, ok := c.(map[string]any)
		if !ok || cm["name"] != name {
			continue
		}
		if err := unstructured.SetNestedField(cm, req.CPU, "resources", "requests", "cpu"); err != nil {
			return err
		}
		if err := unstructured.SetNestedField(cm, req.Memory, "resources", "requests", "memory"); err != nil {
			return err
		}
		return unstructured.SetNestedSlice(o.Object, containers, "spec", "template", "spec", "containers")
	}
	return fmt.Errorf("no container %q", name)
}
