package cloudui

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// maxPools bounds the wizard's node pools; more can be added later.
const maxPools = 4

// poolValues is one node pool as typed into the wizard.
type poolValues struct {
	Name, Size, Count string
	AutoScale         bool
	Min, Max          string
	// Labels ("k=v, k2=v2") and Taints ("k=v:Effect, …") are advanced
	// options, applied only when the wizard's Advanced is on.
	Labels, Taints string
	// More asks for another pool after this one.
	More bool
}

// wizardValues is everything the form edits. It holds only plain values,
// because huh hashes it to know when to redraw the review.
type wizardValues struct {
	Name, Region, Version, Tags string
	// HA is haDefault (DigitalOcean's default for the version), haOn or haOff.
	HA    string
	Pools [maxPools]poolValues
	// Drop holds the indexes of pools left out in the review (any pool,
	// not only trailing ones).
	Drop []int
	// Advanced shows and applies the options below; off, the defaults of
	// defaultValues apply whatever was typed, and nothing typed is lost.
	Advanced                     bool
	VPC                          string
	ClusterSubnet, ServiceSubnet string
	SurgeUpgrade, AutoUpgrade    bool
	MaintenanceDay               string
	MaintenanceStart             string
	Registry                     bool
	Create                       bool
}

type wizard struct {
	wizardStart
	v     wizardValues
	taken map[string]bool // cluster names already in the account
	// vpcNote says why no VPCs are offered when listing them failed.
	vpcNote string
	// answers is v as huh's dynamic functions (the review, the notes, the
	// titles) read it: huh runs them off the UI goroutine (pages.Answers).
	answers *pages.Answers[wizardValues]
}

// values is a copy of the answers that shares nothing with the form.
func (w *wizard) values() wizardValues {
	v := w.v
	v.Drop = slices.Clone(w.v.Drop)
	return v
}

// seen is the wizard as its dynamic functions see it: its answers as of
// the form's last update. Use it in every TitleFunc, DescriptionFunc and
// OptionsFunc.
// Field by field: copying *w would read w.v, which the form writes.
func (w *wizard) seen() *wizard {
	return &wizard{wizardStart: w.wizardStart, taken: w.taken, vpcNote: w.vpcNote, answers: w.answers, v: w.answers.Get()}
}

// wizardStart is what the wizard opens with: what DigitalOcean offers,
// the account's VPCs (vpcErr when they could not be listed) and, when
// going back after DigitalOcean refused a create, the answers given
// (prev) and the refusal.
type wizardStart struct {
	opts    do.Options
	vpcs    []do.VPC
	vpcErr  error
	prev    *wizardValues
	refusal error
}

