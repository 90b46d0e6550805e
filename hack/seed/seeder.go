package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// seeder holds the clients and settings of one seed run.
type seeder struct {
	cs       kubernetes.Interface
	dyn      dynamic.Interface
	mapper   meta.RESTMapper
	store    objstore.Store
	up       *uploader
	s3       s3Env
	breaking bool
}

func newSeeder(o options) (*seeder, error) {
	s3, err := readS3Env(o.minioEnv)
	if err != nil {
		return nil, err
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", o.kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("kubeconfig %s: %w", o.kubeconfig, err)
	}
	cfg.QPS, cfg.Burst = 50, 100 // client-go's default 5 QPS would make the seed crawl
	cfg.UserAgent = "fdtui-seed"
	s := &seeder{s3: s3, breaking: !o.noBreak}
	if s.cs, err = kubernetes.NewForConfig(cfg); err != nil {
		return nil, err
	}
	if s.dyn, err = dynamic.NewForConfig(cfg); err != nil {
		return nil, err
	}
	s.mapper = kube.NewMapper(s.cs.Discovery())
	if s.store, err = objstore.New(s3.storeConfig()); err != nil {
		return nil, err
	}
	if s.up, err = newUploader(s3); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *seeder) ensureStorage(ctx context.Context, sites []siteDef) error {
	if err := ensureStorageClass(ctx, s.cs); err != nil {
		return fmt.Errorf("StorageClass %s: %w", storageClass, err)
	}
	for _, d := range sites {
		if err := ensureMySQLVolume(ctx, s.cs, d); err != nil {
			return fmt.Errorf("site %s: volume: %w", d.Domain, err)
		}
	}
	logf("storage: StorageClass %s and %d pre-bound PersistentVolumes on pool %s", storageClass, len(sites), dbPool)
	return nil
}

// appliedSite is a site as the apply left it.
type appliedSite struct {
	siteDef
	Image string // web image applied
}

// applySite applies d. When breaking, a site meant to be broken keeps the
// image it runs (so a re-run does not undo the last run's roll only to
// redo it); otherwise every site gets its release image back.
func (s *seeder) applySite(ctx context.Context, d siteDef) (appliedSite, error) {
	image := d.image(d.Tag)
	if s.breaking && d.Break != healthy {
		live, err := liveImage(ctx, s.cs, d.namespace())
		if err != nil {
			return appliedSite{}, fmt.Errorf("site %s: %w", d.Domain, err)
		}
		if live != "" {
			image = live
		}
	}
	results, err := actions.ApplySiteWith(ctx, s.cs, s.dyn, s.mapper, s.store, siteSpec(d, image, s.s3),
		false, rand.Reader, actions.ApplyOptions{Adjust: adjustments(d, image), Manager: rollManager})
	if err != nil {
		return appliedSite{}, err
	}
	logf("site %s: %s", d.Domain, describeResults(results))
	if s.breaking && d.CronFails {
		// Its cron fails at every run; run it now rather than within 15
		// minutes, so the demo shows the failure at once.
		job := kube.NewManualJobName(blueprint.CronJobCron)
		if _, err := actions.TriggerCronJob(ctx, s.cs, d.namespace(), blueprint.CronJobCron, job); err != nil {
			return appliedSite{}, fmt.Errorf("site %s: %w", d.Domain, err)
		}
		logf("site %s: job %s started (its pods fail: drush cron exit 1)", d.Domain, job)
	}
	return appliedSite{siteDef: d, Image: image}, nil
}

// describeResults reads "12 objects created" or "11 unchanged, 1 changed
// (Deployment/web)".
func describeResults(results []kube.ApplyResult) string {
	counts := map[kube.ApplyAction]int{}
	var changed []string
	for _, r := range results {
		counts[r.Action]++
		if r.Action == kube.ApplyChange {
			changed = append(changed, r.Kind+"/"+r.Name)
		}
	}
	if counts[kube.ApplyCreate] == len(results) {
		return fmt.Sprintf("%d objects created", len(results))
	}
	var parts []string
	if n := counts[kube.ApplyCreate]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d created", n))
	}
	if n := counts[kube.ApplyUnchanged]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d unchanged", n))
	}
	if len(changed) > 0 {
		parts = append(parts, fmt.Sprintf("%d changed (%s)", len(changed), strings.Join(changed, ", ")))
	}
	return strings.Join(parts, ", ")
}

// uploadAll fills every site's bucket in the background; the channel
// yields the first error (or nil) when all are done.
func (s *seeder) uploadAll(ctx context.Context, sites []siteDef) <-chan error {
	done := make(chan error, 1)
	go func() {
		for _, d := range sites {
			st, err := s.up.sync(ctx, d.namespace(), siteFiles(d))
			if err != nil {
				done <- fmt.Errorf("site %s: %w", d.Domain, err)
				return
			}
			logf("site %s: bucket %s: %d objects, %.1f MiB (%d uploaded)",
				d.Domain, d.namespace(), st.Objects, float64(st.Bytes)/(1<<20), st.Uploaded)
		}
		done <- nil
	}()
	return done
}

// breakSites rolls the sites meant to be broken to their bad (or next)
// image, unless they already run it.
func (s *seeder) breakSites(ctx context.Context, applied []appliedSite) error {
	for i, a := range applied {
		target := a.breakImage(a.Image)
		if target == "" || target == a.Image {
			continue
		}
		var minReady int32 // the blueprint's
		if a.Break == midRollout {
			minReady = midRolloutMinReady
		}
		if err := rollImage(ctx, s.cs, a.namespace(), target, minReady); err != nil {
			return fmt.Errorf("site %s: rolling to %s: %w", a.Domain, target, err)
		}
		logf("site %s: broke on purpose (%s): rolled to %s", a.Domain, a.Break, target)
		applied[i].Image = target
	}
	return nil
}
