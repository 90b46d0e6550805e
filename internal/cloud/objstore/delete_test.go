package objstore

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestDeletePrefixAgainstRealStore(t *testing.T) {
	cfg := s3FromEnv(t)
	s, err := newMinio(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bucket := fmt.Sprintf("fdtui-test-del-%d", time.Now().UnixNano())
	if err := s.EnsureBucket(ctx, bucket, ""); err != nil {
		t.Fatal(err)
	}
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			removeBucket(t, s, bucket)
		}
	})
	upload(t, ctx, s, bucket, []prefixLoad{
		{prefix: "sites/a/", objects: 1200, maxSize: 50},
		{prefix: "sites/b/", objects: 30, maxSize: 50},
	})
	if err := s.DeletePrefix(ctx, bucket, "sites/a/"); err != nil {
		t.Fatal(err)
	}
	a, _ := s.Usage(ctx, bucket, "sites/a/", nil)
	b, _ := s.Usage(ctx, bucket, "sites/b/", nil)
	if a.Objects != 0 || b.Objects != 30 {
		t.Fatalf("after deleting sites/a/: a=%d objects, b=%d objects", a.Objects, b.Objects)
	}
	if err := s.DeletePrefix(ctx, bucket, ""); err != nil {
		t.Fatal(err)
	}
	deleted = true
	buckets, _ := s.ListBuckets(ctx)
	if contains(buckets, bucket) {
		t.Fatal("bucket still exists after deleting everything")
	}
}
