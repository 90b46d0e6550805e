package dolocal

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/digitalocean/godo"
)

// DefaultLintDelay is how long a clusterlint run takes before its results
// can be read, when Config.LintDelay is zero.
const DefaultLintDelay = 2 * time.Second

// lintRun is one clusterlint run: its diagnostics are taken when it is
// requested and served once it has completed.
type lintRun struct {
	id                       string
	requestedAt, completedAt time.Time
	diagnostics              []godo.ClusterlintDiagnostic
}

// keptLintRuns bounds the runs remembered per cluster.
const keptLintRuns = 10

// lintResults is DO's envelope of GET .../clusterlint; godo reads only
// diagnostics from it.
type lintResults struct {
	RunID       string                       `json:"run_id"`
	RequestedAt time.Time                    `json:"requested_at"`
	CompletedAt time.Time                    `json:"completed_at"`
	Diagnostics []godo.ClusterlintDiagnostic `json:"diagnostics"`
}

// runClusterlint serves POST /v2/kubernetes/clusters/{id}/clusterlint:
// 202 with {"run_id": ...}. The body (godo.KubernetesRunClusterlintRequest)
// is optional; without groups or checks DO runs the doks group. The
// cluster is read outside the lock: that takes a network round trip.
func (s *Server) runClusterlint(w http.ResponseWriter, r *http.Request) {
	var req godo.KubernetesRunClusterlintRequest
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if len(bytes.TrimSpace(body)) > 0 && json.Unmarshal(body, &req) != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "request body is not valid JSON")
		return
	}
	s.mu.Lock()
	c := s.clusterOf(w, r)
	if c == nil {
		s.mu.Unlock()
		return
	}
	state, _ := s.stateAt(c, s.cfg.Now())
	seed, id := c.seedLint, c.k.ID
	s.mu.Unlock()
	if state == godo.KubernetesClusterStatusProvisioning {
		unprocessable(w, "cluster is still provisioning; run clusterlint once it is running")
		return
	}
	diags, err := s.lintDiagnostics(r, seed, req)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "server_error", "clusterlint could not read the cluster: "+err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ = s.find(id)
	if c == nil {
		notFound(w)
		return
	}
	now := s.cfg.Now()
	run := lintRun{id: s.newID("lint", id), requestedAt: now, completedAt: now.Add(s.cfg.LintDelay), diagnostics: diags}
	c.lintRuns = append(c.lintRuns, run)
	if len(c.lintRuns) > keptLintRuns {
		c.lintRuns = c.lintRuns[len(c.lintRuns)-keptLintRuns:]
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"run_id": run.id})
}

// lintDiagnostics: a seeded cluster with findings (SeedCluster.Clusterlint)
// reports them, as a fixture standing for a real account's cluster; any
// other cluster is read from the Kubernetes cluster Config.Kube points at;
// without one there is nothing to find.
func (s *Server) lintDiagnostics(r *http.Request, seed []godo.ClusterlintDiagnostic, req godo.KubernetesRunClusterlintRequest) ([]godo.ClusterlintDiagnostic, error) {
	out := []godo.ClusterlintDiagnostic{}
	if len(seed) == 0 && s.cfg.Kube.Server != "" {
		o, err := readLintObjects(r.Context(), s.cfg.Kube)
		if err != nil {
			return nil, err
		}
		return runLintChecks(o, req), nil
	}
	for _, d := range seed {
		if selected(lintCheck{name: d.CheckName, group: lintGroupOf(d.CheckName)}, req) {
			out = append(out, d)
		}
	}
	return out, nil
}

// clusterlintResults serves GET .../clusterlint[?run_id=]: the latest run
// by default; 404 for an unknown run and for one still running.
func (s *Server) clusterlintResults(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clusterOf(w, r)
	if c == nil {
		return
	}
	run := c.findLintRun(r.URL.Query().Get("run_id"))
	switch {
	case run == nil:
		writeError(w, http.StatusNotFound, "not_found", "no clusterlint run found for this cluster")
		return
	case s.cfg.Now().Before(run.completedAt):
		writeError(w, http.StatusNotFound, "not_found", "clusterlint run "+run.id+" has not completed yet")
		return
	}
	writeJSON(w, http.StatusOK, lintResults{
		RunID: run.id, RequestedAt: run.requestedAt, CompletedAt: run.completedAt, Diagnostics: run.diagnostics,
	})
}

func (c *cluster) findLintRun(id string) *lintRun {
	for i := len(c.lintRuns) - 1; i >= 0; i-- {
		if id == "" || c.lintRuns[i].id == id {
			return &c.lintRuns[i]
		}
	}
	return nil
}
