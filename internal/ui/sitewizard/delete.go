package sitewizard

import (
	"context"
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	corev1 "k8s.io/api/core/v1"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// OpenDelete starts deleting a site: it reads where the site keeps its
// files, asks what to keep (the database volume and the bucket are kept
// unless chosen), then asks to type the domain.
func (w *Feature) OpenDelete(site model.Site) tea.Cmd {
	c := w.c
	if cmd := refuse(c, "deleting sites"); cmd != nil {
		return cmd
	}
	if !site.FlightDeck {
		return common.Toast(site.Namespace+" was not created by Flight Deck (no part-of label): fdtui does not delete it", true)
	}
	b := w.backend(c)
	ns := site.Namespace
	return common.Push(w.newLoadPage("Delete "+ns, "reading the site's volumes and bucket", func(ctx context.Context) (func() common.Page, error) {
		s3, err := b.S3Settings(ctx, ns)
		canDelete := err == nil && s3.Bucket != "" && b.CanDeleteBuckets(s3)
		return func() common.Page {
			return w.deleteOptionsPage(site, deleteTarget{s3: s3, s3Err: err, canDeleteBucket: canDelete})
		}, nil
	}))
}

// deleteTarget is what the delete flow knows beyond the store.
type deleteTarget struct {
	s3              blueprint.S3Settings
	s3Err           error
	canDeleteBucket bool
}

// deleteChoice is what the options form collects. Both false: keep.
type deleteChoice struct {
	DeleteVolumes, DeleteBucket bool
}

// deleteOptionsPage asks what to keep. With nothing to choose (no bound
// volume, a bucket fdtui cannot delete) it goes straight to the typed
// confirmation, which lists the same facts.
func (w *Feature) deleteOptionsPage(site model.Site, t deleteTarget) common.Page {
	c := w.c
	o := c.Conn.Store.Objects(site.Namespace)
	vols := volumesOf(o.PVCs)
	if len(vols) == 0 && !t.canDeleteBucket {
		return w.deleteConfirm(site, t, o, vols, deleteChoice{})
	}
	ch := &deleteChoice{}
	fields := []huh.Field{huh.NewNote().Title("Deleted: namespace " + site.Namespace + " and everything in it").
		Description(strings.Join(inventory(o), "\n"))}
	if len(vols) > 0 {
		fields = append(fields, huh.NewConfirm().Title("Delete the database volume too?").Value(&ch.DeleteVolumes).
			Affirmative("Delete the data").Negative("Keep it (default)").
			Description("Keep: "+strings.Join(vols, ", ")+" set to Retain before the namespace goes; it stays (Released) with the database files."))
	}
	if t.canDeleteBucket {
		fields = append(fields, huh.NewConfirm().Title("Delete the bucket's files too?").Value(&ch.DeleteBucket).
			Affirmative("Delete the files").Negative("Keep them (default)").
			Description("Keep: "+bucketWhere(t.s3)+" is not touched."))
	} else {
		fields = append(fields, huh.NewNote().Title("Bucket").Description(strings.Join(bucketKept(t), "; ")))
	}
	form := huh.NewForm(huh.NewGroup(fields...).Title("Delete site " + site.Domain))
	header := func() string {
		return " " + c.Styles.Paint(styles.Dim, "Nothing is deleted before you type the domain on the next screen. esc cancels.")
	}
	return newFormPage(c, "Delete "+site.Namespace, form, header, func() tea.Cmd {
		return common.Push(w.deleteConfirm(site, t, o, vols, *ch))
	})
}

// deleteConfirm lists what goes and what stays (and where), then asks to
// type the domain.
func (w *Feature) deleteConfirm(site model.Site, t deleteTarget, o model.NamespaceObjects, vols []string, ch deleteChoice) common.Page {
	c := w.c
	st := c.Styles
	opt := actions.DeleteOptions{KeepVolumes: !ch.DeleteVolumes, KeepBucket: !ch.DeleteBucket, Bucket: t.s3.Bucket, Prefix: t.s3.Prefix}
	lines := []string{"This deletes namespace " + site.Namespace + " and every object in it; " + site.Domain + " stops serving:"}
	for _, l := range inventory(o) {
		lines = append(lines, "  "+st.Paint(styles.Dim, l))
	}
	switch {
	case len(vols) == 0:
	case opt.KeepVolumes:
		lines = append(lines, st.Paint(styles.Good, "Database volume KEPT: ")+strings.Join(vols, ", "),
			"  set to Retain first: it stays, Released, with the database files.")
	default:
		lines = append(lines, st.Paint(styles.Bad, "Database volume DELETED: ")+strings.Join(vols, ", "),
			"  the database files go with the claim.")
	}
	if opt.KeepBucket {
		kept := bucketKept(t)
		lines = append(lines, st.Paint(styles.Good, "Bucket KEPT: ")+kept[0])
		for _, why := range kept[1:] {
			lines = append(lines, "  "+why)
		}
	} else {
		lines = append(lines, st.Paint(styles.Bad, "Bucket files DELETED: ")+bucketWhere(t.s3))
	}
	// The deletion runs on its own page, not as an app task: a bucket of
	// many files takes longer than the action timeout, and the page shows
	// how far it got and can resume it. Built only after the confirmation.
	run := common.PushBuilt(func() common.Page { return w.newDeleting(site, t.s3, opt) })
	return pages.NewTypedConfirm(c, "Delete site "+site.Domain, wrapAll(lines, c.Width-8), site.Domain, run)
}

// wrapAll wraps each line to width (the confirmation box does not).
func wrapAll(lines []string, width int) []string {
	var out []string
	for _, l := range lines {
		out = append(out, strings.Split(wrapIndent(l, width, "    "), "\n")...)
	}
	return out
}

// inventory lists the namespace's objects by kind, for the user to see
// what goes.
func inventory(o model.NamespaceObjects) []string {
	var out []string
	add := func(kind string, names []string) {
		if len(names) > 0 {
			sort.Strings(names)
			out = append(out, fmt.Sprintf("%s: %s", kind, strings.Join(names, ", ")))
		}
	}
	var deps, sts, crons, svcs, ings, claims []string
	for _, d := range o.Deployments {
		deps = append(deps, d.Name)
	}
	for _, c := range o.CronJobs {
		crons = append(crons, c.Name)
	}
	for _, s := range o.StatefulSets {
		sts = append(sts, s.Name)
	}
	for _, s := range o.Services {
		svcs = append(svcs, s.Name)
	}
	for _, i := range o.Ingresses {
		ings = append(ings, i.Name)
	}
	for _, c := range o.PVCs {
		claims = append(claims, c.Name)
	}
	add("Deployments", deps)
	add("StatefulSets", sts)
	add("CronJobs", crons)
	add("Services", svcs)
	add("Ingresses", ings)
	add("Secrets", append([]string(nil), o.SecretNames...))
	add("Volume claims", claims)
	if len(o.Pods) > 0 {
		out = append(out, model.Plural(len(o.Pods), "pod"))
	}
	return out
}

// volumesOf names the PVs behind the claims: "PV pvc-3f1c (10Gi, claim data-mysql-0)".
func volumesOf(claims []*corev1.PersistentVolumeClaim) []string {
	var out []string
	for _, c := range claims {
		if c.Spec.VolumeName == "" {
			continue
		}
		size := ""
		if q, ok := c.Status.Capacity[corev1.ResourceStorage]; ok {
			size = q.String() + ", "
		}
		out = append(out, fmt.Sprintf("PV %s (%sclaim %s)", c.Spec.VolumeName, size, c.Name))
	}
	sort.Strings(out)
	return out
}

func bucketWhere(s3 blueprint.S3Settings) string {
	where := s3.Bucket
	if s3.Prefix != "" {
		where += "/" + s3.Prefix
	}
	return "bucket " + where + " at " + s3.Endpoint
}

// bucketKept says where the files remain, and why fdtui keeps them.
func bucketKept(t deleteTarget) []string {
	switch {
	case t.s3Err != nil:
		return []string{"the s3 Secret could not be read, so the bucket is unknown; the object store is not touched",
			clip(t.s3Err.Error())}
	case t.s3.Bucket == "":
		return []string{"the site has no s3 Secret; the object store is not touched"}
	case !t.canDeleteBucket:
		return []string{bucketWhere(t.s3) + " is not touched",
			"(this object store client cannot delete buckets; use the provider's console)"}
	}
	return []string{bucketWhere(t.s3) + " is not touched"}
}
