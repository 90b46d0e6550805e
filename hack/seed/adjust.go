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

// adjustments returns the seed's edits to d's built objects: kwok usage
// figures and the change-cause of the deploy, which a real site's CI and
// kubelet would give it. The seed applies as its own field manager
// (rollManager, like a CI job), so fdtui's update of a seeded site keeps
// them, as it would keep any other tool's annotations.
func adjustments(d siteDef, image string) actions.AdjustObjects {
	return func(objs []*unstructured.Unstructured) error {
		for _, o := range objs {
			var err error
			switch o.GetKind() + "/" + o.GetName() {
			case "Deployment/" + blueprint.ComponentWeb:
				err = adjustWeb(o, d, image)
			case "StatefulSet/" + blueprint.ComponentMySQL:
				err = setPodAnnotations(o, d.MySQL)
			case "StatefulSet/" + blueprint.ComponentMemcache:
				err = setPodAnnotations(o, d.Memcache)
			case "CronJob/" + blueprint.CronJobCron:
				err = adjustCron(o, d)
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
	return setPodAnnotations(o, d.Web)
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

// annSimulate is read by the local cluster's kwok stages.
const annSimulate = "fdtui.dev/simulate"

// adjustCron makes a CronFails site's cron Jobs fail (exit 1).
func adjustCron(o *unstructured.Unstructured, d siteDef) error {
	if !d.CronFails {
		return nil
	}
	path := []string{"spec", "jobTemplate", "spec", "template", "metadata", "annotations"}
	ann, _, err := unstructured.NestedStringMap(o.Object, path...)
	if err != nil {
		return err
	}
	if ann == nil {
		ann = map[string]string{}
	}
	ann[annSimulate] = "job-fail"
	return unstructured.SetNestedStringMap(o.Object, ann, path...)
}
