// Package restoreui is the guided restore of a site's database from one
// of its backups (issue 14): ctrl+r on the site screen lists the backups
// in the site's bucket (newest first: when, age, size), asks to type the
// domain, then runs actions.RestoreDatabase on a page that reports each
// step live: web scaled to 0, the backup imported into mysql-0, web
// scaled back and Ready.
//
// The object store is reached as the storage column reaches it
// (actions.S3Target.StoreConfig): the account-wide credentials
// (SPACES_*/AWS_*/FDTUI_S3_*) when they are for the site's endpoint,
// else the keys in the site's s3 Secret. No key is shown or logged.
package restoreui

import (
	"context"
	"fmt"
	"io"
	"time"

	"charm.land/bubbles/v2/key"
	corev1 "k8s.io/api/core/v1"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// The restore scales web through the scale subresource (kubectl scale)
// and imports through pods/exec. An Action names one capability: the
// scale is the action's, exec is asked when the flow opens (see load).
var (
	capScale = common.Capability{Verb: "patch", Group: "apps", Resource: "deployments", Subresource: "scale"}
	capExec  = common.Capability{Verb: "create", Resource: "pods", Subresource: "exec"}
)

// Feature is the restore flow.
type Feature struct {
	c *common.Common
	// account is the account-wide object-store access (nil: each site's
	// own keys).
	account *objstore.Config
	key     key.Binding
}

// New returns the feature; account is cloudui.Config.S3 (may be nil).
func New(c *common.Common, account *objstore.Config) *Feature {
	return &Feature{c: c, account: account, key: common.Bind("ctrl+r", "restore database")}
}

// SiteActions is the site screen's key: ctrl+r restore the database.
func (f *Feature) SiteActions(p *pages.SiteDetail) []common.Action {
	return []common.Action{{Key: f.key, Mutates: true, Need: capScale, Do: func() common.Plan { return f.open(p.Namespace(), p.Site()) }}}
}

// open refuses a site without the parts a restore uses, else opens the
// backup list.
func (f *Feature) open(ns string, site model.Site) common.Plan {
	o := f.c.Conn.Store.Objects(ns)
	hasWeb, hasDB := false, false
	for _, d := range o.Deployments {
		hasWeb = hasWeb || d.Name == model.WebDeployment
	}
	for _, s := range o.StatefulSets {
		hasDB = hasDB || s.Name == model.MySQLStatefulSet
	}
	switch {
	case !hasWeb:
		return common.Refuse("no web Deployment in " + ns + ": not a Flight Deck site")
	case !hasDB:
		return common.Refuse("no mysql StatefulSet in " + ns + ": no database to restore into")
	case !podReady(o.Pods, actions.MySQLPod):
		// Checked before anything is scaled: web would go down for an
		// import that cannot run.
		return common.Refuse(actions.MySQLPod + " in " + ns + " is not Ready: the import needs the database running")
	}
	domain := site.Domain
	if domain == "" {
		domain = ns
	}
	return common.Plan{Open: common.Push(newPicker(f, ns, domain))}
}

// podReady: pod name is in pods, not deleting, and Ready.
func podReady(pods []*corev1.Pod, name string) bool {
	for _, p := range pods {
		if p.Name != name || p.DeletionTimestamp != nil {
			continue
		}
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodReady {
				return c.Status == corev1.ConditionTrue
			}
		}
	}
	return false
}

// listing is what the picker shows: the backups and where they are.
type listing struct {
	backups []objstore.BackupObject
	// where is "bucket B, prefix P/backups/ at ENDPOINT".
	where string
	open  func(ctx context.Context, key string) (io.ReadCloser, error)
}

// load checks that exec is allowed, reads the site's s3 Secret and lists
// its backups. Errors are the user's to read (no key in them).
func (f *Feature) load(ctx context.Context, ns string) (listing, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if a := f.c.Conn.Access; a != nil {
		ok, reason, err := a.Can(ctx, capExec.Verb, capExec.Group, capExec.Resource, capExec.Subresource, ns)
		if err == nil && !ok {
			if reason == "" {
				reason = "not allowed to " + capExec.String() + " (RBAC)"
			}
			return listing{}, fmt.Errorf("the import runs mysql in mysql-0: %s", reason)
		}
	}
	t, err := actions.ReadS3Target(ctx, f.c.Conn.Cluster.Client, ns)
	if err != nil {
		return listing{}, fmt.Errorf("where are the backups? %w", err)
	}
	cfg, err := t.StoreConfig(f.account)
	if err != nil {
		return listing{}, err
	}
	store, err := objstore.NewBackupStore(cfg)
	if err != nil {
		return listing{}, err
	}
	prefix := t.Prefix + blueprint.BackupPrefix
	l := listing{where: fmt.Sprintf("bucket %s, prefix %s at %s", t.Bucket, prefix, cfg.Name())}
	if l.backups, err = store.ListBackups(ctx, t.Bucket, prefix); err != nil {
		return l, err
	}
	l.open = func(ctx context.Context, key string) (io.ReadCloser, error) {
		return store.OpenBackup(ctx, t.Bucket, key)
	}
	return l, nil
}

// options is the restore of key in ns on the connected cluster.
func (f *Feature) options(ns string, b objstore.BackupObject, open func(context.Context, string) (io.ReadCloser, error)) actions.RestoreOptions {
	cl := f.c.Conn.Cluster
	return actions.RestoreOptions{Namespace: ns, Key: b.Key, Client: cl.Client, Run: actions.ExecOn(cl.Config, cl.Client), Now: f.c.Now,
		Open: func(ctx context.Context) (io.ReadCloser, error) { return open(ctx, b.Key) }}
}
