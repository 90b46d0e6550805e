package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// expectation is what fdtui should show for a site shortly after the seed.
func expectation(b breakage, breaking bool) string {
	if !breaking {
		return "OK"
	}
	switch b {
	case midRollout:
		return fmt.Sprintf("ROLLING for ~%ds (minReadySeconds %d)", 3*(midRolloutMinReady+2), midRolloutMinReady)
	case brokenImage:
		return "ImagePullBackOff; STUCK (ProgressDeadlineExceeded) after 60s"
	case crashLoop:
		return "CrashLoopBackOff on the new pod; old pods serve"
	}
	return "OK"
}

// summary prints one line per site with what the cluster reports now.
func (s *seeder) summary(ctx context.Context, applied []appliedSite, took time.Duration) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "SITE\tIMAGE\tWEB\tMYSQL\tMEMCACHE\tEXPECT")
	for _, a := range applied {
		ns := a.namespace()
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", a.Domain, tagOf(a.Image),
			s.webState(ctx, ns), s.setState(ctx, ns, blueprint.ComponentMySQL),
			s.setState(ctx, ns, blueprint.ComponentMemcache), expectation(a.Break, s.breaking))
	}
	w.Flush()
	logf("done: %d sites in %.1fs", len(applied), took.Seconds())
}

func (s *seeder) webState(ctx context.Context, ns string) string {
	d, err := s.cs.AppsV1().Deployments(ns).Get(ctx, blueprint.ComponentWeb, metav1.GetOptions{})
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%d/%d", d.Status.ReadyReplicas, replicas(d.Spec.Replicas))
}

func (s *seeder) setState(ctx context.Context, ns, name string) string {
	st, err := s.cs.AppsV1().StatefulSets(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%d/%d", st.Status.ReadyReplicas, replicas(st.Spec.Replicas))
}
