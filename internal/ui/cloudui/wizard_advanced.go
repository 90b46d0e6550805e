package cloudui

import (
	"fmt"
	"strings"

	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// The advanced options' defaults, applied when the wizard's Advanced is
// off. Surge upgrades are on for new clusters as in DigitalOcean's control
// panel; auto-upgrade is off so that upgrades run deliberately, lint
// first; the window is DigitalOcean's default (any day, 04:00 UTC).
const (
	defaultSurge       = true
	defaultWindowDay   = "any"
	defaultWindowStart = "04:00"
)

// The control plane choices of wizardValues.HA.
const (
	haDefault = ""
	haOn      = "ha"
	haOff     = "basic"
)

// ha resolves the control plane choice for the chosen version, so that the
// review prices exactly what is sent (HA is always sent explicitly).
func (w *wizard) ha() bool {
	switch w.v.HA {
	case haOn:
		return true
	case haOff:
		return false
	}
	return do.HADefault(w.kubeVersion())
}

func (w *wizard) kubeVersion() string {
	for _, v := range w.opts.Versions {
		if v.Slug == w.v.Version {
			return v.KubernetesVersion
		}
	}
	return ""
}

// haOptions are static (not following the version) so that the choice
// is never a step behind the keyboard; the review shows what it resolves to.
func haOptions() []huh.Option[string] {
	return []huh.Option[string]{
		huh.NewOption("DigitalOcean's default for the version", haDefault),
		huh.NewOption("HA control plane: "+haPrice(), haOn),
		huh.NewOption("Basic control plane: free", haOff),
	}
}

func haPrice() string { return "+" + money(do.HAMonthly) + "/mo (estimate)" }

// haNote describes the control-plane step, saying what DigitalOcean's
// default is for the version chosen (the options are built before it is).
func (w *wizard) haNote() string {
	def := "basic, free"
	if do.HADefault(w.kubeVersion()) {
		def = "HA, " + haPrice()
	}
	return "DigitalOcean's default for " + w.kubeVersion() + ": " + def + ". HA survives a control-plane failure (99.95% SLA); " +
		"its price is an estimate: " + do.HAPriceSource
}

// offeredIn keeps the sizes offered in region.
func offeredIn(sizes []do.Size, region string) []do.Size {
	var out []do.Size
	for _, s := range sizes {
		if s.OfferedIn(region) {
			out = append(out, s)
		}
	}
	return out
}

func (w *wizard) sizeOffered(slug, region string) bool {
	for _, s := range w.opts.Sizes {
		if s.Slug == slug {
			return s.OfferedIn(region)
		}
	}
	return false
}

// chosenVPC is the VPC the cluster goes in: the one picked, else the
// region's default (zero when the region has none yet).
func (w *wizard) chosenVPC() do.VPC {
	picked := w.v.Advanced && w.v.VPC != ""
	for _, v := range w.vpcs {
		if picked && v.ID == w.v.VPC || !picked && v.Default && v.Region == w.v.Region {
			return v
		}
	}
	return do.VPC{}
}

func (w *wizard) vpcRange() string { return w.chosenVPC().IPRange }

// subnetNote describes the pod subnet step. With no VPC in the region yet
// DigitalOcean creates the default VPC with a range of its choosing in
// 10.0.0.0/8, which the wizard cannot check the subnets against.
func (w *wizard) subnetNote() string {
	note := "VPC-native networking, e.g. 10.200.0.0/16; empty lets DigitalOcean choose; no charge"
	if w.vpcRange() == "" {
		note += "\nWarning: " + w.v.Region + " has no default VPC yet; DigitalOcean will create it with a range of its choosing in 10.0.0.0/8, " +
			"so subnets inside 10.0.0.0/8 may collide with it"
	}
	return note
}

// advancedGroups are the steps behind "Advanced options?": network, each
// pool's labels and taints, upgrades, registry.
func (w *wizard) advancedGroups() []*huh.Group {
	hidden := func() bool { return !w.v.Advanced }
	var groups []*huh.Group
	for _, r := range w.opts.Regions {
		// one step per region, as for node sizes: fixed options
		groups = append(groups, huh.NewGroup(
			huh.NewSelect[string]().Title("VPC network").Description("no charge; the VPCs in "+r.Slug).
				Options(w.vpcOptions(r.Slug)...).Accessor(w.inRegion(r.Slug, &w.v.VPC)),
		).Title("Network").WithHideFunc(func() bool { return hidden() || w.v.Region != r.Slug }))
	}
	groups = append(groups, huh.NewGroup(
		huh.NewInput().Title("Cluster (pod) subnet").DescriptionFunc(func() string { return w.seen().subnetNote() }, &w.v).
			Value(&w.v.ClusterSubnet).Validate(func(s string) error { return do.ValidateSubnets(s, "", w.vpcRange()) }),
		huh.NewInput().Title("Service subnet").Description("e.g. 10.201.0.0/16; empty lets DigitalOcean choose").
			Value(&w.v.ServiceSubnet).Validate(func(s string) error { return do.ValidateSubnets(w.v.ClusterSubnet, s, w.vpcRange()) }),
	).Title("Network: VPC-native subnets").WithHideFunc(hidden))
	for i := range maxPools {
		p := &w.v.Pools[i]
		groups = append(groups, huh.NewGroup(
			huh.NewInput().TitleFunc(func() string { return "Node labels of pool " + w.seen().v.Pools[i].Name }, &p.Name).
				Description("key=value, comma-separated (Kubernetes label rules); no charge").
				Value(&p.Labels).Validate(func(s string) error { _, err := do.ParseLabels(s); return err }),
			huh.NewInput().Title("Node taints").Description("key=value:Effect, comma-separated; Effect: NoSchedule, PreferNoSchedule or NoExecute").
				Value(&p.Taints).Validate(func(s string) error { _, err := do.ParseTaints(s); return err }),
		).Title(fmt.Sprintf("Node pool %d: labels and taints", i+1)).
			WithHideFunc(func() bool { return hidden() || !w.shown(i) }))
	}
	days := []huh.Option[string]{huh.NewOption("any day", "any")}
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		days = append(days, huh.NewOption(d, d))
	}
	return append(groups,
		huh.NewGroup(
			huh.NewConfirm().Title("Surge upgrades?").
				Description("new nodes come up before old ones drain (up to 10 at a time); no charge for the extra nodes (DigitalOcean's pricing page)").
				Affirmative("Surge").Negative("In place").Value(&w.v.SurgeUpgrade),
			huh.NewConfirm().Title("Automatic patch upgrades?").Description("within the maintenance window; no charge").
				Affirmative("Auto-upgrade").Negative("Manual").Value(&w.v.AutoUpgrade),
			huh.NewSelect[string]().Title("Maintenance window day").Options(days...).Value(&w.v.MaintenanceDay).Height(5),
			huh.NewInput().Title("Maintenance window start (UTC, HH:MM)").Description("DigitalOcean sets the window's length (4 hours)").
				Value(&w.v.MaintenanceStart).Validate(func(s string) error {
				return do.ValidateMaintenance(do.Maintenance{Day: "any", StartTime: strings.TrimSpace(s)})
			}),
		).Title("Upgrades and maintenance").WithHideFunc(hidden),
		huh.NewGroup(
			huh.NewConfirm().Title("Integrate the account's container registry?").
				Description("after the create, fdtui calls AddRegistry so nodes can pull private images; "+
					"no charge for the integration (the registry's own plan is billed separately)").
				Affirmative("Integrate").Negative("No").Value(&w.v.Registry),
		).Title("Container registry").WithHideFunc(hidden),
	)
}

