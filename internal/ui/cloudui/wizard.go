package cloudui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// maxPools bounds the wizard's node pools; more can be added later.
const maxPools = 4

// poolValues is one node pool as typed into the wizard.
type poolValues struct {
	Name, Size, Count string
	AutoScale         bool
	Min, Max          string
	// More asks for another pool after this one.
	More bool
}

// wizardValues is everything the form edits. It holds only plain values,
// because huh hashes it to know when to redraw the review.
type wizardValues struct {
	Name, Region, Version, Tags string
	HA                          bool
	Pools                       [maxPools]poolValues
	Create                      bool
}

type wizard struct {
	v     wizardValues
	opts  do.Options
	taken map[string]bool // cluster names already in the account
}

// newWizard returns the provision-cluster form as a page. Defaults follow
// the Flight Deck talk: a web pool of 3 and a db pool of 1 node, smallest
// size, newest Kubernetes.
func newWizard(c *common.Common, s *service, opts do.Options) *pages.Form {
	w := &wizard{opts: opts, taken: s.clusterNames()}
	w.v = defaultValues(opts)
	form := huh.NewForm(w.groups()...).WithHeight(formHeight(c))
	p := pages.NewForm(c, "new DigitalOcean cluster", form, func() tea.Cmd { return w.submit(c, s) })
	p.Header = func() string {
		return c.Styles.Title.Render(" New DigitalOcean Kubernetes cluster") + "  nothing is created until you confirm the price"
	}
	return p
}

// formHeight fixes the form's height to the screen's: the app does not
// pass window sizes to forms, and huh otherwise sizes each step by its
// first drawing, before the review's prices are computed.
func formHeight(c *common.Common) int {
	const chromeAndHeader = 5 // app header, footer, status bar, wizard header, spare
	return max(12, c.Height-chromeAndHeader)
}

func defaultValues(opts do.Options) wizardValues {
	v := wizardValues{Tags: "flightdeck"}
	if len(opts.Regions) > 0 {
		v.Region = opts.Regions[0].Slug
	}
	if vs := newestFirst(opts.Versions); len(vs) > 0 {
		v.Version = vs[0].Slug
	}
	small := smallestSize(opts.Sizes)
	v.Pools[0] = poolValues{Name: "web", Size: small, Count: "3", Min: "1", Max: "3", More: true}
	v.Pools[1] = poolValues{Name: "db", Size: small, Count: "1", Min: "1", Max: "1"}
	for i := 2; i < maxPools; i++ {
		v.Pools[i] = poolValues{Name: fmt.Sprintf("pool-%d", i+1), Size: small, Count: "1", Min: "1", Max: "2"}
	}
	return v
}

// smallestSize is the cheapest priced size (sizes without a price last).
func smallestSize(sizes []do.Size) string {
	sorted := bySize(sizes)
	if len(sorted) == 0 {
		return ""
	}
	return sorted[0].Slug
}

func bySize(sizes []do.Size) []do.Size {
	out := append([]do.Size(nil), sizes...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.PriceMonthly == 0) != (b.PriceMonthly == 0) {
			return b.PriceMonthly == 0
		}
		if a.PriceMonthly != b.PriceMonthly {
			return a.PriceMonthly < b.PriceMonthly
		}
		return a.Slug < b.Slug
	})
	return out
}

// newestFirst sorts versions by their Kubernetes version, newest first.
func newestFirst(vs []do.Version) []do.Version {
	out := append([]do.Version(nil), vs...)
	sort.SliceStable(out, func(i, j int) bool { return versionLess(out[j].KubernetesVersion, out[i].KubernetesVersion) })
	return out
}

func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

// active reports whether pool i is part of the cluster: every pool
// before it asked for another.
func (w *wizard) active(i int) bool {
	for j := 0; j < i; j++ {
		if !w.v.Pools[j].More {
			return false
		}
	}
	return true
}

func (w *wizard) groups() []*huh.Group {
	groups := []*huh.Group{w.clusterGroup()}
	for i := range maxPools {
		groups = append(groups, w.poolGroups(i)...)
	}
	return append(groups, w.extrasGroup(), w.reviewGroup())
}

func (w *wizard) clusterGroup() *huh.Group {
	regions := make([]huh.Option[string], 0, len(w.opts.Regions))
	for _, r := range w.opts.Regions {
		regions = append(regions, huh.NewOption(r.Slug+"  "+r.Name, r.Slug))
	}
	var versions []huh.Option[string]
	for i, v := range newestFirst(w.opts.Versions) {
		label := v.KubernetesVersion + "  (" + v.Slug + ")"
		if i == 0 {
			label += "  newest"
		}
		versions = append(versions, huh.NewOption(label, v.Slug))
	}
	return huh.NewGroup(
		huh.NewInput().Title("Cluster name").Description("lowercase letters, digits and hyphens; the kubeconfig context will be do-<region>-<name>").
			Value(&w.v.Name).Validate(w.validateName),
		huh.NewSelect[string]().Title("Region").Options(regions...).Value(&w.v.Region).Height(8),
		huh.NewSelect[string]().Title("Kubernetes version").Options(versions...).Value(&w.v.Version),
	).Title("Cluster")
}

