package backupui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// RBAC: back up now creates a Job (as kubectl create job --from does).
var (
	capCreateJob = common.Capability{Verb: "create", Group: "batch", Resource: "jobs"}
	keyBackupNow = common.Bind("B", "back up now")
)

// SiteActions: B backs the site's database up now.
func (f *Feature) SiteActions(p *pages.SiteDetail) []common.Action {
	return []common.Action{{Key: keyBackupNow, Mutates: true, Need: capCreateJob, Do: func() common.Plan { return f.backupNow(p) }}}
}

// backupNow asks, then creates a Job from the backup CronJob; the Job is
// followed under the site page's context (leaving the page stops the
// following, not the Job) until its object lands in the bucket.
func (f *Feature) backupNow(p *pages.SiteDetail) common.Plan {
	conn, ns := f.c.Conn, p.Namespace()
	if conn == nil || conn.Cluster.Client == nil {
		return common.Refuse("not connected")
	}
	where := "the site's bucket"
	if b, ok := f.st.get(conn.ID, ns); ok && b.target.Bucket != "" {
		where = fmt.Sprintf("s3://%s/%s", b.target.Bucket, blueprint.BackupKeyPrefix(b.target.Prefix))
	}
	cs, connID, owner := conn.Cluster.Client, conn.ID, p.Owner
	task := common.NewTaskThen("backing up "+ns, func(ctx context.Context) (string, tea.Cmd, error) {
		job, err := actions.CreateJobFromCronJob(ctx, cs, ns, blueprint.CronJobBackup)
		if err != nil {
			return "", nil, err
		}
		f.st.setLanded(connID, ns, "Job "+job.Name+" running…", false)
		return "backup Job " + job.Name + " started", f.follow(owner, connID, ns, job.Name, job.CreationTimestamp.Time), nil
	})
	prompt := common.Prompt{Title: "Back up " + ns + " now", Lines: []string{
		"Creates a Job from CronJob " + blueprint.CronJobBackup + " (kubectl create job --from=cronjob/" + blueprint.CronJobBackup + "):",
		"mariadb-dump --single-transaction | gzip, uploaded to " + where + ".",
		"The site keeps serving; the dump reads a consistent snapshot.",
	}}
	return common.Plan{Confirm: &prompt, Task: task}
}

// follow waits for the Job under the page's context, then for its
// object: "backup landed: backups/…sql.gz 41 MiB", or the failed pod, or
// a Job that succeeded without uploading anything. The result goes to the
// site page's backup line (through the listener, addressed to the page)
// and to the status bar.
func (f *Feature) follow(o common.Owner, connID int, ns, job string, since time.Time) tea.Cmd {
	cs, ctx := f.c.Conn.Cluster.Client, o.Ctx()
	return func() tea.Msg {
		text, bad := f.outcome(ctx, cs, ns, job, since)
		if ctx.Err() != nil {
			return nil // the page closed: nobody is following
		}
		f.st.setLanded(connID, ns, text, bad)
		return common.ToastMsg{Text: text, Error: bad}
	}
}

// outcome is the followed Job's result in one line, and whether it is
// bad.
func (f *Feature) outcome(ctx context.Context, cs kubernetes.Interface, ns, job string, since time.Time) (string, bool) {
	out, err := actions.FollowJob(ctx, cs, ns, job, f.cfg.Poll)
	if err != nil {
		return err.Error(), true
	}
	if !out.Succeeded {
		return "backup failed: " + out.Summary() + " (l on the pod shows its log)", true
	}
	t, err := actions.ReadS3Target(ctx, cs, ns)
	if err != nil {
		return "backup Job " + job + " succeeded; its object cannot be checked: " + err.Error(), true
	}
	cfg, err := t.StoreConfig(f.cfg.S3)
	if err != nil {
		return "backup Job " + job + " succeeded; its object cannot be checked: " + err.Error(), true
	}
	l, err := f.cfg.NewLister(cfg)
	if err != nil {
		return "backup Job " + job + " succeeded; its object cannot be checked: " + err.Error(), true
	}
	obj, err := actions.LandedBackup(ctx, l, t, since)
	if err != nil {
		return "backup Job " + job + " succeeded, but " + err.Error(), true
	}
	return landedText(t, obj.Key, obj.Size), false
}

// landedText is "backup landed: backups/shop.example.org-….sql.gz 41 MiB",
// the key shown from the site's prefix on.
func landedText(t actions.S3Target, key string, size int64) string {
	return "backup landed: " + strings.TrimPrefix(key, t.Prefix) + " " + model.FormatSize(size)
}
