package main

import (
	"context"
	"sync"
	"time"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// Backups: the demo's first sites get one real backup each, so the BACKUP
// column has something to show. The local job runner
// (hack/localcluster/jobrunner) runs the Jobs: their dump lands in MinIO.
const (
	backedUpSites = 6
	backupWait    = 90 * time.Second
)

// backUp runs each of the first sites' backup CronJob once, as fdtui's
// back up now does, and waits for the Jobs; a Job that does not finish
// (no job runner: a cluster started before it existed) is a warning.
func (s *seeder) backUp(ctx context.Context, applied []appliedSite) {
	ctx, cancel := context.WithTimeout(ctx, backupWait)
	defer cancel()
	var wg sync.WaitGroup
	for _, a := range applied[:min(len(applied), backedUpSites)] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ns := a.namespace()
			job, err := actions.CreateJobFromCronJob(ctx, s.cs, ns, blueprint.CronJobBackup)
			if err != nil {
				logf("warning: backup of %s: %v", a.Domain, err)
				return
			}
			out, err := actions.FollowJob(ctx, s.cs, ns, job.Name, time.Second)
			switch {
			case err != nil:
				logf("warning: backup of %s: %v (is the job runner running? hack/cluster.sh up starts it)", a.Domain, err)
			case !out.Succeeded:
				logf("warning: backup of %s: %s", a.Domain, out.Summary())
			}
		}()
	}
	wg.Wait()
	logf("backed up %d sites", min(len(applied), backedUpSites))
}
