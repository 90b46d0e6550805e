package dolocal

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/digitalocean/godo"
	"k8s.io/apimachinery/pkg/util/validation"
)

// invalidNetwork holds DO's rules for a create's VPC and VPC-native
// subnets: the VPC exists and is in the cluster's region; each subnet is
// a private IPv4 network and overlaps neither the other, the VPC's range,
// nor another VPC-native cluster's subnets (pods and services are routed
// in the VPC). The caller holds s.mu.
func (s *Server) invalidNetwork(req *godo.KubernetesClusterCreateRequest) string {
	var vpcRange string
	if req.VPCUUID != "" {
		v := s.vpcByID(req.VPCUUID)
		switch {
		case v == nil:
			return "vpc_uuid " + strconv.Quote(req.VPCUUID) + " is not a VPC in this account"
		case v.RegionSlug != req.RegionSlug:
			return fmt.Sprintf("VPC %s is in region %s, not in the cluster's region %s", v.Name, v.RegionSlug, req.RegionSlug)
		}
		vpcRange = v.IPRange
	} else if v := s.findDefaultVPC(req.RegionSlug); v != nil {
		vpcRange = v.IPRange
	}
	type named struct {
		what string
		p    netip.Prefix
	}
	var ranges []named
	for _, sub := range []struct{ what, v string }{{"cluster_subnet", req.ClusterSubnet}, {"service_subnet", req.ServiceSubnet}} {
		if sub.v == "" {
			continue
		}
		p, msg := privateSubnet(sub.what, sub.v)
		if msg != "" {
			return msg
		}
		ranges = append(ranges, named{sub.what, p})
	}
	if len(ranges) == 0 {
		return ""
	}
	if req.VPCUUID == "" && vpcRange == "" {
		// The region's default VPC does not exist yet: DO creates it in
		// 10.0.0.0/8 space, so it must find a range clear of the subnets.
		var avoid []netip.Prefix
		for _, r := range ranges {
			avoid = append(avoid, r.p)
		}
		if vpcRange = s.freeVPCRange(avoid...); vpcRange == "" {
			return fmt.Sprintf("region %s has no VPC yet and its default VPC would be created in 10.0.0.0/8, which the subnets leave no room for; choose subnets outside 10.0.0.0/8 or create a VPC first", req.RegionSlug)
		}
	}
	if p, err := netip.ParsePrefix(vpcRange); err == nil {
		ranges = append(ranges, named{"the VPC's range", p})
	}
	for _, c := range s.clusters {
		if !c.vpcNative {
			continue
		}
		for _, sub := range []string{c.k.ClusterSubnet, c.k.ServiceSubnet} {
			if p, err := netip.ParsePrefix(sub); err == nil {
				ranges = append(ranges, named{"cluster " + c.k.Name + "'s subnet", p})
			}
		}
	}
	for i := range ranges {
		for j := i + 1; j < len(ranges); j++ {
			if ranges[i].p.Overlaps(ranges[j].p) {
				return fmt.Sprintf("%s %s overlaps %s %s", ranges[i].what, ranges[i].p, ranges[j].what, ranges[j].p)
			}
		}
	}
	return ""
}

func (s *Server) findDefaultVPC(region string) *godo.VPC {
	for _, v := range s.vpcs {
		if v.Default && v.RegionSlug == region {
			return v
		}
	}
	return nil
}

var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16"),
}

func privateSubnet(what, v string) (netip.Prefix, string) {
	p, err := netip.ParsePrefix(v)
	if err != nil || !p.Addr().Is4() || p.Masked() != p {
		return p, what + " " + strconv.Quote(v) + " must be an IPv4 network in CIDR notation"
	}
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return p, ""
		}
	}
	return p, what + " " + v + " must be within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"
}

var taintEffects = []string{"NoSchedule", "PreferNoSchedule", "NoExecute"}

// invalidPoolExtras holds Kubernetes' rules for a pool's labels and
// taints, and DO's for sizes per region.
func invalidPoolExtras(p *godo.KubernetesNodePoolCreateRequest, region string) string {
	if !sizeOfferedIn(p.Size, region) {
		return "size " + strconv.Quote(p.Size) + " is not available in region " + region
	}
	for k, v := range p.Labels {
		if msgs := append(validation.IsQualifiedName(k), validation.IsValidLabelValue(v)...); len(msgs) > 0 {
			return "label " + strconv.Quote(k+"="+v) + " is invalid: " + msgs[0]
		}
	}
	for _, t := range p.Taints {
		switch {
		case !slices.Contains(taintEffects, t.Effect):
			return "taint " + strconv.Quote(t.String()) + ": effect must be one of " + strings.Join(taintEffects, ", ")
		case len(validation.IsQualifiedName(t.Key)) > 0 || len(validation.IsValidLabelValue(t.Value)) > 0:
			return "taint " + strconv.Quote(t.String()) + " has an invalid key or value"
		}
	}
	return ""
}

// invalidMaintenance checks the window's start time ("HH:MM"); godo's day
// type already refused unknown days while decoding.
func invalidMaintenance(m *godo.KubernetesMaintenancePolicy) string {
	if m == nil || m.StartTime == "" {
		return ""
	}
	var h, min int
	if n, err := fmt.Sscanf(m.StartTime, "%d:%d", &h, &min); err != nil || n != 2 || h > 23 || min > 59 || h < 0 || min < 0 {
		return "maintenance_policy.start_time " + strconv.Quote(m.StartTime) + " must be HH:MM"
	}
	return ""
}
