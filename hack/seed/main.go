// Command seed fills the local cluster (hack/cluster.sh up) with demo
// Flight Deck sites for fdtui:
//
//	go run ./hack/seed --kubeconfig .local/kubeconfig
//
// It creates six realistic sites through actions.ApplySite, with MySQL
// volumes, buckets full of Drupal files in the local MinIO and kwok usage
// figures for metrics. Then, unless --no-break, it breaks three of them on
// purpose (see sites.go):
//
//   - news.daily-gazette.com is rolled to a new SHA at the end, with
//     minReadySeconds 45: ROLLING for ~2.5 min after the seed ends;
//   - shop.acme.org is rolled to an image that does not exist
//     (ImagePullBackOff), with progressDeadlineSeconds 60: STUCK
//     (ProgressDeadlineExceeded) a minute later;
//   - blog.kittens.io is rolled to an image that crashes (CrashLoopBackOff).
//
// Re-running converges: unchanged objects stay unchanged, broken sites stay
// broken (or are broken again if someone fixed them), and the mid-rollout
// site starts another rollout.
//
// --profile second seeds the second demo cluster instead (fdtui-2 of
// FDTUI_CLUSTERS=2, for the fleet screen): four other sites, one of them
// rolled to an image that does not exist (STUCK a minute later).
//
//	go run ./hack/seed --kubeconfig .local/kubeconfig-fdtui-2 --profile second
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"
)

type options struct {
	kubeconfig, minioEnv, profile string
	sites                         int
	noBreak                       bool
	wait                          time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.kubeconfig, "kubeconfig", ".local/kubeconfig", "kubeconfig of the local cluster")
	flag.StringVar(&o.minioEnv, "minio-env", ".local/minio.env", "file with FDTUI_S3_ENDPOINT, FDTUI_S3_ACCESS_KEY, FDTUI_S3_SECRET_KEY")
	flag.StringVar(&o.profile, "profile", "demo", "which sites: demo (the local cluster's) or second (the second demo cluster's)")
	flag.IntVar(&o.sites, "sites", 0, "seed only the first N sites of the profile (0 = all)")
	flag.BoolVar(&o.noBreak, "no-break", false, "leave every site healthy (and heal ones an earlier run broke)")
	flag.DurationVar(&o.wait, "wait", 45*time.Second, "how long to wait for the sites to be ready before breaking some")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	start := time.Now()
	sites, err := profileSites(o.profile)
	if err != nil {
		return err
	}
	if o.sites > 0 && o.sites < len(sites) {
		sites = sites[:o.sites]
	}
	s, err := newSeeder(o)
	if err != nil {
		return err
	}
	if err := s.ensureStorage(ctx, sites); err != nil {
		return err
	}
	applied := make([]appliedSite, 0, len(sites))
	for _, d := range sites {
		a, err := s.applySite(ctx, d)
		if err != nil {
			return err
		}
		applied = append(applied, a)
	}
	// Uploads run while the pods come up.
	uploads := s.uploadAll(ctx, sites)
	if pending := waitReady(ctx, s.cs, sites, o.wait); len(pending) > 0 {
		for _, p := range pending {
			logf("warning: not ready after %s: %s", o.wait, p)
		}
	} else {
		logf("all %d sites ready (%.1fs)", len(sites), time.Since(start).Seconds())
	}
	if err := <-uploads; err != nil {
		return err
	}
	if !o.noBreak {
		if err := s.breakSites(ctx, applied); err != nil {
			return err
		}
	}
	if err := s.applyCerts(ctx, applied); err != nil {
		return err
	}
	if o.profile == "demo" {
		// The local job runner runs cluster 1's (the demo profile's) Jobs only.
		s.backUp(ctx, applied)
	}
	s.summary(ctx, applied, time.Since(start))
	return nil
}

func logf(format string, args ...any) {
	fmt.Printf("seed: "+format+"\n", args...)
}