func (w *wizard) validateName(name string) error {
	if err := do.ValidateClusterName(name); err != nil {
		return err
	}
	if w.taken[name] {
		return fmt.Errorf("the account already has a cluster named %s", name)
	}
	return nil
}

func (w *wizard) extrasGroup() *huh.Group {
	return huh.NewGroup(
		huh.NewConfirm().Title("Highly available control plane?").
			Description(fmt.Sprintf("adds %s/mo; survives a control-plane failure. The basic control plane is free.", money(do.HAMonthly))).
			Affirmative("HA").Negative("Basic").Value(&w.v.HA),
		huh.NewInput().Title("Tags").Description("comma-separated; letters, digits, ':', '-' and '_'").
			Value(&w.v.Tags).Validate(validateTags),
	).Title("Control plane and tags")
}

func (w *wizard) reviewGroup() *huh.Group {
	return huh.NewGroup(
		huh.NewNote().Height(13).
			DescriptionFunc(w.reviewText, &w.v),
		huh.NewConfirm().TitleFunc(w.confirmTitle, &w.v).Affirmative("Create").Negative("Cancel").Value(&w.v.Create),
	).Title("Review")
}

// reviewText renders the review from the current values.
func (w *wizard) reviewText() string {
	req, err := w.request()
	if err != nil {
		return "cannot price this yet: " + err.Error()
	}
	return reviewHeader(req) + "\n\n" + strings.Join(ReviewLines(req, w.opts.Sizes), "\n")
}

func (w *wizard) confirmTitle() string {
	req, err := w.request()
	if err != nil {
		return "Create this cluster?"
	}
	monthly, hourly, _ := do.MonthlyCost(req.Pools, w.opts.Sizes, req.HA)
	return fmt.Sprintf("Create %s for %s/mo (%s)?", req.Name, money(monthly), perHour(hourly))
}

// submit creates the cluster once the review is confirmed.
func (w *wizard) submit(c *common.Common, s *service) tea.Cmd {
	if !w.v.Create {
		return common.Toast("no cluster created", false)
	}
	req, err := w.request()
	if err != nil {
		return common.Toast("no cluster created: "+err.Error(), true)
	}
	monthly, hourly, _ := do.MonthlyCost(req.Pools, w.opts.Sizes, req.HA)
	return common.Push(newProvision(c, s, req, monthly, hourly))
}

// request turns the values into a create request.
func (w *wizard) request() (do.CreateRequest, error) {
	req := do.CreateRequest{Name: w.v.Name, Region: w.v.Region, Version: w.v.Version, HA: w.v.HA, Tags: splitTags(w.v.Tags)}
	for i := range maxPools {
		if !w.active(i) {
			break
		}
		p, err := w.v.Pools[i].request()
		if err != nil {
			return req, fmt.Errorf("pool %d: %w", i+1, err)
		}
		req.Pools = append(req.Pools, p)
	}
	return req, nil
}

func (p poolValues) request() (do.PoolRequest, error) {
	count, err := strconv.Atoi(strings.TrimSpace(p.Count))
	if err != nil {
		return do.PoolRequest{}, fmt.Errorf("node count %q is not a number", p.Count)
	}
	req := do.PoolRequest{Name: p.Name, Size: p.Size, Count: count, AutoScale: p.AutoScale}
	if p.AutoScale {
		if req.Min, err = strconv.Atoi(strings.TrimSpace(p.Min)); err != nil {
			return req, fmt.Errorf("minimum %q is not a number", p.Min)
		}
		if req.Max, err = strconv.Atoi(strings.TrimSpace(p.Max)); err != nil {
			return req, fmt.Errorf("maximum %q is not a number", p.Max)
		}
	}
	return req, nil
}

func splitTags(s string) []string {
	var tags []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		tags = append(tags, t)
	}
	return tags
}

// validateTags follows DigitalOcean's tag rules.
func validateTags(s string) error {
	for _, t := range splitTags(s) {
		if len(t) > 255 {
			return fmt.Errorf("tag %.20q… is longer than 255 characters", t)
		}
		for _, r := range t {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ':' || r == '-' || r == '_') {
				return fmt.Errorf("tag %q may only hold letters, digits, ':', '-' and '_'", t)
			}
		}
	}
	return nil
}
