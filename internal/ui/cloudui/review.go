package cloudui

import (
	"fmt"
	"strings"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// reviewOptions are the review's lines above the price table: the cluster,
// then network, upgrades and registry, each with its price effect.
func reviewOptions(req do.CreateRequest, vpcs []do.VPC) []string {
	ha := "basic control plane"
	if req.HA {
		ha = "HA control plane"
	}
	tags := "no tags"
	if len(req.Tags) > 0 {
		tags = "tags " + strings.Join(req.Tags, ", ")
	}
	return []string{
		fmt.Sprintf("%s in %s · Kubernetes %s · %s · %s", req.Name, req.Region, req.Version, ha, tags),
		"Network: " + networkText(req, vpcs) + " · free",
		"Upgrades: " + upgradesText(req) + " · free",
		"Registry: " + registryText(req.Registry),
		"",
	}
}

func networkText(req do.CreateRequest, vpcs []do.VPC) string {
	vpc := "the region's default VPC (made if missing)"
	for _, v := range vpcs {
		if req.VPC != "" && v.ID == req.VPC {
			vpc = "VPC " + v.Name + " " + v.IPRange
		} else if req.VPC == "" && v.Default && v.Region == req.Region {
			vpc = "default VPC " + v.Name + " " + v.IPRange
		}
	}
	if req.ClusterSubnet == "" && req.ServiceSubnet == "" {
		return vpc + " · subnets chosen by DigitalOcean"
	}
	return vpc + " · pods " + orDefault(req.ClusterSubnet, "DigitalOcean's") + " · services " + orDefault(req.ServiceSubnet, "DigitalOcean's")
}

func upgradesText(req do.CreateRequest) string {
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	window := "DigitalOcean's default window"
	if m := req.Maintenance; m != nil {
		day := m.Day
		if day == "any" {
			day = "any day"
		}
		window = "window " + day + " " + m.StartTime + " UTC"
	}
	return "surge " + onOff(req.SurgeUpgrade) + " · auto-upgrade " + onOff(req.AutoUpgrade) + " · " + window
}

func registryText(on bool) string {
	if !on {
		return "not integrated"
	}
	return "integrated after the create (AddRegistry) · free; the registry's own plan bills apart"
}
