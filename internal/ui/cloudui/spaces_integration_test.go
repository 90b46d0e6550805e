package cloudui_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
)

// load is what the test uploads under a prefix: objects of 1..maxSize
// bytes, cycling, so totals are known exactly.
type load struct {
	bucket, prefix   string
	objects, maxSize int
}

func (l load) bytes() int64 {
	var n int64
	for i := range l.objects {
		n += int64(i%l.maxSize + 1)
	}
	return n
}

func s3Secret(namespace string, data map[string]string) *corev1.Secret {
	sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: "s3"}, Data: map[string][]byte{}}
	for k, v := range data {
		sec.Data[k] = []byte(v)
	}
	return sec
}

// TestSpacesUsagePerSite measures each demo site's bucket (or prefix) in
// the local MinIO, reading where it lives from the site's s3 Secret, and
// checks the figures exactly; one site's endpoint is down, one has no
// Secret.
func TestSpacesUsagePerSite(t *testing.T) {
	endpoint, access, secret := testenv.S3(t)
	suffix := fmt.Sprint(time.Now().UnixNano())
	www := load{bucket: "fdtui-usage-www-" + suffix, objects: 2100, maxSize: 700}
	shop := load{bucket: "fdtui-usage-shared-" + suffix, prefix: "shop-acme-org/", objects: 1300, maxSize: 300}
	other := load{bucket: shop.bucket, prefix: "someone-else/", objects: 40, maxSize: 10}
	uploadLoads(t, endpoint, access, secret, www, shop, other)

	secretFor := func(ns string, l load, ep string) *corev1.Secret {
		return s3Secret(ns, map[string]string{"bucket.txt": l.bucket, "prefix.txt": l.prefix, "endpoint.txt": ep,
			"region.txt": "us-east-1", "access-key.txt": access, "secret-key.txt": secret})
	}
	secrets := []runtime.Object{
		secretFor("www-example-com", www, "http://"+endpoint),
		secretFor("shop-acme-org", shop, "http://"+endpoint),
		secretFor("news-daily-gazette-com", load{bucket: "gone"}, "http://127.0.0.1:1"),
	}
	c, conn, static, path := demoCommon(t)
	static.Cluster.Client = fake.NewClientset(secrets...)
	l := startLive(t, c, conn, cloudui.Config{KubeconfigPath: path, S3Quota: 1 << 20}) // 1 MiB quota: the numbers show

	wantWWW := fmt.Sprintf("%s %d%%", cloudui.FormatBytes(www.bytes()), objstore.QuotaPercent(www.bytes(), 1<<20))
	wantShop := fmt.Sprintf("%s %d%%", cloudui.FormatBytes(shop.bytes()), objstore.QuotaPercent(shop.bytes(), 1<<20))
	screen := l.WaitFor(60*time.Second, "STORAGE", wantWWW, wantShop, "unreachable")
	for domain, want := range map[string]string{"www.example.com": wantWWW, "shop.acme.org": wantShop,
		"news.daily-gazette.com": "unreachable", "blog.kittens.io": "—"} {
		// STORAGE is followed by BACKUP (its own test).
		if line := lineWith(screen, domain); !strings.Contains(line, " "+want+" ") && !strings.HasSuffix(strings.TrimSpace(line), want) {
			t.Errorf("%s: %q, want STORAGE %q", domain, line, want)
		}
	}
	if strings.Contains(screen, secret) {
		t.Fatal("a secret key reached the screen")
	}

	l.Keys(":")
	l.Type("ns shop-acme-org")
	l.Keys("enter")
	detail := l.WaitFor(10*time.Second, "bucket "+shop.bucket+" · prefix shop-acme-org/ · endpoint "+endpoint,
		fmt.Sprintf("1,300 objects · %s (%s bytes)", cloudui.FormatBytes(shop.bytes()), commas(shop.bytes())))
	if strings.Contains(detail, secret) || strings.Contains(detail, access) {
		t.Fatal("a key reached the site detail")
	}
}

func lineWith(screen, s string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func commas(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// uploadLoads creates the buckets and writes every load with a few
// writers each, removing it all when the test ends.
func uploadLoads(t *testing.T, endpoint, access, secret string, loads ...load) {
	t.Helper()
	client, err := minio.New(endpoint, &minio.Options{Creds: credentials.NewStaticV4(access, secret, "")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	made := map[string]bool{}
	for _, l := range loads {
		if made[l.bucket] {
			continue
		}
		made[l.bucket] = true
		if err := client.MakeBucket(ctx, l.bucket, minio.MakeBucketOptions{}); err != nil && minio.ToErrorResponse(err).Code != "BucketAlreadyOwnedByYou" {
			t.Fatal(err)
		}
		t.Cleanup(func() { removeBucket(t, client, l.bucket) })
	}
	const writers = 8
	var wg sync.WaitGroup
	errs := make(chan error, writers*len(loads))
	for _, l := range loads {
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < l.objects; i += writers {
					size := i%l.maxSize + 1
					name := fmt.Sprintf("%sfiles/%05d.bin", l.prefix, i)
					if _, err := client.PutObject(ctx, l.bucket, name, bytes.NewReader(make([]byte, size)), int64(size), minio.PutObjectOptions{}); err != nil {
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

func removeBucket(t *testing.T, client *minio.Client, bucket string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	objects := client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true})
	for res := range client.RemoveObjects(ctx, bucket, objects, minio.RemoveObjectsOptions{}) {
		t.Errorf("removing %s: %v", res.ObjectName, res.Err)
	}
	if err := client.RemoveBucket(ctx, bucket); err != nil {
		t.Errorf("removing bucket %s: %v", bucket, err)
	}
}