// newWizard returns the provision-cluster form as a page. Defaults follow
// the Flight Deck talk: a web pool of 3 and a db pool of 1 node, smallest
// size, newest Kubernetes; answers of a refused attempt are kept as they
// were, and the header repeats the refusal while they are fixed.
func newWizard(c *common.Common, s *service, start wizardStart) *pages.Form {
	w := &wizard{wizardStart: start, taken: s.clusterNames()}
	if start.vpcErr != nil {
		w.vpcNote = "could not list VPCs (" + start.vpcErr.Error() + "); only the region's default is offered"
	}
	w.v = defaultValues(start.opts)
	if start.prev != nil {
		w.v = *start.prev
		w.v.Drop, w.v.Create = slices.Clone(start.prev.Drop), false
	}
	w.answers = pages.NewAnswers(w.values)
	form := huh.NewForm(w.groups()...).WithHeight(formHeight(c))
	p := pages.NewForm(c, "new DigitalOcean cluster", form, func() tea.Cmd { return w.submit(c, s) }).Copies(w.answers.Refresh)
	p.Header = func() string {
		head := c.Styles.Title.Render(" New DigitalOcean Kubernetes cluster") + "  nothing is created until you confirm the price"
		if start.refusal != nil {
			head += "\n " + c.Styles.Paint(styles.Bad, "DigitalOcean refused the last attempt: "+start.refusal.Error())
		}
		return head
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
	small := smallestSize(offeredIn(opts.Sizes, v.Region))
	v.SurgeUpgrade, v.MaintenanceDay, v.MaintenanceStart = defaultSurge, defaultWindowDay, defaultWindowStart
	v.Pools[0] = poolValues{Name: "web", Size: small, Count: "3", Min: "1", Max: "3"}
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

// shown reports whether pool i was asked for: every pool before it
// asked for another.
func (w *wizard) shown(i int) bool {
	for j := 0; j < i; j++ {
		if !w.v.Pools[j].More {
			return false
		}
	}
	return true
}

// active reports whether pool i is part of the cluster: shown and not
// left out in the review.
func (w *wizard) active(i int) bool {
	return w.shown(i) && !slices.Contains(w.v.Drop, i)
}

func (w *wizard) groups() []*huh.Group {
	groups := []*huh.Group{w.clusterGroup()}
	for i := range maxPools {
		groups = append(groups, w.poolGroups(i)...)
	}
	groups = append(groups, w.extrasGroup())
	groups = append(groups, w.advancedGroups()...)
	return append(groups, w.reviewGroup())
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
		huh.NewSelect[string]().Title("Region").Description(regionHint(len(regions))).Options(regions...).Value(&w.v.Region).Height(8),
		huh.NewSelect[string]().Title("Kubernetes version").Options(versions...).Value(&w.v.Version),
	).Title("Cluster")
}

// regionShown is how many regions the region step's list shows at once
// (its height 8 less the title line).
const regionShown = 7

// regionHint tells that the region list scrolls when it holds more than
// it shows: huh draws no sign of the hidden rows.
func regionHint(n int) string {
	if n <= regionShown {
		return ""
	}
	return fmt.Sprintf("%d regions, %d shown: more ↓", n, regionShown)
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
		huh.NewSelect[string]().Title("Control plane").
			DescriptionFunc(func() string { return w.seen().haNote() }, &w.v).
			Options(haOptions()...).Value(&w.v.HA),
		huh.NewInput().Title("Tags").Description("comma-separated; letters, digits, ':', '-' and '_'").
			Value(&w.v.Tags).Validate(validateTags),
		huh.NewConfirm().Title("Advanced options?").
			Description("VPC and subnets, pool labels and taints, upgrades and maintenance window, container registry.\n"+
				"Defaults: the region's default VPC, DigitalOcean's subnets, surge upgrades on, auto-upgrade off, any day 04:00 UTC, no registry.").
			Affirmative("Advanced").Negative("Defaults").Value(&w.v.Advanced),
	).Title("Control plane, tags and options")
}

func (w *wizard) reviewGroup() *huh.Group {
	return huh.NewGroup(
		huh.NewNote().Height(reviewHeight).
			DescriptionFunc(func() string { return w.seen().reviewText() }, &w.v),
		huh.NewMultiSelect[int]().Title("Leave out a node pool?").
			Description("x or space marks a pool to leave out; the review above follows").
			OptionsFunc(func() []huh.Option[int] { return w.seen().dropOptions() }, &w.v.Pools).Value(&w.v.Drop).Validate(w.validateDrop).Height(maxPools+2),
		huh.NewConfirm().TitleFunc(func() string { return w.seen().confirmTitle() }, &w.v).Affirmative("Create").Negative("Cancel").
			Value(&w.v.Create).Validate(w.validateCreate),
	).Title("Review")
}

// reviewHeight is the review note's height: the options block, a table of
// up to maxPools pools with a labels line each, and the totals.
const reviewHeight = 18

// dropOptions lists the pools asked for, with their sizes.
func (w *wizard) dropOptions() []huh.Option[int] {
	var out []huh.Option[int]
	for i := range maxPools {
		if w.shown(i) {
			p := w.v.Pools[i]
			out = append(out, huh.NewOption(fmt.Sprintf("%s (%s × %s)", p.Name, p.Count, p.Size), i))
		}
	}
	return out
}

func (w *wizard) validateDrop(drop []int) error {
	for i := range maxPools {
		if w.shown(i) && !slices.Contains(drop, i) {
			return nil
		}
	}
	return fmt.Errorf("keep at least one node pool")
}

