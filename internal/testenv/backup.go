package testenv

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// BackupTarget is where a BackupSite's backups land.
type BackupTarget struct {
	Domain, Bucket, Prefix string
	// Client is a MinIO client with the local store's root keys.
	Client *minio.Client
}

// BackupSite gives namespace ns what the blueprint's backup needs: its
// mysql and s3 Secrets (the s3 one pointing at the local MinIO with its
// root keys, a bucket of the test's own, prefix "<ns>/") and its backup
// CronJob on schedule, the job pods annotated with podAnnotations (the
// local job runner's knobs: fdtui.dev/standin-fail, -noop). The bucket is
// made now and removed, with everything in it, at cleanup. The local job
// runner (hack/cluster.sh) runs the CronJob's Jobs for real.
func BackupSite(t testing.TB, cs kubernetes.Interface, ns, schedule string, podAnnotations map[string]string) BackupTarget {
	t.Helper()
	endpoint, access, secret := S3(t)
	target := BackupTarget{Domain: "shop-" + randomSuffix(t) + ".example.org", Bucket: "fdtui-test-" + randomSuffix(t), Prefix: ns + "/"}
	client, err := minio.New(endpoint, &minio.Options{Creds: credentials.NewStaticV4(access, secret, "")})
	if err != nil {
		t.Fatal(err)
	}
	target.Client = client
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := client.MakeBucket(ctx, target.Bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("make bucket %s: %v", target.Bucket, err)
	}
	t.Cleanup(func() { removeBucket(t, client, target.Bucket) })

	gen, err := blueprint.GenerateSecrets(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := blueprint.Build(blueprint.SiteSpec{
		Domain: target.Domain, Image: "registry.example.com/site:4f9c2e1", BackupSchedule: schedule,
		S3: blueprint.S3Settings{Endpoint: "http://" + endpoint, Bucket: target.Bucket, Prefix: target.Prefix,
			AccessKey: access, SecretKey: secret, Region: "us-east-1"},
	}, gen)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		switch {
		case o.GetKind() == "Secret" && (o.GetName() == blueprint.SecretMySQL || o.GetName() == blueprint.SecretS3):
			var s corev1.Secret
			fromUnstructured(t, o.Object, &s)
			s.Namespace = ns
			if _, err := cs.CoreV1().Secrets(ns).Create(ctx, &s, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
		case o.GetKind() == "CronJob" && o.GetName() == blueprint.CronJobBackup:
			var cj batchv1.CronJob
			fromUnstructured(t, o.Object, &cj)
			cj.Namespace = ns
			cj.Spec.JobTemplate.Spec.Template.Annotations = podAnnotations
			if _, err := cs.BatchV1().CronJobs(ns).Create(ctx, &cj, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return target
}

func fromUnstructured(t testing.TB, obj map[string]any, into any) {
	t.Helper()
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj, into); err != nil {
		t.Fatal(err)
	}
}

// Keys lists the objects under the target's <prefix>backups/.
func (b BackupTarget) Keys(t testing.TB) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var keys []string
	for o := range b.Client.ListObjects(ctx, b.Bucket, minio.ListObjectsOptions{Prefix: blueprint.BackupKeyPrefix(b.Prefix), Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		keys = append(keys, o.Key)
	}
	return keys
}

func removeBucket(t testing.TB, c *minio.Client, bucket string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for o := range c.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err == nil {
			_ = c.RemoveObject(ctx, bucket, o.Key, minio.RemoveObjectOptions{})
		}
	}
	if err := c.RemoveBucket(ctx, bucket); err != nil && !strings.Contains(err.Error(), "does not exist") {
		t.Logf("remove bucket %s: %v", bucket, err)
	}
}

// String names the target for messages.
func (b BackupTarget) String() string { return fmt.Sprintf("s3://%s/%s", b.Bucket, b.Prefix) }
