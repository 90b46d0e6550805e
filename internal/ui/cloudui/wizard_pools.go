package cloudui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// maxPoolNodes is DOKS's node limit per pool.
const maxPoolNodes = 100

// poolGroups are pool i's steps: its node size (one step per region,
// offering that region's sizes), the pool itself, its autoscale range
// (only when autoscaled) and whether another pool follows. All are hidden
// unless the pools before it asked for another.
func (w *wizard) poolGroups(i int) []*huh.Group {
	p := &w.v.Pools[i]
	hidden := func() bool { return !w.shown(i) }
	var groups []*huh.Group
	for _, r := range w.opts.Regions {
		groups = append(groups, huh.NewGroup(
			huh.NewSelect[string]().Title("Node size").DescriptionFunc(func() string { seen := w.seen(); return seen.sizeNote(r.Slug, seen.v.Pools[i].Size) }, &w.v).
				Options(w.sizeOptions(r.Slug)...).Accessor(w.inRegion(r.Slug, &p.Size)).Height(12),
		).Title(fmt.Sprintf("Node pool %d", i+1)).WithHideFunc(func() bool { return hidden() || w.v.Region != r.Slug }))
	}
	groups = append(groups,
		huh.NewGroup(
			huh.NewInput().Title("Pool name").Description("nodes carry it as the doks.digitalocean.com/node-pool label").
				Value(&p.Name).Validate(func(s string) error { return w.validatePoolName(i, s) }),
			huh.NewInput().Title("Nodes").Value(&p.Count).Validate(func(s string) error { return validateCount(s, 1) }),
			huh.NewConfirm().Title("Autoscale this pool?").Affirmative("Autoscale").Negative("Fixed").Value(&p.AutoScale),
		).Title(fmt.Sprintf("Node pool %d", i+1)).WithHideFunc(hidden),
		huh.NewGroup(
			huh.NewInput().Title("Minimum nodes").Value(&p.Min).Validate(func(s string) error { return validateMin(s, p.Count) }),
			huh.NewInput().Title("Maximum nodes").Value(&p.Max).Validate(func(s string) error { return validateMax(s, p.Count) }),
		).Title(fmt.Sprintf("Node pool %d: autoscaling range", i+1)).
			WithHideFunc(func() bool { return hidden() || !p.AutoScale }),
	)
	if i < maxPools-1 {
		groups = append(groups, huh.NewGroup(
			huh.NewConfirm().Title("Add another node pool?").
				Description(fmt.Sprintf("up to %d pools here (more later); No leaves out any pools after this one", maxPools)).
				Affirmative("Add a pool").Negative("No more").Value(&p.More),
		).Title(fmt.Sprintf("Node pool %d", i+1)).WithHideFunc(hidden))
	}
	return groups
}

// sizeNote describes region's size step. A size chosen in another region
// that region does not offer is named, so the highlighted replacement is
// never taken without the user being told.
func (w *wizard) sizeNote(region, size string) string {
	if size != "" && !w.sizeOffered(size, region) {
		return size + " is not offered in " + region + " — choose another"
	}
	return "sizes offered in " + region + ", cheapest first; unknown prices last"
}

// sizeOptions are the sizes offered in region, cheapest first, sizes of
// unknown price last. They are fixed per region rather than following the
// region field, so the list is never a step behind the keyboard.
func (w *wizard) sizeOptions(region string) []huh.Option[string] {
	sizes := bySize(offeredIn(w.opts.Sizes, region))
	opts := make([]huh.Option[string], 0, len(sizes))
	for _, s := range sizes {
		opts = append(opts, huh.NewOption(SizeLabel(s), s.Slug))
	}
	return opts
}

// SizeLabel is "s-2vcpu-4gb     2 vCPU   4 GB   $24/mo", or "price
// unknown" for a size missing from the price catalogue.
func SizeLabel(s do.Size) string {
	if s.VCPUs == 0 {
		return fmt.Sprintf("%-15s %s", s.Slug, "not in the size catalogue: price unknown")
	}
	price := "price unknown"
	if s.Priced() {
		price = money(s.PriceMonthly) + "/mo"
	}
	return fmt.Sprintf("%-15s %2d vCPU %6s  %s", s.Slug, s.VCPUs, memText(s.MemoryMB), price)
}

func memText(mb int) string {
	if mb%1024 == 0 {
		return fmt.Sprintf("%d GB", mb/1024)
	}
	return fmt.Sprintf("%d MB", mb)
}

var poolNameRE = regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`)

func (w *wizard) validatePoolName(i int, name string) error {
	switch {
	case name == "":
		return fmt.Errorf("a pool name is required")
	case len(name) > 63:
		return fmt.Errorf("pool name is %d characters; at most 63 are allowed", len(name))
	case !poolNameRE.MatchString(name):
		return fmt.Errorf("pool name %q: lowercase letters, digits and hyphens, starting with a letter", name)
	}
	for j := 0; j < i; j++ {
		if w.v.Pools[j].Name == name {
			return fmt.Errorf("pool %d is already called %s", j+1, name)
		}
	}
	return nil
}

func parseCount(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return n, nil
}

func validateCount(s string, least int) error {
	n, err := parseCount(s)
	switch {
	case err != nil:
		return err
	case n < least || n > maxPoolNodes:
		return fmt.Errorf("between %d and %d nodes", least, maxPoolNodes)
	}
	return nil
}

// validateMin and validateMax keep min <= count <= max, as DO requires.
func validateMin(s, count string) error {
	n, err := parseCount(s)
	if err != nil {
		return err
	}
	c, _ := parseCount(count)
	if n < 0 || n > c {
		return fmt.Errorf("the minimum must be between 0 and the pool's %d nodes", c)
	}
	return nil
}

func validateMax(s, count string) error {
	n, err := parseCount(s)
	if err != nil {
		return err
	}
	c, _ := parseCount(count)
	if n < max(1, c) || n > maxPoolNodes {
		return fmt.Errorf("the maximum must be between the pool's %d nodes and %d", c, maxPoolNodes)
	}
	return nil
}
