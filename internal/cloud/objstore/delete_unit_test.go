package objstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
)

// fakeBulk behaves like minio-go's client where it matters here: the
// lister and the remover are goroutines that block on unbuffered-ish
// sends (a buffer of 1) and end only when read to their close; a listing
// error arrives as an object with Err set; the remover reads its input to
// the close and answers per object. Every goroutine it starts is counted,
// so a test can prove that DeletePrefix left none behind.
type fakeBulk struct {
	keys []string
	// listErr, if set, is sent instead of the object at index listFailAt.
	listErr    error
	listFailAt int
	// refuse says whether the store refuses to delete key.
	refuse func(key string) error
	// batch is how many keys the remover gathers per request.
	batch int
	// onRemoved runs after each batch (a test cancels from it).
	onRemoved func(removedSoFar int)
	bucketErr error

	wg            sync.WaitGroup
	mu            sync.Mutex
	listedPrefix  string
	listed        int
	removed       []string
	bucketRemoved bool
}

func (f *fakeBulk) ListObjects(ctx context.Context, bucket string, opts minio.ListObjectsOptions) <-chan minio.ObjectInfo {
	f.mu.Lock()
	f.listedPrefix = opts.Prefix
	f.mu.Unlock()
	ch := make(chan minio.ObjectInfo, 1)
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		defer close(ch)
		for i, k := range f.keys {
			if !strings.HasPrefix(k, opts.Prefix) {
				continue
			}
			if f.listErr != nil && i == f.listFailAt {
				ch <- minio.ObjectInfo{Err: f.listErr}
				return
			}
			select {
			case <-ctx.Done():
				ch <- minio.ObjectInfo{Err: ctx.Err()} // minio-go blocks here too
				return
			case ch <- minio.ObjectInfo{Key: k}:
				f.mu.Lock()
				f.listed++
				f.mu.Unlock()
			}
		}
	}()
	return ch
}

func (f *fakeBulk) RemoveObjectsWithResult(ctx context.Context, bucket string, objects <-chan minio.ObjectInfo, _ minio.RemoveObjectsOptions) <-chan minio.RemoveObjectResult {
	results := make(chan minio.RemoveObjectResult, 1)
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		defer close(results)
		for {
			var batch []string
			for obj := range objects {
				batch = append(batch, obj.Key)
				if len(batch) == f.batch {
					break
				}
			}
			if len(batch) == 0 {
				return
			}
			for _, k := range batch {
				res := minio.RemoveObjectResult{ObjectName: k}
				switch {
				case ctx.Err() != nil:
					res.Err = ctx.Err()
				case f.refuse != nil && f.refuse(k) != nil:
					res.Err = f.refuse(k)
				default:
					f.mu.Lock()
					f.removed = append(f.removed, k)
					f.mu.Unlock()
				}
				results <- res
			}
			if f.onRemoved != nil {
				f.onRemoved(f.removedCount())
			}
		}
	}()
	return results
}

func (f *fakeBulk) RemoveBucket(context.Context, string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.bucketErr != nil {
		return f.bucketErr
	}
	f.bucketRemoved = true
	return nil
}

func (f *fakeBulk) removedCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.removed)
}

// ended fails the test unless every goroutine the fake started has
// returned: one still blocked on a send is a leak.
func (f *fakeBulk) ended(t *testing.T) {
	t.Helper()
	done := make(chan struct{})
	go func() { f.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("a lister or remover goroutine is still running: a channel was not drained")
	}
}

func siteKeys(prefix string, n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("%s%05d.jpg", prefix, i)
	}
	return keys
}

// progressLog records progress calls.
type progressLog struct{ calls []int64 }

func (p *progressLog) record(n int64) { p.calls = append(p.calls, n) }
func (p *progressLog) last() int64 {
	if len(p.calls) == 0 {
		return -1
	}
	return p.calls[len(p.calls)-1]
}

func accessDenied() error {
	return minio.ErrorResponse{Code: "AccessDenied", Message: "Access Denied.", BucketName: "acme-sites"}
}

func TestDeletePrefixReportsListingError(t *testing.T) {
	f := &fakeBulk{keys: siteKeys("blog/", 2500), listErr: accessDenied(), listFailAt: 1500, batch: 1000}
	var p progressLog
	n, err := deletePrefix(t.Context(), f, "nyc3.example", "acme-sites", "blog", p.record)
	f.ended(t)
	var de *DeleteError
	if !errors.As(err, &de) || de.Stage != StageList {
		t.Fatalf("err = %v, want a listing DeleteError", err)
	}
	// What was listed before the failure is still deleted and counted.
	if n != 1500 || de.Deleted != 1500 || f.removedCount() != 1500 || p.last() != 1500 {
		t.Errorf("deleted %d (error says %d, store removed %d, progress %v), want 1500", n, de.Deleted, f.removedCount(), p.calls)
	}
	for _, k := range f.removed {
		if k == "" {
			t.Fatal("the listing error was passed to the remover as an object")
		}
	}
	want := `listing acme-sites/blog/ failed: object store nyc3.example: access denied; check the key's permissions; 1500 objects deleted before it stopped`
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %q\nwant %q…", err, want)
	}
	var se *Error
	if !errors.As(err, &se) || se.Code != "AccessDenied" {
		t.Errorf("the cause is not the store's readable error: %#v", err)
	}
}