// validateCreate refuses Create while the answers cannot make a request,
// so a mistake is fixed in place rather than losing the answers.
func (w *wizard) validateCreate(create bool) error {
	if !create {
		return nil
	}
	_, err := w.request()
	return err
}

// reviewText renders the review from the current values.
func (w *wizard) reviewText() string {
	req, err := w.request()
	if err != nil {
		return noteEscape("cannot create this yet: " + err.Error())
	}
	return noteEscape(strings.Join(append(reviewOptions(req, w.vpcs), ReviewLines(req, w.opts.Sizes)...), "\n"))
}

// noteEscape keeps text literal in a huh note, which reads _ * and ` as
// markup (label keys and tags may hold underscores).
func noteEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "_", `\_`, "*", `\*`, "`", "\\`").Replace(s)
}

func (w *wizard) confirmTitle() string {
	req, err := w.request()
	if err != nil {
		return "Create this cluster?"
	}
	return "Create " + req.Name + " for " + costText(do.Price(req, w.opts.Sizes)) + "?"
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
	again := w.wizardStart
	again.prev = &w.v
	retry := func(refusal error) tea.Cmd {
		again.refusal = refusal
		return common.PushBuilt(func() common.Page { return newWizard(c, s, again) })
	}
	return common.Push(newProvision(c, s, req, do.Price(req, w.opts.Sizes), retry))
}

// request turns the values into a create request, checking what the
// fields' own checks cannot: sizes offered in the chosen region, the
// subnets against the chosen VPC.
func (w *wizard) request() (do.CreateRequest, error) {
	v := w.v
	req := do.CreateRequest{
		Name: v.Name, Region: v.Region, Version: v.Version, HA: w.ha(), Tags: splitTags(v.Tags),
		SurgeUpgrade: defaultSurge, Maintenance: &do.Maintenance{Day: defaultWindowDay, StartTime: defaultWindowStart},
	}
	if v.Advanced {
		req.VPC, req.ClusterSubnet, req.ServiceSubnet = v.VPC, strings.TrimSpace(v.ClusterSubnet), strings.TrimSpace(v.ServiceSubnet)
		req.SurgeUpgrade, req.AutoUpgrade, req.Registry = v.SurgeUpgrade, v.AutoUpgrade, v.Registry
		req.Maintenance = &do.Maintenance{Day: v.MaintenanceDay, StartTime: strings.TrimSpace(v.MaintenanceStart)}
		if vpc := w.chosenVPC(); req.VPC != "" && vpc.Region != req.Region {
			return req, fmt.Errorf("VPC %s is in %s, not in %s; pick a VPC in %s", orDefault(vpc.Name, req.VPC), vpc.Region, req.Region, req.Region)
		}
		if err := do.ValidateSubnets(req.ClusterSubnet, req.ServiceSubnet, w.vpcRange()); err != nil {
			return req, err
		}
		if err := do.ValidateMaintenance(*req.Maintenance); err != nil {
			return req, err
		}
	}
	for i := range maxPools {
		if !w.active(i) {
			continue
		}
		p, err := v.Pools[i].request(v.Advanced)
		if err != nil {
			return req, fmt.Errorf("pool %d: %w", i+1, err)
		}
		if !w.sizeOffered(p.Size, v.Region) {
			return req, fmt.Errorf("pool %s: size %s is not offered in %s; pick another", p.Name, p.Size, v.Region)
		}
		req.Pools = append(req.Pools, p)
	}
	if len(req.Pools) == 0 {
		return req, fmt.Errorf("keep at least one node pool")
	}
	return req, nil
}

func (p poolValues) request(advanced bool) (do.PoolRequest, error) {
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
	if advanced {
		if req.Labels, err = do.ParseLabels(p.Labels); err != nil {
			return req, err
		}
		if req.Taints, err = do.ParseTaints(p.Taints); err != nil {
			return req, err
		}
	}
	return req, nil
}

func splitTags(s string) []string {
	var tags []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// validateTags follows DigitalOcean's tag rules.
func validateTags(s string) error {
	for _, t := range splitTags(s) {
		if strings.ContainsFunc(t, unicode.IsSpace) {
			return fmt.Errorf("tag %q contains a space: DigitalOcean tags cannot; separate tags with commas, or use '-' or '_'", t)
		}
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
