package dolocal

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/digitalocean/godo"
)

// cluster is the server's record. Status is derived from the clock when
// read, so a cluster provisions without background goroutines.
type cluster struct {
	k       godo.KubernetesCluster
	readyAt time.Time
	// state, when set, pins the state (seeded degraded/error clusters).
	state godo.KubernetesClusterStatusState
	// stateMessage explains a pinned state.
	stateMessage string
	timeline     []godo.KubernetesClusterStatusMessage
	assoc        godo.KubernetesAssociatedResources
	// seedLint, when set, is what clusterlint runs find (a fixture
	// standing for the cluster's workloads); else Config.Kube is read.
	seedLint []godo.ClusterlintDiagnostic
	lintRuns []lintRun
	// upgradeTo is the version an upgrade in progress ends on, at upgradeAt.
	upgradeTo string
	upgradeAt time.Time
	// vpcNative marks a cluster created with its own subnets, which are
	// routed in its VPC and so must not overlap later clusters' subnets.
	vpcNative bool
}

// view is what the API returns now: a deep copy with states filled in.
func (s *Server) view(c *cluster) *godo.KubernetesCluster {
	now := s.cfg.Now()
	s.settle(c, now)
	out := deepCopy(c.k)
	state, msg := s.stateAt(c, now)
	out.Status = &godo.KubernetesClusterStatus{State: state, Message: msg}
	if state != godo.KubernetesClusterStatusProvisioning {
		out.Endpoint = s.endpoint(c.k.ID)
		out.IPv4 = fakeIPv4(c.k.ID)
	}
	for _, p := range out.NodePools {
		for _, n := range p.Nodes {
			n.Status = s.nodeStatus(n, now)
		}
	}
	return &out
}

func (s *Server) stateAt(c *cluster, now time.Time) (godo.KubernetesClusterStatusState, string) {
	switch {
	case c.upgradeTo != "" && now.Before(c.upgradeAt):
		return godo.KubernetesClusterStatusUpgrading, "Cluster is upgrading to " + c.upgradeTo
	case c.state != "":
		return c.state, c.stateMessage
	case now.Before(c.readyAt):
		return godo.KubernetesClusterStatusProvisioning, "Cluster is provisioning"
	}
	return godo.KubernetesClusterStatusRunning, "Cluster is running"
}

func (s *Server) nodeStatus(n *godo.KubernetesNode, now time.Time) *godo.KubernetesNodeStatus {
	if now.Before(n.CreatedAt.Add(s.cfg.ProvisionDelay)) {
		return &godo.KubernetesNodeStatus{State: "provisioning", Message: "Droplet is being created"}
	}
	return &godo.KubernetesNodeStatus{State: "running"}
}

// messagesAt returns the timeline up to now, as DO shows messages only for
// what has happened.
func (c *cluster) messagesAt(now time.Time) []*godo.KubernetesClusterStatusMessage {
	out := []*godo.KubernetesClusterStatusMessage{}
	for i := range c.timeline {
		if !c.timeline[i].Timestamp.After(now) {
			m := c.timeline[i]
			out = append(out, &m)
		}
	}
	return out
}

// provisioningTimeline narrates creation over the provisioning delay.
func provisioningTimeline(start time.Time, delay time.Duration, pools []*godo.KubernetesNodePool) []godo.KubernetesClusterStatusMessage {
	names := make([]string, 0, len(pools))
	for _, p := range pools {
		names = append(names, p.Name)
	}
	return []godo.KubernetesClusterStatusMessage{
		{Timestamp: start, Message: "Cluster creation started"},
		{Timestamp: start.Add(delay / 3), Message: "Control plane is up"},
		{Timestamp: start.Add(2 * delay / 3), Message: "Worker nodes are joining: " + strings.Join(names, ", ")},
		{Timestamp: start.Add(delay), Message: "Cluster is running"},
	}
}

// newNodes creates count nodes named like DOKS names them: <pool>-<suffix>.
func (s *Server) newNodes(pool string, count int, created time.Time) []*godo.KubernetesNode {
	nodes := make([]*godo.KubernetesNode, 0, count)
	for range count {
		id := s.newID("node", pool)
		nodes = append(nodes, &godo.KubernetesNode{
			ID: id, Name: pool + "-" + id[:5], DropletID: dropletID(id),
			CreatedAt: created, UpdatedAt: created,
		})
	}
	return nodes
}

// newID makes a stable UUID-shaped id from a serial number, so a seeded
// server hands out the same ids on every start (handy for demos).
func (s *Server) newID(kind, name string) string {
	s.serial++
	return uuidOf(fmt.Sprintf("%s/%s/%d", kind, name, s.serial))
}

// uuidOf shapes a hash of key like a version-4 UUID.
func uuidOf(key string) string {
	sum := sha256.Sum256([]byte(key))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

func dropletID(id string) string {
	n, _ := strconv.ParseUint(id[:7], 16, 64)
	return strconv.FormatUint(300000000+n%100000000, 10)
}

func fakeIPv4(id string) string {
	b, _ := hex.DecodeString(id[:6])
	return fmt.Sprintf("164.90.%d.%d", b[0], b[1]|1)
}

func (s *Server) endpoint(id string) string {
	if s.cfg.Kube.Server != "" {
		return s.cfg.Kube.Server
	}
	return "https://" + id + ".k8s.ondigitalocean.com"
}

func (s *Server) find(id string) (*cluster, int) {
	for i, c := range s.clusters {
		if c.k.ID == id {
			return c, i
		}
	}
	return nil, -1
}

// clusterOf returns the cluster named by the request's {id}, or answers
// 404 and returns nil. The caller holds s.mu.
func (s *Server) clusterOf(w http.ResponseWriter, r *http.Request) *cluster {
	c, _ := s.find(r.PathValue("id"))
	if c == nil {
		notFound(w)
	}
	return c
}

func (s *Server) findByName(name string) *cluster {
	for _, c := range s.clusters {
		if c.k.Name == name {
			return c
		}
	}
	return nil
}

func findPool(c *cluster, id string) *godo.KubernetesNodePool {
	for _, p := range c.k.NodePools {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// deepCopy goes through JSON, which is exactly the shape the API serves.
func deepCopy[T any](v T) T {
	var out T
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // godo types always marshal
	}
	if err := json.Unmarshal(data, &out); err != nil {
		panic(err)
	}
	return out
}
