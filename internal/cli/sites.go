package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/flightdeck/fdtui/internal/model"
)

// SiteItem is one site in a SiteList (fdtui/v1).
type SiteItem struct {
	// Site is the domain; Namespace the site's namespace.
	Site      string `json:"site"`
	Namespace string `json:"namespace"`
	// State is the STATE word (OK, STUCK, DOWN, DEGRADED, ROLLING,
	// SCALING, PAUSED, DELETING, SCALED TO 0, NO WEB, UNKNOWN); Label is
	// the STATE column ("ROLLING 2/3"); Reason says why in one line ("" when OK).
	State  string `json:"state"`
	Label  string `json:"label"`
	Reason string `json:"reason,omitempty"`
	// Serving: web has an available pod and the database a ready one.
	Serving bool `json:"serving"`
	// Image and Revision are web's current revision; Tag is the image's
	// tag (or short digest).
	Image    string `json:"image,omitempty"`
	Tag      string `json:"tag,omitempty"`
	Revision int64  `json:"revision,omitempty"`
	// Web, MySQL and Memcache are ready of desired pods; null when the
	// site has no such workload.
	Web      *Ready `json:"web"`
	MySQL    *Ready `json:"mysql"`
	Memcache *Ready `json:"memcache"`
	// Hosts are the Ingress hosts; TLS: every host has a TLS entry.
	Hosts []string `json:"hosts"`
	TLS   bool     `json:"tls"`
	// Certificate is the TLS column: the worst cert-manager Certificate's
	// days left ("61d", from its notAfter), "expired", "FAILING",
	// "ISSUING", "—" (none) or "?" (cert-manager's objects not read).
	Certificate string `json:"certificate"`
	// Pods counts the namespace's pods, PodsNotReady those neither ready
	// nor finished.
	Pods         int `json:"pods"`
	PodsNotReady int `json:"podsNotReady"`
	// Created is the namespace's creation time (RFC 3339), absent when
	// it cannot be read.
	Created *time.Time `json:"created,omitempty"`
}

// Ready is ready pods of desired.
type Ready struct {
	Ready   int32 `json:"ready"`
	Desired int32 `json:"desired"`
}

func sitesCommand(env *Env) *cobra.Command {
	var format string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "sites",
		Short: "List the sites, those that need a human first (like the TUI's sites screen)",
		Long: `List every Flight Deck site of the context with its state, web's image tag,
the web, mysql and memcache pods ready of desired, the ingress, the pods and
the age; sorted like the TUI's sites screen: what serves nothing first, then
stuck, degraded, rolling...

Exit code 3 when any site is STUCK, DOWN or DEGRADED.`,
		Args: Args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutput(format); err != nil {
				return err
			}
			w, err := env.load(cmd.Context(), timeout)
			if err != nil {
				return err
			}
			defer w.Close()
			sites := w.Store.Sites()
			if err := printSites(env.Out, format, w, sites); err != nil {
				return err
			}
			if anyNeedsHuman(sites) {
				return problem()
			}
			return nil
		},
	}
	addOutput(cmd, &format)
	addTimeout(cmd, &timeout)
	return cmd
}

// anyNeedsHuman: some site is STUCK, DOWN or DEGRADED (exit 3).
func anyNeedsHuman(sites []model.Site) bool {
	for _, s := range sites {
		switch s.State {
		case model.SiteStuck, model.SiteDown, model.SiteDegraded:
			return true
		}
	}
	return false
}

func printSites(out io.Writer, format string, w *World, sites []model.Site) error {
	if format != FormatTable {
		items := make([]SiteItem, 0, len(sites))
		for _, s := range sites {
			items = append(items, siteItem(s, w.Now()))
		}
		return writeDocument(out, format, Document[SiteItem]{Kind: KindSiteList, Context: w.Context, Items: items})
	}
	if len(sites) == 0 {
		_, err := fmt.Fprintf(out, "No Flight Deck sites in context %s (a site is a namespace with a web Deployment).\n", w.Context)
		return err
	}
	tw := newTable(out)
	fmt.Fprintln(tw, "SITE\tSTATE\tTAG\tWEB\tMYSQL\tMEMCACHE\tINGRESS\tPODS\tAGE\tTLS")
	now := w.Now()
	for _, s := range sites {
		fmt.Fprintln(tw, strings.Join([]string{
			s.Domain, s.Label(), orDash(model.ImageTag(s.Web.Image)),
			model.ReadyText(s.Web.Ready, s.Web.Desired, s.HasWeb),
			model.ReadyText(s.MySQL.Ready, s.MySQL.Desired, s.MySQL.Present),
			model.ReadyText(s.Memcache.Ready, s.Memcache.Desired, s.Memcache.Present),
			s.IngressText(), s.PodsText(), model.AgeText(s.Created, now), s.Certs.Word(now),
		}, "\t"))
	}
	return tw.Flush()
}

func siteItem(s model.Site, now time.Time) SiteItem {
	it := SiteItem{
		Site: s.Domain, Namespace: s.Namespace, State: s.State.String(), Label: s.Label(), Reason: s.Reason(),
		Serving: s.Serving, Hosts: s.Hosts, TLS: s.TLS, Certificate: s.Certs.Word(now), Pods: s.Pods, PodsNotReady: s.PodsNotReady,
	}
	if it.Hosts == nil {
		it.Hosts = []string{}
	}
	if s.HasWeb {
		it.Image, it.Tag, it.Revision = s.Web.Image, model.ImageTag(s.Web.Image), s.Web.Revision
		it.Web = &Ready{Ready: s.Web.Ready, Desired: s.Web.Desired}
	}
	if s.MySQL.Present {
		it.MySQL = &Ready{Ready: s.MySQL.Ready, Desired: s.MySQL.Desired}
	}
	if s.Memcache.Present {
		it.Memcache = &Ready{Ready: s.Memcache.Ready, Desired: s.Memcache.Desired}
	}
	if !s.Created.IsZero() {
		t := s.Created.UTC()
		it.Created = &t
	}
	return it
}

// The cells are the TUI sites screen's words (model.ReadyText,
// Site.IngressText, Site.PodsText, model.AgeText), as plain text.

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
