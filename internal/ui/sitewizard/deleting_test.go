package sitewizard_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
)

// scriptedDelete plays DeleteSite's steps: the cluster part (unless the
// namespace is gone on a resume), then files in batches of 1000 up to
// files; then it waits for release (nil: no wait) or the page's cancel,
// and ends with end(report) when given.
type scriptedDelete struct {
	files   int64
	release chan struct{}
	end     func(ctx context.Context, rep actions.DeleteReport) (actions.DeleteReport, error)
}

func (s scriptedDelete) run(ctx context.Context, ns string, opt actions.DeleteOptions, progress func(actions.DeleteReport)) (actions.DeleteReport, error) {
	rep := actions.DeleteReport{Namespace: ns, Bucket: opt.Bucket, Prefix: opt.Prefix}
	step := func(st actions.DeleteStep) { rep.Step = st; progress(rep) }
	step(actions.StepCheck)
	if opt.Resume {
		rep.NamespaceGone = true
	} else {
		step(actions.StepVolumes)
		rep.Volumes = []actions.VolumeFate{{PV: "pvc-0b7e41d2", Claim: "data-mysql-0", Size: "10Gi", Kept: opt.KeepVolumes}}
		step(actions.StepNamespace)
	}
	step(actions.StepFiles)
	for n := int64(1000); n <= s.files; n += 1000 {
		rep.FilesDeleted = n
		step(actions.StepFiles)
	}
	rep.FilesDeleted = s.files
	if s.release != nil {
		select {
		case <-s.release:
		case <-ctx.Done():
			return rep, fmt.Errorf("namespace %s deleted, but deleting the files in bucket %s/%s did not finish: %w", ns, opt.Bucket, opt.Prefix,
				&objstore.DeleteError{Bucket: opt.Bucket, Prefix: opt.Prefix + "/", Stage: objstore.StageInterrupted, Deleted: s.files, Err: ctx.Err()})
		}
	}
	if s.end != nil {
		return s.end(ctx, rep)
	}
	rep.BucketDeleted = true
	step(actions.StepDone)
	return rep, nil
}

// untilSays waits for every text on the screen, read with lines joined:
// long step lines wrap at the page's width.
func untilSays(h *harness, timeout time.Duration, texts ...string) {
	h.t.Helper()
	h.Until(timeout, strings.Join(texts, " + "), func(s string) bool {
		for _, t := range texts {
			if !says(s, t) {
				return false
			}
		}
		return true
	})
}

func says(screen, text string) bool {
	return strings.Contains(strings.Join(strings.Fields(screen), " "), text)
}

// plays gives fb one script per call of Delete, in order.
func plays(fb *fakeBackend, scripts ...scriptedDelete) {
	calls := 0
	fb.deleteRun = func(ctx context.Context, ns string, opt actions.DeleteOptions, progress func(actions.DeleteReport)) (actions.DeleteReport, error) {
		s := scripts[min(calls, len(scripts)-1)]
		calls++
		return s.run(ctx, ns, opt, progress)
	}
}

// confirmDeleteEverything opens D on blog.kittens.io, chooses to delete
// the volume and the files, and types the domain.
func confirmDeleteEverything(h *harness) {
	h.Keys("D")
	h.UntilShows(time.Second, "Delete site blog.kittens.io")
	h.Keys("y", "y")
	h.Type("blog.kittens.io")
	h.Keys("enter")
}

func TestDeleteShowsFilesProgressLive(t *testing.T) {
	fb := &fakeBackend{s3: demoS3, canDel: true}
	release := make(chan struct{})
	plays(fb, scriptedDelete{files: 2000, release: release})
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight, boundClaim("blog-kittens-io"))
	confirmDeleteEverything(h)
	untilSays(h, 2*time.Second, "2,000 deleted so far", "namespace blog-kittens-io deleted (terminating)")
	snap(t, h, "running")
	if s := h.Screen(); strings.Contains(s, "Site deleted") || strings.Contains(s, "bucket removed") {
		t.Fatalf("claims success while running:\n%s", s)
	}
	h.Keys("q") // captured while running: q must not quit past a running deletion
	close(release)
	h.UntilShows(2*time.Second, "Site deleted:")
	snap(t, h, "done")
	for _, want := range []string{"PV pvc-0b7e41d2 deleted with its claim", "2,000 deleted (the bucket is shared and stays)",
		"files in bucket acme-sites/blog-kittens-io deleted (2,000;"} {
		if !says(h.Screen(), want) {
			t.Errorf("done screen lacks %q", want)
		}
	}
	opt := fb.deletes()[0]
	if opt.KeepBucket || opt.KeepVolumes || opt.Resume || opt.ClusterTimeout != 30*time.Second {
		t.Errorf("delete options = %+v", opt)
	}
	h.Keys("esc")
	h.UntilShows(time.Second, "Sites")
}

