package objstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// testBucket makes a bucket of its own for one test on the local MinIO,
// removed at the end unless the test deleted it.
func testBucket(t *testing.T, ctx context.Context, s *minioStore, name string) string {
	t.Helper()
	bucket := fmt.Sprintf("fdtui-test-%s-%d", name, time.Now().UnixNano())
	if err := s.EnsureBucket(ctx, bucket, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if ok, _ := s.client.BucketExists(context.Background(), bucket); ok {
			removeBucket(t, s, bucket)
		}
	})
	return bucket
}

func realStore(t *testing.T) (*minioStore, Config) {
	t.Helper()
	cfg := s3FromEnv(t)
	s, err := newMinio(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, cfg
}

func TestDeletePrefixAgainstRealStore(t *testing.T) {
	s, _ := realStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bucket := testBucket(t, ctx, s, "del")
	upload(t, ctx, s, bucket, []prefixLoad{
		{prefix: "sites/a/", objects: 1200, maxSize: 50},
		{prefix: "sites/a-old/", objects: 20, maxSize: 50},
		{prefix: "sites/b/", objects: 30, maxSize: 50},
	})
	n, err := s.DeletePrefix(ctx, bucket, "sites/a", nil)
	if err != nil || n != 1200 {
		t.Fatalf("deleted %d, err %v", n, err)
	}
	for prefix, want := range map[string]int64{"sites/a/": 0, "sites/a-old/": 20, "sites/b/": 30} {
		if u, _ := s.Usage(ctx, bucket, prefix, nil); u.Objects != want {
			t.Errorf("after deleting sites/a: %s has %d objects, want %d", prefix, u.Objects, want)
		}
	}
	// Deleting the same prefix again is success: there is nothing left.
	if n, err := s.DeletePrefix(ctx, bucket, "sites/a/", nil); err != nil || n != 0 {
		t.Errorf("second delete of sites/a/: %d, %v", n, err)
	}
}

// TestDeleteBucketWithProgressAgainstRealStore deletes a whole bucket of a
// few thousand objects and checks the progress it reports against what
// was there.
func TestDeleteBucketWithProgressAgainstRealStore(t *testing.T) {
	s, _ := realStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	bucket := testBucket(t, ctx, s, "delprog")
	const objects = 3500
	start := time.Now()
	upload(t, ctx, s, bucket, []prefixLoad{{prefix: "files/", objects: objects, maxSize: 200}})
	t.Logf("timing: uploading %d objects took %s", objects, time.Since(start).Round(time.Millisecond))

	var calls []int64
	start = time.Now()
	n, err := s.DeletePrefix(ctx, bucket, "", func(d int64) { calls = append(calls, d) })
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("timing: deleting %d objects and the bucket took %s (%.0f objects/s); progress %v",
		n, took.Round(time.Millisecond), float64(n)/took.Seconds(), calls)
	if n != objects {
		t.Errorf("reported %d deleted, want %d", n, objects)
	}
	if want := []int64{1000, 2000, 3000, 3500}; fmt.Sprint(calls) != fmt.Sprint(want) {
		t.Errorf("progress calls %v, want %v", calls, want)
	}
	if ok, err := s.client.BucketExists(ctx, bucket); ok || err != nil {
		t.Fatalf("bucket still exists (%v) after deleting everything", err)
	}
	if n, err := s.DeletePrefix(ctx, bucket, "", nil); n != 0 || err != nil {
		t.Errorf("deleting the deleted bucket again: %d, %v", n, err)
	}
}

// TestDeleteInterruptedThenRerunAgainstRealStore cancels a deletion after
// its first batch; what it reports deleted is gone, the rest is there,
// and a re-run finishes the job.
func TestDeleteInterruptedThenRerunAgainstRealStore(t *testing.T) {
	s, _ := realStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	bucket := testBucket(t, ctx, s, "delint")
	const objects = 3000
	upload(t, ctx, s, bucket, []prefixLoad{{prefix: "site/", objects: objects, maxSize: 100}})

	runCtx, interrupt := context.WithCancel(ctx)
	first, err := s.DeletePrefix(runCtx, bucket, "site/", func(int64) { interrupt() })
	interrupt()
	var de *DeleteError
	if !errors.As(err, &de) || !de.Interrupted() || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want an interruption", err)
	}
	t.Logf("interrupted: %v", err)
	left, err := s.Usage(ctx, bucket, "site/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if first < 1000 || first >= objects || left.Objects != objects-first {
		t.Fatalf("interrupted run reported %d deleted; %d objects left of %d", first, left.Objects, objects)
	}

	rest, err := s.DeletePrefix(ctx, bucket, "", nil)
	if err != nil || first+rest != objects {
		t.Fatalf("re-run deleted %d (after %d), err %v", rest, first, err)
	}
	if ok, _ := s.client.BucketExists(ctx, bucket); ok {
		t.Error("bucket still exists after the re-run")
	}
}

// TestDeleteDeniedAgainstRealStore uses temporary credentials from
// MinIO's STS with a session policy, the way a Spaces key limited to some
// operations behaves: a key that may not list must not be reported as
// having deleted anything, and one that may not delete says so.
func TestDeleteDeniedAgainstRealStore(t *testing.T) {
	s, cfg := realStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bucket := testBucket(t, ctx, s, "deldeny")
	upload(t, ctx, s, bucket, []prefixLoad{{prefix: "site/", objects: 50, maxSize: 10}})

	cases := []struct {
		name, deny, stage, want string
	}{
		{"may not list", "s3:ListBucket", StageList,
			"listing " + bucket + "/site/ failed: object store " + s.host + ": access denied; check the key's permissions; nothing was deleted"},
		{"may not delete", "s3:DeleteObject", StageRemove,
			"deleting objects in " + bucket + "/site/ failed: 50 refused (first \"site/00000.bin\"): object store " + s.host + ": access denied"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			limited := storeWithSessionPolicy(t, cfg, s.host, tc.deny)
			n, err := limited.DeletePrefix(ctx, bucket, "site", nil)
			t.Log(err)
			var de *DeleteError
			if n != 0 || !errors.As(err, &de) || de.Stage != tc.stage || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("deleted %d, err %v\nwant %s", n, err, tc.want)
			}
			if u, _ := s.Usage(ctx, bucket, "site/", nil); u.Objects != 50 {
				t.Errorf("%d objects left, want all 50", u.Objects)
			}
			if strings.Contains(err.Error(), cfg.SecretKey) {
				t.Error("the error shows the secret key")
			}
		})
	}
}

// storeWithSessionPolicy asks MinIO's STS (AssumeRole) for temporary
// credentials allowed everything on S3 except deny.
func storeWithSessionPolicy(t *testing.T, cfg Config, host, deny string) *minioStore {
	t.Helper()
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[`+
		`{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]},`+
		`{"Effect":"Deny","Action":[%q],"Resource":["arn:aws:s3:::*"]}]}`, deny)
	creds, err := credentials.NewSTSAssumeRole("http://"+host, credentials.STSAssumeRoleOptions{
		AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey, Policy: policy, DurationSeconds: 900})
	if err != nil {
		t.Fatal(err)
	}
	client, err := minio.New(host, &minio.Options{Creds: creds, Transport: transport(), MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return &minioStore{client: client, host: host}
}
