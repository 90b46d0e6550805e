package objstore

import (
	"context"
	"errors"
	"strings"

	"github.com/minio/minio-go/v7"
)

// bulkAPI is the part of *minio.Client DeletePrefix uses; unit tests give
// a fake that fails the way a store does.
type bulkAPI interface {
	ListObjects(ctx context.Context, bucket string, opts minio.ListObjectsOptions) <-chan minio.ObjectInfo
	RemoveObjectsWithResult(ctx context.Context, bucket string, objects <-chan minio.ObjectInfo, opts minio.RemoveObjectsOptions) <-chan minio.RemoveObjectResult
	RemoveBucket(ctx context.Context, bucket string) error
}

// DeletePrefix removes every object under prefix in bucket, and the bucket
// itself when prefix is "" (a site's own bucket). It returns how many
// objects it removed; progress (may be nil) gets that count about every
// ProgressEvery objects and once at the end, from the calling goroutine.
//
// A prefix is a folder: "blog" deletes blog/..., never blog-old/... (a
// bare S3 prefix would). Objects are listed and deleted in batches of up
// to 1000 (minio-go's multi-object DELETE), so a bucket of any size costs
// the memory of one page; the time is bounded only by ctx, the caller's
// to cancel (each request is bounded by the transport's timeouts).
//
// It is idempotent: a missing bucket or an empty prefix is success, so a
// re-run after an interruption or a failure deletes what is left. Any
// failure is a *DeleteError saying where it stopped.
func (s *minioStore) DeletePrefix(ctx context.Context, bucket, prefix string, progress func(deleted int64)) (int64, error) {
	return deletePrefix(ctx, s.client, s.host, bucket, prefix, progress)
}

func deletePrefix(ctx context.Context, api bulkAPI, host, bucket, prefix string, progress func(int64)) (int64, error) {
	prefix = folder(prefix)
	r := runDelete(ctx, api, bucket, prefix, progress)
	fail := func(stage string, cause error) (int64, error) {
		return r.deleted, &DeleteError{Bucket: bucket, Prefix: prefix, Stage: stage, Deleted: r.deleted,
			Failed: r.failed, Key: r.firstKey, Err: readable(host, cause)}
	}
	switch {
	case r.listErr != nil && isNoSuchBucket(r.listErr):
		// Already deleted (by us earlier, or by hand): nothing is left.
	case r.listErr != nil && !isContextErr(r.listErr):
		return fail(StageList, r.listErr)
	case r.removeErr != nil && !isContextErr(r.removeErr):
		return fail(StageRemove, r.removeErr)
	case ctx.Err() != nil:
		return fail(StageInterrupted, ctx.Err())
	case r.listErr != nil || r.removeErr != nil:
		// A context error while ctx is fine: our own cancel, which only
		// follows a failure recorded above. Never report success on it.
		return fail(StageRemove, errors.Join(r.listErr, r.removeErr))
	}
	if prefix != "" {
		return r.deleted, nil
	}
	if err := api.RemoveBucket(ctx, bucket); err != nil && !isNoSuchBucket(err) {
		return fail(StageBucket, err)
	}
	return r.deleted, nil
}

// folder makes a non-empty prefix end in "/".
func folder(prefix string) string {
	if prefix == "" || strings.HasSuffix(prefix, "/") {
		return prefix
	}
	return prefix + "/"
}

// deleteRun is what one pass of listing and deleting saw.
type deleteRun struct {
	deleted, failed    int64
	firstKey           string
	listErr, removeErr error
}

// runDelete pipes the listing into the remover through a forwarder that
// keeps listing errors out of the remover (minio-go sends them as objects
// with Err set, which RemoveObjects would try to delete as a key ""). It
// returns only when the lister, the forwarder and the remover have all
// ended: every channel is read to its close, so no goroutine is left
// blocked on a send.
//
// The listing runs under its own context, cancelled at the first failure
// of either side and on return; the remover runs under ctx, so a batch
// already listed is still deleted (and counted) after a listing failure
// unless the caller cancels.
func runDelete(ctx context.Context, api bulkAPI, bucket, prefix string, progress func(int64)) deleteRun {
	listCtx, stopListing := context.WithCancel(ctx)
	defer stopListing()
	listed := api.ListObjects(listCtx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true})
	keys := make(chan minio.ObjectInfo)
	listErr := make(chan error, 1)
	go func() { // owned by this call: joined below through listErr
		defer close(keys)
		listErr <- forward(listCtx, listed, keys, stopListing)
	}()
	var r deleteRun
	for res := range api.RemoveObjectsWithResult(ctx, bucket, keys, minio.RemoveObjectsOptions{}) {
		if res.Err != nil {
			if r.failed == 0 {
				r.removeErr, r.firstKey = res.Err, res.ObjectName
				stopListing()
			}
			r.failed++
			continue
		}
		r.deleted++
		if progress != nil && r.deleted%ProgressEvery == 0 {
			progress(r.deleted)
		}
	}
	// The remover only ends once keys is closed, but a remover that gave
	// up early must not leave the forwarder blocked on a send.
	stopListing()
	r.listErr = <-listErr
	if progress != nil && r.deleted%ProgressEvery != 0 {
		progress(r.deleted)
	}
	return r
}

// forward passes listed objects on to keys until the listing ends, and
// returns the first listing error. After an error, or once listCtx is
// cancelled, it stops passing objects on but still reads listed to its
// close: minio-go's lister blocks on its send otherwise.
func forward(listCtx context.Context, listed <-chan minio.ObjectInfo, keys chan<- minio.ObjectInfo, stop context.CancelFunc) error {
	var first error
	passing := true
	for obj := range listed {
		switch {
		case !passing:
		case obj.Err != nil:
			first, passing = obj.Err, false
			stop()
		default:
			select {
			case keys <- obj:
			case <-listCtx.Done():
				passing = false
			}
		}
	}
	return first
}

func isNoSuchBucket(err error) bool { return minio.ToErrorResponse(err).Code == "NoSuchBucket" }

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
