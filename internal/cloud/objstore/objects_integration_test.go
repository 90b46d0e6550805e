package objstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
)

// TestObjectsAgainstRealStore lists a site's backups on the local MinIO:
// only the prefix, newest first, sizes as uploaded; a missing bucket is
// an *Error that names it.
func TestObjectsAgainstRealStore(t *testing.T) {
	cfg := s3FromEnv(t)
	s, err := newMinio(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bucket := fmt.Sprintf("fdtui-test-objects-%d", time.Now().UnixNano())
	if err := s.EnsureBucket(ctx, bucket, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeBucket(t, s, bucket) })
	put := func(key string, size int) {
		t.Helper()
		if _, err := s.client.PutObject(ctx, bucket, key, bytes.NewReader(make([]byte, size)), int64(size), minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	put("shop/backups/shop.example.org-20261201T030000Z.sql.gz", 10)
	time.Sleep(1100 * time.Millisecond) // S3 times have a second's precision
	put("shop/backups/shop.example.org-20261202T030000Z.sql.gz", 20)
	put("shop/files/logo.png", 5)
	put("other/backups/other.example.org-20261202T030000Z.sql.gz", 7)

	l, err := NewLister(cfg)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := l.Objects(ctx, bucket, "shop/backups/")
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 2 || objs[0].Key != "shop/backups/shop.example.org-20261202T030000Z.sql.gz" || objs[0].Size != 20 || objs[1].Size != 10 {
		t.Fatalf("objects = %+v", objs)
	}
	if objs[0].LastModified.IsZero() || time.Since(objs[0].LastModified) > time.Minute {
		t.Errorf("last-modified %v", objs[0].LastModified)
	}
	none, err := l.Objects(ctx, bucket, "empty/backups/")
	if err != nil || len(none) != 0 {
		t.Errorf("empty prefix: %v, %v", none, err)
	}
	_, err = l.Objects(ctx, bucket+"-missing", "shop/backups/")
	var e *Error
	if !errors.As(err, &e) || e.Code != "NoSuchBucket" {
		t.Errorf("missing bucket: %v", err)
	}
}