// TestDeleteListingFailureIsShownThenResumed: the store refused to list
// after 1,200 files; the page says so (never "deleted"), and r finishes
// the job with the namespace already gone.
func TestDeleteListingFailureIsShownThenResumed(t *testing.T) {
	fb := &fakeBackend{s3: demoS3, canDel: true}
	listingFails := func(_ context.Context, rep actions.DeleteReport) (actions.DeleteReport, error) {
		return rep, fmt.Errorf("namespace %s deleted, but deleting the files in bucket acme-sites/blog-kittens-io did not finish: %w", rep.Namespace,
			&objstore.DeleteError{Bucket: "acme-sites", Prefix: "blog-kittens-io/", Stage: objstore.StageList, Deleted: 1200,
				Err: errors.New("object store nyc3.digitaloceanspaces.com: access denied; check the key's permissions")})
	}
	plays(fb, scriptedDelete{files: 1200, end: listingFails}, scriptedDelete{files: 800})
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight, boundClaim("blog-kittens-io"))
	confirmDeleteEverything(h)
	h.UntilShows(2*time.Second, "✗ stopped:")
	snap(t, h, "failed")
	s := h.Screen()
	for _, want := range []string{"listing acme-sites/blog-kittens-io/ failed", "access denied", "1,200 deleted, the rest remain", "r re-run"} {
		if !says(s, want) {
			t.Errorf("failure screen lacks %q", want)
		}
	}
	if strings.Contains(s, "Site deleted") || strings.Contains(s, "bucket removed") {
		t.Fatalf("a failed listing is shown as deleted:\n%s", s)
	}
	h.Keys(":") // captured: a jump must not drop the only way to resume
	h.Keys("r")
	h.UntilShows(2*time.Second, "Site deleted:")
	s = h.Screen()
	for _, want := range []string{"already deleted by the earlier run", "PV pvc-0b7e41d2 deleted with its claim", "blog-kittens-io: 2,000 deleted (the bucket"} {
		if !says(s, want) {
			t.Errorf("resumed screen lacks %q:\n%s", want, s)
		}
	}
	if d := fb.deletes(); len(d) != 2 || d[0].Resume || !d[1].Resume {
		t.Errorf("delete calls = %+v", d)
	}
}

// TestDeleteEscInterruptsThenResumes deletes a site's own bucket (no
// prefix): esc interrupts, r finishes and removes the bucket.
func TestDeleteEscInterruptsThenResumes(t *testing.T) {
	ownBucket := demoS3
	ownBucket.Bucket, ownBucket.Prefix = "blog-kittens-io", ""
	fb := &fakeBackend{s3: ownBucket, canDel: true}
	plays(fb, scriptedDelete{files: 3000, release: make(chan struct{})}, scriptedDelete{files: 500})
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight, boundClaim("blog-kittens-io"))
	confirmDeleteEverything(h)
	untilSays(h, 2*time.Second, "3,000 deleted so far")
	h.Keys("esc")
	untilSays(h, 2*time.Second, "interrupted:", "at least 3,000 deleted, the rest remain")
	if strings.Contains(h.Screen(), "Site deleted") {
		t.Fatalf("an interrupted deletion is shown as done:\n%s", h.Screen())
	}
	h.Keys("r")
	// The interrupted run's count is a floor, and so is every total with it.
	untilSays(h, 2*time.Second, "Site deleted:", "files in bucket blog-kittens-io: at least 3,500 deleted, bucket removed",
		"bucket blog-kittens-io deleted (at least 3,500 files)")
}

// TestLeavingAnUnfinishedDeleteSaysSo: esc after a failure goes back with
// an error toast naming what is left.
func TestLeavingAnUnfinishedDeleteSaysSo(t *testing.T) {
	fb := &fakeBackend{s3: demoS3, canDel: true}
	plays(fb, scriptedDelete{files: 0, end: func(_ context.Context, rep actions.DeleteReport) (actions.DeleteReport, error) {
		return rep, errors.New("namespace blog-kittens-io deleted, but deleting the files in bucket acme-sites/blog-kittens-io did not finish: boom")
	}})
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight, boundClaim("blog-kittens-io"))
	confirmDeleteEverything(h)
	h.UntilShows(2*time.Second, "✗ stopped:")
	h.Keys("esc")
	h.UntilShows(time.Second, "site blog-kittens-io not fully deleted")
}

// TestDeleteKeepingTheBucketShowsNoFilesStep: the files step is not
// shown when the bucket is kept; the bucket is named as untouched.
func TestDeleteKeepingTheBucketShowsNoFilesStep(t *testing.T) {
	fb := &fakeBackend{s3: demoS3, canDel: true}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight, boundClaim("blog-kittens-io"))
	h.Keys("D")
	h.UntilShows(time.Second, "Delete site blog.kittens.io")
	h.Keys("enter", "enter")
	h.Type("blog.kittens.io")
	h.Keys("enter")
	h.UntilShows(2*time.Second, "Site deleted:")
	golden.RequireEqual(t, []byte(h.Screen()))
	if strings.Contains(h.Screen(), "files in") || !strings.Contains(h.Screen(), "kept, untouched") {
		t.Errorf("kept bucket:\n%s", h.Screen())
	}
}
