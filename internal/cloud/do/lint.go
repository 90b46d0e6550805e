package do

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/digitalocean/godo"
)

// Diagnostic is one clusterlint finding (godo.ClusterlintDiagnostic,
// flattened).
type Diagnostic struct {
	// Check is clusterlint's check name, e.g. "dobs-pod-owner".
	Check string
	// Severity is clusterlint's word: "error", "warning" or "suggestion".
	Severity string
	Message  string
	// Kind is clusterlint's kind word ("pod", "persistent volume").
	// Namespace is "" for cluster-scoped objects (persistent volumes,
	// webhook configurations, nodes).
	Kind, Name, Namespace string
	// Owners are the object's owner references as "Kind/Name", e.g.
	// "ReplicaSet/web-7d9f8c6b5".
	Owners []string
}

// LintGroups are the check groups fdtui asks clusterlint to run: DO's
// default is "doks" alone (DigitalOcean API reference, run_clusterlint);
// "basic" adds resource-requirements, unused-pv and the like, which an
// agency's sites trip over too.
func LintGroups() []string { return []string{"basic", "doks"} }

// ErrLintPending is what LintResults returns while the run is still going:
// DigitalOcean answers 404 for a run whose results are not written yet.
var ErrLintPending = errors.New("clusterlint results are not ready yet")

// RunLint starts a clusterlint run of LintGroups on the cluster and
// returns its run ID; results come later from LintResults.
func (c *Client) RunLint(ctx context.Context, id string) (string, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	runID, _, err := c.godo.Kubernetes.RunClusterlint(ctx, id, &godo.KubernetesRunClusterlintRequest{
		IncludeGroups: LintGroups(), ExcludeGroups: []string{}, IncludeChecks: []string{}, ExcludeChecks: []string{},
	})
	if err != nil {
		return "", wrap("run clusterlint", err)
	}
	return runID, nil
}

// LintResults returns the diagnostics of run runID ("" means the latest),
// or an error wrapping ErrLintPending while it runs.
func (c *Client) LintResults(ctx context.Context, id, runID string) ([]Diagnostic, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	diags, _, err := c.godo.Kubernetes.GetClusterlintResults(ctx, id, &godo.KubernetesGetClusterlintRequest{RunId: runID})
	if IsNotFound(ReadableError(err)) {
		return nil, fmt.Errorf("%w (run %s)", ErrLintPending, runID)
	}
	if err != nil {
		return nil, wrap("clusterlint results", err)
	}
	out := make([]Diagnostic, 0, len(diags))
	for _, d := range diags {
		if d != nil {
			out = append(out, toDiagnostic(d))
		}
	}
	return out, nil
}

func toDiagnostic(d *godo.ClusterlintDiagnostic) Diagnostic {
	out := Diagnostic{Check: d.CheckName, Severity: d.Severity, Message: d.Message}
	if o := d.Object; o != nil {
		out.Kind, out.Name, out.Namespace = o.Kind, o.Name, o.Namespace
		for _, ow := range o.Owners {
			if ow != nil {
				out.Owners = append(out.Owners, ow.Kind+"/"+ow.Name)
			}
		}
	}
	return out
}

// Default bounds of Lint: DigitalOcean's runs take seconds on a small
// cluster; a run still pending after LintTimeout is reported, not awaited.
const (
	LintPoll    = 2 * time.Second
	LintTimeout = 2 * time.Minute
)

// Lint runs clusterlint on the cluster and waits for its results, asking
// every `every` and giving up after `bound` (zero values mean LintPoll and
// LintTimeout). It stops early when ctx ends.
func Lint(ctx context.Context, api API, id string, every, bound time.Duration) ([]Diagnostic, error) {
	if every <= 0 {
		every = LintPoll
	}
	if bound <= 0 {
		bound = LintTimeout
	}
	runID, err := api.RunLint(ctx, id)
	if err != nil {
		return nil, err
	}
	waiting, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	for waiting.Err() == nil {
		diags, err := api.LintResults(waiting, id, runID)
		// A failure caused by the bound ending the request is waiting too.
		if err == nil || (!errors.Is(err, ErrLintPending) && waiting.Err() == nil) {
			return diags, err
		}
		select {
		case <-waiting.Done():
		case <-time.After(every):
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err() // the caller stopped waiting
	}
	return nil, fmt.Errorf("clusterlint run %s did not finish within %s; its results stay on DigitalOcean", runID, bound)
}
