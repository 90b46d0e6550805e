package watch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// Report is `fdtui watch --once -o json`: apiVersion fdtui/v1, kind
// WatchReport; Items are the stuck sites (what would page), Clusters
// every cluster's connection. Stuck counts the items.
type Report struct {
	APIVersion  string          `json:"apiVersion"` // "fdtui/v1"
	Kind        string          `json:"kind"`       // "WatchReport"
	GeneratedAt time.Time       `json:"generatedAt"`
	Clusters    []ClusterStatus `json:"clusters"`
	Stuck       int             `json:"stuck"`
	Items       []ReportItem    `json:"items"`
}

// ReportItem is one stuck site.
type ReportItem struct {
	Cluster   string    `json:"cluster"`
	Site      string    `json:"site"`
	Namespace string    `json:"namespace"`
	Revision  int64     `json:"revision"`
	Image     string    `json:"image,omitempty"`
	Rule      string    `json:"rule"` // "deadline" (ProgressDeadlineExceeded) | "early" (new pods failing)
	Since     time.Time `json:"since"`
	Summary   string    `json:"summary"`
	Cause     string    `json:"cause"`
	Evidence  []string  `json:"evidence,omitempty"`
	Pod       string    `json:"pod,omitempty"`
	Fix       string    `json:"fix"`
}

// Once connects every cluster, waits for its caches, evaluates every
// site once (with --early as "failing for longer than N already") and
// returns the report. It sends nothing and writes no state.
func (e *Engine) Once(ctx context.Context) Report {
	r := Report{APIVersion: "fdtui/v1", Kind: "WatchReport", GeneratedAt: time.Now().UTC(), Items: []ReportItem{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	dials := map[string]dialer{}
	for _, name := range e.opt.Contexts {
		dials[name] = e.contextDialer(name)
	}
	for name, d := range e.onceDO(ctx) {
		dials[name] = d
	}
	for name, dial := range dials {
		wg.Add(1)
		go func() {
			defer wg.Done()
			items, err := e.onceCluster(ctx, name, dial)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				e.setStatus(name, "unreachable", err.Error(), 0)
				return
			}
			r.Items = append(r.Items, items...)
		}()
	}
	wg.Wait()
	sort.Slice(r.Items, func(i, j int) bool {
		if r.Items[i].Cluster != r.Items[j].Cluster {
			return r.Items[i].Cluster < r.Items[j].Cluster
		}
		return r.Items[i].Namespace < r.Items[j].Namespace
	})
	r.Clusters, r.Stuck = e.Statuses(), len(r.Items)
	return r
}

// onceDO lists the DigitalOcean account's clusters once (with
// --all-do-clusters); a failure is the account's status.
func (e *Engine) onceDO(ctx context.Context) map[string]dialer {
	if e.opt.DO == nil {
		return nil
	}
	e.addStatus(DOStatusName)
	clusters, err := e.opt.DO.ListClusters(ctx)
	if err != nil {
		e.updateStatus(DOStatusName, "unreachable", err.Error(), 0)
		return nil
	}
	e.updateStatus(DOStatusName, "connected", "", 0)
	out := map[string]dialer{}
	for name, c := range e.wantedDO(clusters, map[string]bool{}) {
		e.addStatus(name)
		out[name] = e.doDialer(name, c.ID)
	}
	return out
}

func (e *Engine) onceCluster(ctx context.Context, name string, dial dialer) ([]ReportItem, error) {
	c, _, err := e.connect(ctx, name, dial)
	if err != nil {
		return nil, err
	}
	defer c.Stop()
	st := store.New(c.Listers)
	st.Resync()
	now := time.Now()
	var items []ReportItem
	sites := st.Sites()
	for _, site := range sites {
		f := Evaluate(site, st.Objects(site.Namespace), e.opt.Early, now)
		if !f.Stuck {
			continue
		}
		d := model.DiagnoseWeb(st.ObjectsWithEvents(site.Namespace), now)
		it := ReportItem{Cluster: name, Site: site.Domain, Namespace: site.Namespace, Revision: f.Revision, Image: f.Image,
			Rule: "deadline", Since: f.Since.UTC(), Summary: site.Reason(), Cause: d.Verdict, Evidence: d.Evidence,
			Fix: fixCommand(name, site.Namespace)}
		if f.Early {
			it.Rule = "early"
		}
		if len(d.StuckPods) > 0 {
			it.Pod = d.StuckPods[0]
		}
		items = append(items, it)
	}
	e.setStatus(name, "connected", "", len(sites))
	return items, nil
}

// writeReport prints the report as JSON or as lines for a human.
func writeReport(w io.Writer, r Report, output string) error {
	if output == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	for _, c := range r.Clusters {
		line := fmt.Sprintf("cluster %s: %s, %s", c.Name, c.State, model.Plural(c.Sites, "site"))
		if c.Error != "" {
			line = fmt.Sprintf("cluster %s: %s: %s", c.Name, c.State, c.Error)
		}
		fmt.Fprintln(w, line)
	}
	for _, it := range r.Items {
		fmt.Fprintf(w, "STUCK %s (%s) on %s, revision %d: %s\n  fix: %s\n", it.Site, it.Namespace, it.Cluster, it.Revision, it.Cause, it.Fix)
	}
	if r.Stuck == 0 {
		fmt.Fprintln(w, "no stuck rollout")
	}
	return nil
}