// vpcOptions offers region's default VPC (empty: DigitalOcean creates it
// if missing) and region's other VPCs.
func (w *wizard) vpcOptions(region string) []huh.Option[string] {
	def := "the region's default VPC (DigitalOcean creates it if there is none)"
	var others []huh.Option[string]
	for _, v := range w.vpcs {
		switch {
		case v.Region != region:
		case v.Default:
			def = "the region's default VPC, " + v.Name + " (" + v.IPRange + ")"
		default:
			others = append(others, huh.NewOption(v.Name+" ("+v.IPRange+")", v.ID))
		}
	}
	if w.vpcNote != "" {
		def += "; " + w.vpcNote
	}
	return append([]huh.Option[string]{huh.NewOption(def, "")}, others...)
}

// regionAccessor binds one of the per-region selects (sizes, VPCs) to a
// value all of them share: only the select of the chosen region writes,
// because huh writes a select's highlighted option into its value when
// the select is built, which from every other region's select would
// overwrite the answer.
type regionAccessor struct {
	w      *wizard
	region string
	value  *string
}

func (w *wizard) inRegion(region string, value *string) *regionAccessor {
	return &regionAccessor{w: w, region: region, value: value}
}

func (a *regionAccessor) Get() string { return *a.value }

func (a *regionAccessor) Set(v string) {
	if a.w.v.Region == a.region {
		*a.value = v
	}
}
