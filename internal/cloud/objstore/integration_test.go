package objstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/flightdeck/fdtui/internal/testenv"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
)

// s3FromEnv is the store `make test` starts (a local MinIO).
func s3FromEnv(t *testing.T) Config {
	endpoint, _, _ := testenv.S3(t)
	return Config{
		Endpoint:  endpoint,
		AccessKey: os.Getenv("FDTUI_S3_ACCESS_KEY"),
		SecretKey: os.Getenv("FDTUI_S3_SECRET_KEY"),
	}
}

// prefixLoad is what the test uploads under one prefix: objects of sizes
// 1..maxSize bytes, cycling, so totals are known exactly.
type prefixLoad struct {
	prefix  string
	objects int
	maxSize int
}

func (p prefixLoad) want() (bytes, objects int64) {
	for i := range p.objects {
		bytes += int64(i%p.maxSize + 1)
	}
	return bytes, int64(p.objects)
}

func TestUsageAgainstRealStore(t *testing.T) {
	cfg := s3FromEnv(t)
	s, err := newMinio(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	bucket := fmt.Sprintf("fdtui-test-%d", time.Now().UnixNano())
	if err := s.EnsureBucket(ctx, bucket, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeBucket(t, s, bucket) })
	if err := s.EnsureBucket(ctx, bucket, ""); err != nil {
		t.Errorf("ensuring an existing bucket: %v", err)
	}
	loads := []prefixLoad{
		{prefix: "sites/example-com/files/", objects: 2100, maxSize: 700},
		{prefix: "sites/shop-example-org/files/", objects: 1300, maxSize: 300},
	}
	upload(t, ctx, s, bucket, loads)

	buckets, err := s.ListBuckets(ctx)
	if err != nil || !contains(buckets, bucket) {
		t.Fatalf("buckets %v err %v", buckets, err)
	}
	var allBytes, allObjects int64
	for _, l := range loads {
		wantBytes, wantObjects := l.want()
		allBytes, allObjects = allBytes+wantBytes, allObjects+wantObjects
		var calls []BucketUsage
		u, err := s.Usage(ctx, bucket, l.prefix, func(p BucketUsage) { calls = append(calls, p) })
		if err != nil {
			t.Fatal(err)
		}
		if u.Bytes != wantBytes || u.Objects != wantObjects || !u.Done {
			t.Errorf("%s: %d bytes %d objects, want %d %d", l.prefix, u.Bytes, u.Objects, wantBytes, wantObjects)
		}
		if len(calls) != int(wantObjects)/ProgressEvery+1 || !calls[len(calls)-1].Done || calls[0].Done {
			t.Errorf("%s: %d progress calls", l.prefix, len(calls))
		}
	}
	whole, err := s.Usage(ctx, bucket, "", nil)
	if err != nil || whole.Bytes != allBytes || whole.Objects != allObjects {
		t.Errorf("whole bucket: %+v err %v, want %d bytes %d objects", whole, err, allBytes, allObjects)
	}
	t.Run("cancel mid-scan", func(t *testing.T) {
		scanCtx, stop := context.WithCancel(ctx)
		u, err := s.Usage(scanCtx, bucket, "", func(BucketUsage) { stop() })
		if !errors.Is(err, context.Canceled) || u.Done || u.Objects >= allObjects {
			t.Errorf("cancelled scan: %+v err %v", u, err)
		}
	})
	t.Run("missing bucket", func(t *testing.T) {
		_, err := s.Usage(ctx, bucket+"-missing", "", nil)
		t.Log(err)
		if err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("wrong secret", func(t *testing.T) {
		bad := cfg
		bad.SecretKey = "not-the-secret"
		bs, err := New(bad)
		if err != nil {
			t.Fatal(err)
		}
		_, err = bs.ListBuckets(ctx)
		t.Log(err)
		if err == nil || !strings.Contains(err.Error(), "key rejected") || strings.Contains(err.Error(), "not-the-secret") {
			t.Errorf("err = %v", err)
		}
	})
}

// upload writes both prefixes at once, several writers each, as sites
// would.
func upload(t *testing.T, ctx context.Context, s *minioStore, bucket string, loads []prefixLoad) {
	t.Helper()
	const writersPerPrefix = 8
	var wg sync.WaitGroup
	errs := make(chan error, len(loads)*writersPerPrefix)
	for _, l := range loads {
		for w := range writersPerPrefix {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < l.objects; i += writersPerPrefix {
					size := i%l.maxSize + 1
					name := fmt.Sprintf("%s%05d.bin", l.prefix, i)
					_, err := s.client.PutObject(ctx, bucket, name, bytes.NewReader(bytes.Repeat([]byte{'x'}, size)), int64(size), minio.PutObjectOptions{})
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func removeBucket(t *testing.T, s *minioStore, bucket string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	objects := s.client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true})
	for res := range s.client.RemoveObjects(ctx, bucket, objects, minio.RemoveObjectsOptions{}) {
		t.Errorf("removing %s: %v", res.ObjectName, res.Err)
	}
	if err := s.client.RemoveBucket(ctx, bucket); err != nil {
		t.Errorf("removing bucket: %v", err)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
