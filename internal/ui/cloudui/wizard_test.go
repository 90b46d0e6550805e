package cloudui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

func wizardFor(t *testing.T) *wizard {
	t.Helper()
	sizes := append([]do.Size{}, catalogue...)
	sizes[2].Regions = []string{"nyc1"} // so-2vcpu-16gb: not in fra1
	opts := do.Options{Regions: []do.Region{{Slug: "nyc1"}, {Slug: "fra1"}}, Sizes: sizes,
		Versions: []do.Version{{Slug: "1.35.6-do.1", KubernetesVersion: "1.35.6"}, {Slug: "1.36.3-do.0", KubernetesVersion: "1.36.3"}}}
	vpcs := []do.VPC{
		{ID: "v-def", Name: "default-nyc1", Region: "nyc1", IPRange: "10.116.0.0/20", Default: true},
		{ID: "v-app", Name: "app-nyc1", Region: "nyc1", IPRange: "10.10.0.0/16"},
		{ID: "v-fra", Name: "app-fra1", Region: "fra1", IPRange: "10.20.0.0/16"},
	}
	w := &wizard{wizardStart: wizardStart{opts: opts, vpcs: vpcs}, v: defaultValues(opts)}
	w.v.Name = "shop"
	w.v.Pools[0].More = true // web and db
	return w
}

func TestWizardHAFollowsTheVersion(t *testing.T) {
	w := wizardFor(t)
	if req, _ := w.request(); !req.HA || w.v.HA != haDefault {
		t.Errorf("1.36 defaults to HA: %+v", req)
	}
	if note := w.haNote(); !strings.HasPrefix(note, "DigitalOcean's default for 1.36.3: HA, +$40/mo (estimate).") {
		t.Errorf("1.36 note %q", note)
	}
	if opts := haOptions(); strings.Contains(opts[0].Key, "before") || opts[1].Key != "HA control plane: +$40/mo (estimate)" {
		t.Errorf("options %+v", opts)
	}
	w.v.Version = "1.35.6-do.1"
	if note := w.haNote(); !strings.HasPrefix(note, "DigitalOcean's default for 1.35.6: basic, free.") {
		t.Errorf("1.35 note %q", note)
	}
	if req, _ := w.request(); req.HA {
		t.Error("1.35 defaults to basic")
	}
	w.v.HA = haOn
	if req, _ := w.request(); !req.HA {
		t.Error("HA asked for")
	}
}

// TestWizardAnyPoolRemovable: the review leaves out any pool, the first
// included; at least one stays.
func TestWizardAnyPoolRemovable(t *testing.T) {
	w := wizardFor(t)
	w.v.Drop = []int{0}
	req, err := w.request()
	if err != nil || len(req.Pools) != 1 || req.Pools[0].Name != "db" {
		t.Errorf("drop web: %+v %v", req.Pools, err)
	}
	if w.validateDrop([]int{0, 1}) == nil || w.validateDrop([]int{1}) != nil {
		t.Error("must keep one pool")
	}
	if opts := w.dropOptions(); len(opts) != 2 || opts[1].Key != "db (1 × s-1vcpu-2gb)" {
		t.Errorf("drop options %+v", opts)
	}
}

func TestWizardSizesFollowTheRegion(t *testing.T) {
	w := wizardFor(t)
	has := func(slug string) bool {
		for _, o := range w.sizeOptions(w.v.Region) {
			if o.Value == slug {
				return true
			}
		}
		return false
	}
	if !has("so-2vcpu-16gb") || !has("new-size") {
		t.Error("nyc1 offers so-2vcpu-16gb and the uncatalogued size")
	}
	w.v.Pools[1].Size = "so-2vcpu-16gb"
	w.v.Region = "fra1"
	if has("so-2vcpu-16gb") {
		t.Error("fra1 does not offer so-2vcpu-16gb")
	}
	if got := w.sizeNote("fra1", w.v.Pools[1].Size); got != "so-2vcpu-16gb is not offered in fra1 — choose another" {
		t.Errorf("fra1's size step says %q", got)
	}
	if got := w.sizeNote("fra1", w.v.Pools[0].Size); strings.Contains(got, "not offered") {
		t.Errorf("a size fra1 offers: %q", got)
	}
	if _, err := w.request(); err == nil || !strings.Contains(err.Error(), "size so-2vcpu-16gb is not offered in fra1") {
		t.Errorf("size left from another region: %v", err)
	}
}

