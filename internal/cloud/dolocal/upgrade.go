package dolocal

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/digitalocean/godo"
)

// upgradesOf lists the versions DOKS offers c: newer than what it runs,
// at most one minor version ahead (Kubernetes' version skew policy lets a
// control plane move one minor at a time), newest first.
func upgradesOf(c *cluster) []*godo.KubernetesVersion {
	cur, ok := parseVersion(c.k.VersionSlug)
	out := []*godo.KubernetesVersion{}
	if !ok {
		return out
	}
	for i := range doksVersions {
		v, ok := parseVersion(doksVersions[i].KubernetesVersion)
		if ok && newer(v, cur) && v[0] == cur[0] && v[1] <= cur[1]+1 {
			out = append(out, &doksVersions[i])
		}
	}
	return out
}

// parseVersion reads "1.35.6" or the slug "1.35.6-do.1" as [1 35 6].
func parseVersion(s string) ([3]int, bool) {
	s, _, _ = strings.Cut(s, "-")
	parts := strings.Split(s, ".")
	var v [3]int
	if len(parts) != 3 {
		return v, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return v, false
		}
		v[i] = n
	}
	return v, true
}

func newer(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}

// getUpgrades serves GET .../upgrades: {"available_upgrade_versions": [...]}.
func (s *Server) getUpgrades(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clusterOf(w, r)
	if c == nil {
		return
	}
	s.settle(c, s.cfg.Now())
	writeJSON(w, http.StatusOK, map[string]any{"available_upgrade_versions": upgradesOf(c)})
}

// upgradeCluster serves POST .../upgrade with {"version": slug}: 202, then
// the cluster is "upgrading" for the provision delay and runs the new
// version after it; 422 for a version not offered or a cluster busy
// provisioning or upgrading.
func (s *Server) upgradeCluster(w http.ResponseWriter, r *http.Request) {
	var req godo.KubernetesClusterUpgradeRequest
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clusterOf(w, r)
	if c == nil {
		return
	}
	now := s.cfg.Now()
	s.settle(c, now)
	if state, _ := s.stateAt(c, now); state == godo.KubernetesClusterStatusProvisioning || state == godo.KubernetesClusterStatusUpgrading {
		unprocessable(w, "cluster is %s; try again once it is running", state)
		return
	}
	if !offered(upgradesOf(c), req.VersionSlug) {
		unprocessable(w, "version %s is not an available upgrade for this cluster", strconv.Quote(req.VersionSlug))
		return
	}
	c.upgradeTo, c.upgradeAt = req.VersionSlug, now.Add(s.cfg.ProvisionDelay)
	c.timeline = append(c.timeline,
		godo.KubernetesClusterStatusMessage{Timestamp: now, Message: "Cluster upgrade to " + req.VersionSlug + " started"},
		godo.KubernetesClusterStatusMessage{Timestamp: c.upgradeAt, Message: "Cluster upgraded to " + req.VersionSlug})
	w.WriteHeader(http.StatusAccepted)
}

func offered(vs []*godo.KubernetesVersion, slug string) bool {
	for _, v := range vs {
		if v.Slug == slug {
			return true
		}
	}
	return false
}

// settle applies a finished upgrade to the record. The caller holds s.mu.
func (s *Server) settle(c *cluster, now time.Time) {
	if c.upgradeTo != "" && !now.Before(c.upgradeAt) {
		c.k.VersionSlug, c.k.UpdatedAt = c.upgradeTo, c.upgradeAt
		c.upgradeTo = ""
	}
}