func TestDeletePrefixListingFailsAtOnce(t *testing.T) {
	f := &fakeBulk{keys: siteKeys("blog/", 10), listErr: accessDenied(), listFailAt: 0, batch: 1000}
	n, err := deletePrefix(t.Context(), f, "h", "acme-sites", "blog/", nil)
	f.ended(t)
	if n != 0 || err == nil || !strings.Contains(err.Error(), "nothing was deleted") {
		t.Fatalf("n=%d err=%v", n, err)
	}
	if f.bucketRemoved {
		t.Error("bucket removed after a failed listing")
	}
}

func TestDeletePrefixReportsRemovalErrors(t *testing.T) {
	// The store refuses the second batch: everything from key 10 on.
	f := &fakeBulk{keys: siteKeys("blog/", 5000), batch: 10, refuse: func(k string) error {
		if k >= "blog/00010" {
			return minio.ErrorResponse{Code: "AccessDenied", Message: "Access Denied."}
		}
		return nil
	}}
	var p progressLog
	n, err := deletePrefix(t.Context(), f, "h", "acme-sites", "", p.record)
	f.ended(t)
	var de *DeleteError
	if !errors.As(err, &de) || de.Stage != StageRemove {
		t.Fatalf("err = %v, want a removal DeleteError", err)
	}
	if n != 10 || de.Deleted != 10 || p.last() != 10 || de.Failed < 10 || de.Key != "blog/00010.jpg" {
		t.Errorf("deleted %d, error %+v, progress %v", n, de, p.calls)
	}
	if !strings.Contains(err.Error(), `deleting objects in acme-sites failed:`) || !strings.Contains(err.Error(), "access denied") {
		t.Errorf("err = %q", err)
	}
	// The first refusal stops the listing: it does not go on through 5000.
	if f.listed > 100 {
		t.Errorf("listed %d objects after the store refused", f.listed)
	}
	if f.bucketRemoved {
		t.Error("bucket removed although objects remain")
	}
}

func TestDeletePrefixInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	f := &fakeBulk{keys: siteKeys("", 5000), batch: 1000, onRemoved: func(n int) {
		if n >= 2000 {
			cancel()
		}
	}}
	var p progressLog
	n, err := deletePrefix(ctx, f, "h", "acme-sites", "", p.record)
	f.ended(t)
	var de *DeleteError
	if !errors.As(err, &de) || !de.Interrupted() || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want an interruption", err)
	}
	if n != int64(f.removedCount()) || n < 2000 || n >= 5000 || p.last() != n {
		t.Errorf("deleted %d, store removed %d, progress %v", n, f.removedCount(), p.calls)
	}
	if !strings.Contains(err.Error(), "interrupted (cancelled)") || f.bucketRemoved {
		t.Errorf("err = %q, bucket removed %v", err, f.bucketRemoved)
	}

	// The re-run deletes what is left, then the bucket.
	rest := &fakeBulk{keys: siteKeys("", 5000)[n:], batch: 1000}
	m, err := deletePrefix(t.Context(), rest, "h", "acme-sites", "", nil)
	rest.ended(t)
	if err != nil || n+m != 5000 || !rest.bucketRemoved {
		t.Errorf("re-run: %d more, err %v, bucket removed %v", m, err, rest.bucketRemoved)
	}
}

func TestDeletePrefixIsIdempotent(t *testing.T) {
	noBucket := minio.ErrorResponse{Code: "NoSuchBucket", BucketName: "acme-sites"}
	gone := &fakeBulk{keys: siteKeys("", 3), listErr: noBucket, listFailAt: 0, batch: 10, bucketErr: noBucket}
	if n, err := deletePrefix(t.Context(), gone, "h", "acme-sites", "", nil); n != 0 || err != nil {
		t.Errorf("deleting a bucket already gone: %d, %v", n, err)
	}
	gone.ended(t)
	empty := &fakeBulk{batch: 10}
	if n, err := deletePrefix(t.Context(), empty, "h", "acme-sites", "blog", nil); n != 0 || err != nil || empty.bucketRemoved {
		t.Errorf("deleting an empty prefix: %d, %v (bucket removed %v)", n, err, empty.bucketRemoved)
	}
	empty.ended(t)
}

func TestDeletePrefixIsAFolder(t *testing.T) {
	keys := append(siteKeys("blog/", 3), siteKeys("blog-old/", 2)...)
	f := &fakeBulk{keys: keys, batch: 10}
	n, err := deletePrefix(t.Context(), f, "h", "acme-sites", "blog", nil)
	f.ended(t)
	if err != nil || n != 3 || f.listedPrefix != "blog/" {
		t.Errorf("deleted %d under %q, err %v: blog-old/ must survive", n, f.listedPrefix, err)
	}
}

func TestDeletePrefixBucketRemovalFails(t *testing.T) {
	f := &fakeBulk{keys: siteKeys("", 5), batch: 10, bucketErr: accessDenied()}
	n, err := deletePrefix(t.Context(), f, "h", "acme-sites", "", nil)
	f.ended(t)
	var de *DeleteError
	if n != 5 || !errors.As(err, &de) || de.Stage != StageBucket ||
		!strings.HasPrefix(err.Error(), "all 5 objects in acme-sites deleted, but removing the bucket failed") {
		t.Errorf("n=%d err=%v", n, err)
	}
}