func TestWizardAdvancedOptions(t *testing.T) {
	w := wizardFor(t)
	w.v.VPC, w.v.ClusterSubnet, w.v.Registry = "v-app", "10.200.0.0/16", true
	w.v.Pools[0].Labels, w.v.Pools[0].Taints = "tier=web", "dedicated=web:NoSchedule"
	req, err := w.request()
	if err != nil || req.VPC != "" || req.ClusterSubnet != "" || req.Registry || req.Pools[0].Labels != nil || !req.SurgeUpgrade ||
		!reflect.DeepEqual(req.Maintenance, &do.Maintenance{Day: "any", StartTime: "04:00"}) {
		t.Errorf("without Advanced the defaults apply: %+v %v", req, err)
	}
	w.v.Advanced = true
	w.v.AutoUpgrade, w.v.SurgeUpgrade, w.v.MaintenanceDay, w.v.MaintenanceStart = true, false, "sunday", "03:30"
	req, err = w.request()
	if err != nil || req.VPC != "v-app" || req.ClusterSubnet != "10.200.0.0/16" || !req.Registry || req.Pools[0].Labels["tier"] != "web" ||
		req.Pools[0].Taints[0].Effect != "NoSchedule" || !req.AutoUpgrade || req.SurgeUpgrade || req.Maintenance.Day != "sunday" {
		t.Errorf("advanced: %+v %v", req, err)
	}
	lines := strings.Join(reviewOptions(req, w.vpcs), "\n")
	for _, want := range []string{
		"Network: VPC app-nyc1 10.10.0.0/16 · pods 10.200.0.0/16 · services DigitalOcean's · free",
		"Upgrades: surge off · auto-upgrade on · window sunday 03:30 UTC · free",
		"Registry: integrated after the create (AddRegistry) · free",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("review lacks %q:\n%s", want, lines)
		}
	}
	bad := map[string]func(*wizardValues){
		"cluster subnet 10.10.0.0/24 overlaps the VPC's range 10.10.0.0/16":   func(v *wizardValues) { v.ClusterSubnet = "10.10.0.0/24" },
		"service subnet 10.116.0.0/24 overlaps the VPC's range 10.116.0.0/20": func(v *wizardValues) { v.VPC, v.ServiceSubnet = "", "10.116.0.0/24" },
		"VPC app-fra1 is in fra1, not in nyc1":                                func(v *wizardValues) { v.VPC = "v-fra" },
		`taint "x:Never": effect "Never"`:                                     func(v *wizardValues) { v.Pools[1].Taints = "x:Never" },
		`label key "Bad Key"`:                                                 func(v *wizardValues) { v.Pools[0].Labels = "Bad Key=x" },
		"maintenance start time":                                              func(v *wizardValues) { v.MaintenanceStart = "4am" },
	}
	for want, mutate := range bad {
		w2 := wizardFor(t)
		w2.v = w.v
		w2.v.Pools = w.v.Pools
		mutate(&w2.v)
		if _, err := w2.request(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q, got %v", want, err)
		}
		if w2.validateCreate(true) == nil || w2.validateCreate(false) != nil {
			t.Errorf("%s: Create should refuse and Cancel not", want)
		}
	}
	if got := noteEscape("a_b*c`d\\"); got != "a\\_b\\*c\\`d\\\\" {
		t.Errorf("escaped %q", got)
	}
	if opts := w.vpcOptions("nyc1"); len(opts) != 2 || opts[0].Value != "" || !strings.Contains(opts[0].Key, "default-nyc1 (10.116.0.0/20)") || opts[1].Value != "v-app" {
		t.Errorf("VPC options %+v", opts)
	}
}

// TestWizardKeepsAnswersAcrossRegionSteps: the per-region size and VPC
// steps share one answer; building them (as reopening the wizard does)
// changes none of it.
func TestWizardKeepsAnswersAcrossRegionSteps(t *testing.T) {
	w := wizardFor(t)
	w.v.Advanced, w.v.VPC, w.v.Pools[1].Size = true, "v-app", "so-2vcpu-16gb"
	w.groups()
	if w.v.VPC != "v-app" || w.v.Pools[1].Size != "so-2vcpu-16gb" {
		t.Errorf("building the steps changed the answers: VPC %q, db size %q", w.v.VPC, w.v.Pools[1].Size)
	}
	a := w.inRegion("fra1", &w.v.VPC)
	a.Set("v-fra")
	if w.v.VPC != "v-app" {
		t.Error("another region's step wrote the answer")
	}
	w.inRegion("nyc1", &w.v.VPC).Set("")
	if w.v.VPC != "" {
		t.Error("the chosen region's step did not write")
	}
}

func TestWizardRegionListSaysThereIsMore(t *testing.T) {
	if got := regionHint(10); got != "10 regions, 7 shown: more ↓" {
		t.Errorf("hint %q", got)
	}
	if got := regionHint(7); got != "" {
		t.Errorf("all shown, yet %q", got)
	}
}

// TestWizardWarnsWhenTheRegionHasNoVPC: subnets in a region without a VPC
// may collide with the default VPC DigitalOcean will create.
func TestWizardWarnsWhenTheRegionHasNoVPC(t *testing.T) {
	w := wizardFor(t)
	if note := w.subnetNote(); strings.Contains(note, "Warning") {
		t.Errorf("nyc1 has a default VPC: %q", note)
	}
	w.v.Region = "fra1" // only a non-default VPC there
	if note := w.subnetNote(); !strings.Contains(note, "fra1 has no default VPC yet; DigitalOcean will create it with a range of its choosing in 10.0.0.0/8") {
		t.Errorf("fra1: %q", note)
	}
}
