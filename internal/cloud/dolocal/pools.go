package dolocal

import (
	"net/http"
	"time"

	"github.com/digitalocean/godo"
)

func (s *Server) getNodePool(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.find(r.PathValue("id"))
	if c == nil || findPool(c, r.PathValue("pool")) == nil {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"node_pool": s.poolView(c, r.PathValue("pool"))})
}

// updateNodePool serves PUT .../node_pools/{pool}: DO wants the name with
// every update; count and autoscaling follow invalidScale's rules. Nodes
// are added (provisioning first) or removed from the end to match count.
func (s *Server) updateNodePool(w http.ResponseWriter, r *http.Request) {
	var req godo.KubernetesNodePoolUpdateRequest
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.find(r.PathValue("id"))
	if c == nil || findPool(c, r.PathValue("pool")) == nil {
		notFound(w)
		return
	}
	pool := findPool(c, r.PathValue("pool"))
	next := applyUpdate(*pool, &req)
	if req.Name == "" {
		unprocessable(w, "name is required")
		return
	}
	if msg := invalidScale(next.Count, next.AutoScale, next.MinNodes, next.MaxNodes); msg != "" {
		unprocessable(w, "%s", msg)
		return
	}
	s.resize(&next, s.cfg.Now())
	*pool = next
	writeJSON(w, http.StatusAccepted, map[string]any{"node_pool": s.poolView(c, pool.ID)})
}

func applyUpdate(p godo.KubernetesNodePool, req *godo.KubernetesNodePoolUpdateRequest) godo.KubernetesNodePool {
	if req.Name != "" {
		p.Name = req.Name
	}
	if req.Count != nil {
		p.Count = *req.Count
	}
	if req.AutoScale != nil {
		p.AutoScale = *req.AutoScale
	}
	if req.MinNodes != nil {
		p.MinNodes = *req.MinNodes
	}
	if req.MaxNodes != nil {
		p.MaxNodes = *req.MaxNodes
	}
	if !p.AutoScale {
		p.MinNodes, p.MaxNodes = 0, 0
	}
	if req.Tags != nil {
		p.Tags = req.Tags
	}
	if req.Labels != nil {
		p.Labels = req.Labels
	}
	return p
}

func (s *Server) resize(p *godo.KubernetesNodePool, now time.Time) {
	switch {
	case len(p.Nodes) < p.Count:
		p.Nodes = append(append([]*godo.KubernetesNode{}, p.Nodes...), s.newNodes(p.Name, p.Count-len(p.Nodes), now)...)
	case len(p.Nodes) > p.Count:
		s.retire(p.Size, p.Nodes[p.Count:], now)
		p.Nodes = append([]*godo.KubernetesNode{}, p.Nodes[:p.Count]...)
	}
}

func (s *Server) poolView(c *cluster, poolID string) *godo.KubernetesNodePool {
	for _, p := range s.view(c).NodePools {
		if p.ID == poolID {
			return p
		}
	}
	return nil
}

// associated serves GET .../destroy_with_associated_resources. DO answers
// the object itself, without an envelope.
func (s *Server) associated(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clusterOf(w, r)
	if c == nil {
		return
	}
	writeJSON(w, http.StatusOK, c.assoc)
}

// deleteSelective serves DELETE .../destroy_with_associated_resources/selective:
// every id named must belong to the cluster.
func (s *Server) deleteSelective(w http.ResponseWriter, r *http.Request) {
	var req godo.KubernetesClusterDeleteSelectiveRequest
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clusterOf(w, r)
	if c == nil {
		return
	}
	for _, check := range []struct {
		kind  string
		ids   []string
		known []*godo.AssociatedResource
	}{
		{"volume", req.Volumes, c.assoc.Volumes},
		{"volume snapshot", req.VolumeSnapshots, c.assoc.VolumeSnapshots},
		{"load balancer", req.LoadBalancers, c.assoc.LoadBalancers},
	} {
		if id, ok := firstUnknown(check.ids, check.known); !ok {
			unprocessable(w, "%s %s is not associated with this cluster", check.kind, id)
			return
		}
	}
	s.remove(c.k.ID)
	s.deleteResources(req)
	w.WriteHeader(http.StatusNoContent)
}

func firstUnknown(ids []string, known []*godo.AssociatedResource) (string, bool) {
	for _, id := range ids {
		found := false
		for _, k := range known {
			found = found || k.ID == id
		}
		if !found {
			return id, false
		}
	}
	return "", true
}

func (s *Server) options(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"options": s.optionsView()})
}

// sizes serves GET /v2/sizes, paginated like every DO list.
func (s *Server) sizes(w http.ResponseWriter, r *http.Request) {
	p := paginate(r, len(dropletSizes))
	writeJSON(w, http.StatusOK, map[string]any{
		"sizes": dropletSizes[p.start:p.end], "links": p.links, "meta": p.meta,
	})
}
