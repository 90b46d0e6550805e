package sitewizard

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// The wizard's flow: domain form -> (loading) -> site form -> review ->
// progress. Every page owns the draft pointer; going back to edit from the
// review rebuilds the site form from the draft, so nothing typed is lost.

// OpenNew opens the new-site wizard, domain prefilled when given.
func (w *Feature) OpenNew(domain string) tea.Cmd {
	c := w.c
	if cmd := refuse(c, "creating sites"); cmd != nil {
		return cmd
	}
	f := storeFacts(c)
	d := newDraft(domain, s3FromEnv(w.getenv), f.memcacheDefault())
	return common.Push(w.domainPage(d, f))
}

// OpenUpdate re-runs the wizard on the site in ns, prefilled from its
// current objects and its s3 Secret.
func (w *Feature) OpenUpdate(ns string) tea.Cmd {
	c := w.c
	if cmd := refuse(c, "updating sites"); cmd != nil {
		return cmd
	}
	return common.Push(w.loadForUpdate(ns, storeFacts(c)))
}

// refuse says why the wizard cannot open, as a toast. Read-only mode and
// RBAC are the actions' gates (pages.Actions), not this.
func refuse(c *common.Common, what string) tea.Cmd {
	if c.Conn == nil {
		return common.Toast("not connected: pick a cluster first (:clusters) before "+what, true)
	}
	return nil
}

func (w *Feature) domainPage(d *draft, f *facts) *formPage {
	c := w.c
	header := func() string { return wizardHeader(c, d) }
	return newFormPage(c, "New site", domainForm(d, f), header, func() tea.Cmd {
		d.Namespace = namespaceOf(d.Domain)
		if f.lookup(d.Namespace).Exists {
			return common.Push(w.loadForUpdate(d.Namespace, f))
		}
		if d.S3Bucket == "" {
			d.S3Bucket = d.Namespace
		}
		return common.Push(w.loadForNew(d, f))
	})
}

// loadForNew fetches the StorageClasses, then opens steps 2-6.
func (w *Feature) loadForNew(d *draft, f *facts) *loadPage {
	c := w.c
	b := w.backend(c)
	return w.newLoadPage("New site", "reading the cluster's storage classes and edge", func(ctx context.Context) (func() common.Page, error) {
		classes, err := b.StorageClasses(ctx)
		edge, edgeErr := b.Edge(ctx, "")
		return func() common.Page {
			f.classes, f.classesErr = classes, err
			f.edge, f.edgeErr = edge, edgeErr
			d.useEdge(edge.Edge)
			if d.StorageClass == "" {
				d.StorageClass = f.defaultClass()
			}
			return w.sitePage(d, f)
		}, nil
	})
}

// loadForUpdate reads the site's s3 Secret (and the classes), then opens
// steps 2-6 prefilled from what runs.
func (w *Feature) loadForUpdate(ns string, f *facts) *loadPage {
	c := w.c
	b := w.backend(c)
	return w.newLoadPage("Update "+ns, "reading the site's current settings", func(ctx context.Context) (func() common.Page, error) {
		s3, err := b.S3Settings(ctx, ns)
		if err != nil {
			return nil, err
		}
		classes, classesErr := b.StorageClasses(ctx)
		edge, edgeErr := b.Edge(ctx, ns)
		return func() common.Page {
			f.classes, f.classesErr = classes, classesErr
			f.edge, f.edgeErr = edge, edgeErr
			return w.sitePage(updateDraft(c.Conn.Store.Objects(ns), ns, s3, f, w.getenv), f)
		}, nil
	})
}

// updateDraft starts from what runs. A site whose first apply was
// interrupted lacks some objects: their fields get the new-site defaults.
func updateDraft(o model.NamespaceObjects, ns string, s3 blueprint.S3Settings, f *facts, getenv func(string) string) *draft {
	spec := specFromObjects(o, s3, f.edge)
	if spec.Domain == "" {
		spec.Domain = ns // a site made by hand, without the domain annotation
	}
	if spec.S3.Endpoint == "" && spec.S3.AccessKey == "" {
		env := s3FromEnv(getenv)
		spec.S3 = blueprint.S3Settings{Endpoint: env.Endpoint, Region: env.Region, AccessKey: env.AccessKey,
			SecretKey: env.SecretKey, Bucket: ns}
	}
	if spec.MemcacheReplicas == 0 {
		spec.MemcacheReplicas = int32(f.memcacheDefault())
	}
	d := draftFromSpec(spec)
	d.useEdge(f.edge.Edge)
	d.update, d.Confirmed = true, true
	for _, st := range o.StatefulSets {
		if st.Name == blueprint.ComponentMySQL {
			d.original = &struct{ volume, storageClass string }{d.MySQLVolume, d.StorageClass}
		}
	}
	if d.original == nil && d.StorageClass == "" {
		d.StorageClass = f.defaultClass()
	}
	return d
}

func (w *Feature) sitePage(d *draft, f *facts) *formPage {
	c := w.c
	title := "New site"
	if d.update {
		title = "Update " + d.Namespace
	}
	header := func() string { return wizardHeader(c, d) }
	return newFormPage(c, title, siteForm(d, f), header, func() tea.Cmd {
		return common.Push(w.newReview(d, f))
	})
}

// wizardHeader says what the wizard works on and that nothing has changed.
func wizardHeader(c *common.Common, d *draft) string {
	st := c.Styles
	verb := "New site"
	if d.update {
		verb = "Update site"
	}
	target := st.Paint(styles.Dim, "· type the domain")
	if ns := namespaceOf(d.Domain); ns != "" {
		target = st.Paint(styles.Accent, d.Domain) + st.Paint(styles.Dim, " → namespace "+ns)
	}
	return " " + st.Title.Render(verb) + " " + target + "\n " +
		st.Paint(styles.Dim, "Nothing changes in the cluster before you confirm the plan. esc cancels.")
}

// specOf is the draft's spec with the namespace it lands in.
func specOf(d *draft) (blueprint.SiteSpec, string) {
	s := d.spec()
	return s, namespaceOf(s.Domain)
}
