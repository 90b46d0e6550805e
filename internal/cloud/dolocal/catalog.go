package dolocal

import (
	"slices"

	"github.com/digitalocean/godo"
)

// doksRegions are the regions that offer DOKS, as GET /v2/kubernetes/options names them.
var doksRegions = []godo.KubernetesRegion{
	{Slug: "nyc1", Name: "New York 1"},
	{Slug: "nyc3", Name: "New York 3"},
	{Slug: "sfo3", Name: "San Francisco 3"},
	{Slug: "ams3", Name: "Amsterdam 3"},
	{Slug: "fra1", Name: "Frankfurt 1"},
	{Slug: "lon1", Name: "London 1"},
	{Slug: "sgp1", Name: "Singapore 1"},
	{Slug: "tor1", Name: "Toronto 1"},
	{Slug: "blr1", Name: "Bangalore 1"},
	{Slug: "syd1", Name: "Sydney 1"},
}

// doksVersions are the versions offered, newest first; "latest" in a create request means the
// first one.
var doksVersions = []godo.KubernetesVersion{
	{Slug: "1.36.3-do.0", KubernetesVersion: "1.36.3", SupportedFeatures: []string{"cluster-autoscaler", "docr-integration", "ha-control-plane", "token-authentication"}},
	{Slug: "1.35.6-do.1", KubernetesVersion: "1.35.6", SupportedFeatures: []string{"cluster-autoscaler", "docr-integration", "ha-control-plane", "token-authentication"}},
	{Slug: "1.34.9-do.2", KubernetesVersion: "1.34.9", SupportedFeatures: []string{"cluster-autoscaler", "docr-integration", "ha-control-plane", "token-authentication"}},
}

// dropletSizes is the droplet size catalogue served at GET /v2/sizes, with
// DigitalOcean's list prices. kubernetesSizes marks those DOKS accepts for
// node pools; the smallest droplets are catalogue-only, as on DO. Like DO,
// not every size is offered in every region: the last argument lists the
// regions a size is missing from.
var dropletSizes = []godo.Size{
	size("s-1vcpu-512mb-10gb", 1, 512, 10, 4, 0.00595, "Basic"),
	size("s-1vcpu-1gb", 1, 1024, 25, 6, 0.00893, "Basic"),
	size("s-1vcpu-2gb", 1, 2048, 50, 12, 0.01786, "Basic"),
	size("s-2vcpu-2gb", 2, 2048, 60, 18, 0.02679, "Basic"),
	size("s-2vcpu-4gb", 2, 4096, 80, 24, 0.03571, "Basic"),
	size("s-4vcpu-8gb", 4, 8192, 160, 48, 0.07143, "Basic"),
	size("s-8vcpu-16gb", 8, 16384, 320, 96, 0.14286, "Basic"),
	size("g-2vcpu-8gb", 2, 8192, 25, 63, 0.09375, "General Purpose", "blr1"),
	size("g-4vcpu-16gb", 4, 16384, 50, 126, 0.1875, "General Purpose", "blr1", "syd1"),
	size("c-2", 2, 4096, 25, 42, 0.0625, "CPU-Optimized"),
	size("c-4", 4, 8192, 50, 84, 0.125, "CPU-Optimized", "syd1"),
	size("m-2vcpu-16gb", 2, 16384, 50, 84, 0.125, "Memory-Optimized", "blr1", "tor1"),
	size("so-2vcpu-16gb", 2, 16384, 300, 131, 0.19494, "Storage-Optimized", "blr1", "sgp1", "syd1", "tor1"),
}

// kubernetesSizes lists the sizes offered for node pools, with the names
// GET /v2/kubernetes/options gives them.
var kubernetesSizes = []godo.KubernetesNodeSize{
	{Slug: "s-1vcpu-2gb", Name: "s-1vcpu-2gb"},
	{Slug: "s-2vcpu-2gb", Name: "s-2vcpu-2gb"},
	{Slug: "s-2vcpu-4gb", Name: "s-2vcpu-4gb"},
	{Slug: "s-4vcpu-8gb", Name: "s-4vcpu-8gb"},
	{Slug: "s-8vcpu-16gb", Name: "s-8vcpu-16gb"},
	{Slug: "g-2vcpu-8gb", Name: "g-2vcpu-8gb"},
	{Slug: "g-4vcpu-16gb", Name: "g-4vcpu-16gb"},
	{Slug: "c-2", Name: "c-2"},
	{Slug: "c-4", Name: "c-4"},
	{Slug: "m-2vcpu-16gb", Name: "m-2vcpu-16gb"},
	{Slug: "so-2vcpu-16gb", Name: "so-2vcpu-16gb"},
}

func size(slug string, vcpus, memMB, diskGB int, monthly, hourly float64, class string, missingFrom ...string) godo.Size {
	regions := make([]string, 0, len(doksRegions))
	for _, r := range doksRegions {
		if !slices.Contains(missingFrom, r.Slug) {
			regions = append(regions, r.Slug)
		}
	}
	return godo.Size{
		Slug: slug, Vcpus: vcpus, Memory: memMB, Disk: diskGB,
		PriceMonthly: monthly, PriceHourly: hourly, Regions: regions,
		Available: true, Transfer: transferTB(memMB), Description: class,
	}
}

// transferTB follows DO's rule of thumb: 1 TB of transfer per GB of RAM,
// at least 0.5 TB.
func transferTB(memMB int) float64 {
	if memMB < 1024 {
		return 0.5
	}
	return float64(memMB / 1024)
}

func findRegion(slug string) bool {
	for _, r := range doksRegions {
		if r.Slug == slug {
			return true
		}
	}
	return false
}

// resolveVersion maps "latest" to the newest version and rejects unknowns.
func resolveVersion(slug string) (godo.KubernetesVersion, bool) {
	if slug == "latest" {
		return doksVersions[0], true
	}
	for _, v := range doksVersions {
		if v.Slug == slug {
			return v, true
		}
	}
	return godo.KubernetesVersion{}, false
}

// isKubernetesSize reports whether DOKS offers slug for node pools: the
// built-in list or the server's Config.UnpricedSizes.
func (s *Server) isKubernetesSize(slug string) bool {
	for _, k := range kubernetesSizes {
		if k.Slug == slug {
			return true
		}
	}
	return slices.Contains(s.cfg.UnpricedSizes, slug)
}

// sizeOfferedIn reports whether a node size can be had in region: per the
// catalogue's regions; a size the catalogue lacks is not limited here.
func sizeOfferedIn(slug, region string) bool {
	for _, d := range dropletSizes {
		if d.Slug == slug {
			return slices.Contains(d.Regions, region)
		}
	}
	return true
}

func (s *Server) optionsView() *godo.KubernetesOptions {
	out := &godo.KubernetesOptions{}
	for i := range doksVersions {
		out.Versions = append(out.Versions, &doksVersions[i])
	}
	for i := range doksRegions {
		out.Regions = append(out.Regions, &doksRegions[i])
	}
	for i := range kubernetesSizes {
		out.Sizes = append(out.Sizes, &kubernetesSizes[i])
	}
	for _, slug := range s.cfg.UnpricedSizes {
		out.Sizes = append(out.Sizes, &godo.KubernetesNodeSize{Slug: slug, Name: slug})
	}
	return out
}
