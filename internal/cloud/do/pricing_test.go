package do

import (
	"math"
	"testing"
)

var catalogue = []Size{
	{Slug: "s-1vcpu-2gb", PriceMonthly: 12, PriceHourly: 0.01786},
	{Slug: "gpu-new"}, // offered by DOKS, missing from the catalogue
	{Slug: "s-2vcpu-4gb", PriceMonthly: 24, PriceHourly: 0.03571},
	{Slug: "s-4vcpu-8gb", PriceMonthly: 48, PriceHourly: 0.07143},
	{Slug: "so-2vcpu-16gb", PriceMonthly: 131, PriceHourly: 0.19494},
}

func TestMonthlyCost(t *testing.T) {
	cases := []struct {
		name          string
		pools         []PoolRequest
		ha            bool
		monthly, hour float64
		maxMonthly    []float64
		unknown       []bool
	}{
		{name: "nothing", monthly: 0, hour: 0},
		{name: "HA alone", ha: true, monthly: 40, hour: 0.06},
		{name: "three basic nodes", pools: []PoolRequest{{Name: "web", Size: "s-2vcpu-4gb", Count: 3}},
			monthly: 72, hour: 3 * 0.03571, maxMonthly: []float64{72}, unknown: []bool{false}},
		{name: "production: web + db + HA", ha: true, pools: []PoolRequest{
			{Name: "web", Size: "s-4vcpu-8gb", Count: 3}, {Name: "db", Size: "so-2vcpu-16gb", Count: 1}},
			monthly: 144 + 131 + 40, hour: 3*0.07143 + 0.19494 + 0.06, maxMonthly: []float64{144, 131}, unknown: []bool{false, false}},
		{name: "autoscaled without count prices min, reports max", pools: []PoolRequest{
			{Name: "auto", Size: "s-1vcpu-2gb", AutoScale: true, Min: 2, Max: 5}},
			monthly: 24, hour: 2 * 0.01786, maxMonthly: []float64{60}, unknown: []bool{false}},
		{name: "unknown size is flagged and free", pools: []PoolRequest{
			{Name: "gpu", Size: "gpu-h100x1-80gb", Count: 1}, {Name: "web", Size: "s-1vcpu-2gb", Count: 1}},
			monthly: 12, hour: 0.01786, maxMonthly: []float64{0, 12}, unknown: []bool{true, false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			monthly, hourly, per := MonthlyCost(tc.pools, catalogue, tc.ha)
			if math.Abs(monthly-tc.monthly) > 1e-9 || math.Abs(hourly-tc.hour) > 1e-9 {
				t.Errorf("got %v/mo %v/h, want %v/mo %v/h", monthly, hourly, tc.monthly, tc.hour)
			}
			if len(per) != len(tc.pools) {
				t.Fatalf("per-pool %d entries", len(per))
			}
			for i, p := range per {
				if p.MaxMonthly != tc.maxMonthly[i] || p.UnknownSize != tc.unknown[i] || p.Name != tc.pools[i].Name {
					t.Errorf("pool %d = %+v", i, p)
				}
			}
		})
	}
}
