package do

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestParseLabels(t *testing.T) {
	got, err := ParseLabels(" tier=web, example.com/team=shop ,empty= ")
	want := map[string]string{"tier": "web", "example.com/team": "shop", "empty": ""}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v %v", got, err)
	}
	if FormatLabels(got) != "empty=, example.com/team=shop, tier=web" {
		t.Errorf("format %q", FormatLabels(got))
	}
	if got, err := ParseLabels("  "); err != nil || got != nil {
		t.Errorf("empty: %v %v", got, err)
	}
	for in, want := range map[string]string{
		"tier":                         "want key=value",
		"-tier=web":                    `label key "-tier"`,
		"tier=web!":                    `label tier value "web!"`,
		"tier=a,tier=b":                `"tier" is given twice`,
		"a/b/c=x":                      `label key "a/b/c"`,
		strings.Repeat("k", 64) + "=v": "label key",
	} {
		if _, err := ParseLabels(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

func TestParseTaints(t *testing.T) {
	got, err := ParseTaints("dedicated=db:NoSchedule, example.com/gpu:PreferNoSchedule")
	want := []Taint{{"dedicated", "db", "NoSchedule"}, {"example.com/gpu", "", "PreferNoSchedule"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v %v", got, err)
	}
	if FormatTaints(got) != "dedicated=db:NoSchedule, example.com/gpu:PreferNoSchedule" {
		t.Errorf("format %q", FormatTaints(got))
	}
	for in, want := range map[string]string{
		"dedicated=db":                  "want key=value:Effect",
		"dedicated=db:":                 "want key=value:Effect",
		"dedicated=db:Never":            `effect "Never" must be one of NoSchedule, PreferNoSchedule, NoExecute`,
		"dedicated=db:noschedule":       "must be one of",
		"bad key=x:NoExecute":           `taint key "bad key"`,
		"k=v!:NoExecute":                `taint k value "v!"`,
		"k=a:NoSchedule,k=b:NoSchedule": "k:NoSchedule is given twice",
	} {
		if _, err := ParseTaints(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

func TestValidateSubnets(t *testing.T) {
	ok := [][3]string{
		{"", "", ""},
		{"10.200.0.0/16", "10.201.0.0/16", "10.108.0.0/20"},
		{"172.16.0.0/16", "", ""},
		{"", "192.168.10.0/24", "10.10.0.0/16"},
	}
	for _, c := range ok {
		if err := ValidateSubnets(c[0], c[1], c[2]); err != nil {
			t.Errorf("%v: %v", c, err)
		}
	}
	bad := map[[3]string]string{
		{"10.200.0.0", "", ""}:                   "not a CIDR",
		{"10.200.1.0/16", "", ""}:                "did you mean 10.200.0.0/16",
		{"8.8.0.0/16", "", ""}:                   "not a private range",
		{"fd00::/64", "", ""}:                    "only IPv4",
		{"10.200.0.0/16", "10.200.128.0/17", ""}: "cluster subnet 10.200.0.0/16 overlaps service subnet 10.200.128.0/17",
		{"10.0.0.0/8", "", "10.108.0.0/20"}:      "overlaps the VPC's range 10.108.0.0/20",
		{"", "10.108.4.0/24", "10.108.0.0/20"}:   "service subnet 10.108.4.0/24 overlaps the VPC's range",
		{"172.15.0.0/16", "", ""}:                "not a private range",
	}
	for c, want := range bad {
		if err := ValidateSubnets(c[0], c[1], c[2]); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: %v, want %q", c, err, want)
		}
	}
}

func TestValidateMaintenance(t *testing.T) {
	for _, m := range []Maintenance{{Day: "any", StartTime: "04:00"}, {Day: "sunday", StartTime: "23:59"}, {Day: "Monday", StartTime: "00:00"}} {
		if err := ValidateMaintenance(m); err != nil {
			t.Errorf("%v: %v", m, err)
		}
	}
	for m, want := range map[Maintenance]string{
		{Day: "someday", StartTime: "04:00"}: "want any or a weekday",
		{Day: "any", StartTime: "4:00"}:      "HH:MM",
		{Day: "any", StartTime: "24:00"}:     "HH:MM",
		{Day: "any", StartTime: "12:60"}:     "HH:MM",
		{Day: "any", StartTime: ""}:          "HH:MM",
	} {
		if err := ValidateMaintenance(m); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: %v, want %q", m, err, want)
		}
	}
}

func TestHADefaultFollowsDO(t *testing.T) {
	for v, want := range map[string]bool{"1.36.3": true, "1.36.0": true, "1.37.1": true, "2.0.0": true, "1.35.6": false, "1.9.0": false, "": false, "x.y": false} {
		if got := HADefault(v); got != want {
			t.Errorf("HADefault(%q) = %v", v, got)
		}
	}
}

func TestPriceUnknownAutoscaleRangeAndHAEstimate(t *testing.T) {
	req := CreateRequest{HA: true, Pools: []PoolRequest{
		{Name: "web", Size: "s-2vcpu-4gb", Count: 3, AutoScale: true, Min: 2, Max: 6},
		{Name: "db", Size: "so-2vcpu-16gb", Count: 1},
		{Name: "gpu", Size: "gpu-new", Count: 2},
		{Name: "gone", Size: "not-offered", Count: 1},
	}}
	c := Price(req, catalogue)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(c.Monthly, 72+131+HAMonthly) || !near(c.MinMonthly, 48+131+40) || !near(c.MaxMonthly, 144+131+40) {
		t.Errorf("cost %+v", c)
	}
	if c.Unknown != 2 || !c.Pools[2].UnknownSize || !c.Pools[3].UnknownSize || c.Pools[2].Monthly != 0 {
		t.Errorf("unknown pools: %+v", c.Pools)
	}
	if c.HAMonthly != 40 || !strings.Contains(HAPriceSource, "pricing page") {
		t.Errorf("HA %v from %q", c.HAMonthly, HAPriceSource)
	}
	if basic := Price(CreateRequest{Pools: req.Pools[:1]}, catalogue); basic.HAMonthly != 0 || !near(basic.MinMonthly, 48) || !near(basic.MaxMonthly, 144) {
		t.Errorf("basic: %+v", basic)
	}
	if (Size{Slug: "gpu-new"}).Priced() || !(Size{PriceMonthly: 4}).Priced() {
		t.Error("Priced")
	}
	if !(Size{}).OfferedIn("syd1") || (Size{Regions: []string{"nyc3"}}).OfferedIn("syd1") {
		t.Error("OfferedIn")
	}
}
