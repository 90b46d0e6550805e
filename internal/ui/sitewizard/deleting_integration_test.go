package sitewizard_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/sitewizard"
)

// slowFiles is the real backend with a pause after each batch of files:
// on the local MinIO a few thousand files go in a second, too fast to
// press esc in between, as a large bucket on Spaces would allow.
type slowFiles struct {
	sitewizard.Backend
	pause time.Duration
}

func (s slowFiles) Delete(ctx context.Context, ns string, s3 blueprint.S3Settings, opt actions.DeleteOptions, progress func(actions.DeleteReport)) (actions.DeleteReport, error) {
	return s.Backend.Delete(ctx, ns, s3, opt, func(r actions.DeleteReport) {
		progress(r)
		if r.Step == actions.StepFiles && r.FilesDeleted > 0 {
			time.Sleep(s.pause)
		}
	})
}

// TestLiveDeleteSiteFilesInterruptedThenResumed deletes a site whose s3
// Secret names its own bucket of 3,000 files on the local MinIO, through
// the real backend: esc after the first batch leaves exactly the files
// the page did not count, r finishes them and removes the bucket.
func TestLiveDeleteSiteFilesInterruptedThenResumed(t *testing.T) {
	h, cs := liveApp(t, func(c *common.Common) sitewizard.Backend {
		return slowFiles{Backend: sitewizard.KubeBackend(c), pause: 300 * time.Millisecond}
	})
	endpoint, access, secret := testenv.S3(t)
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	domain := "del" + hex.EncodeToString(b) + ".fdtui-test.example"
	ns, err := blueprint.NamespaceFor(domain)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := minioClient()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t.Cleanup(func() {
		_ = cs.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{})
		if ok, _ := mc.BucketExists(context.Background(), ns); ok {
			_ = mc.RemoveBucketWithOptions(context.Background(), ns, minio.RemoveBucketOptions{ForceDelete: true})
		}
	})
	createFilesSite(t, cs, domain, ns, map[string]string{
		blueprint.KeyEndpoint: endpoint, blueprint.KeyBucket: ns, blueprint.KeyPrefix: "",
		blueprint.KeyAccessKey: access, blueprint.KeySecretKey: secret,
	})
	const files = 3000
	start := time.Now()
	putFiles(t, mc, ns, files)
	timed(t, fmt.Sprintf("uploading %d files", files), start)

	h.UntilShows(20*time.Second, domain[:min(len(domain), 18)]) // the SITE column may cut it
	h.Keys("/")
	h.Type(ns)
	h.Keys("enter", "D")
	h.UntilShows(10*time.Second, "Delete the bucket's files too?")
	h.Keys("y")
	h.UntilShows(5*time.Second, "Type "+domain+" to confirm")
	h.Type(domain)
	start = time.Now()
	h.Keys("enter")
	untilSays(h, 30*time.Second, "1,000 deleted so far")
	h.Keys("esc")
	untilSays(h, 30*time.Second, "interrupted:", "the rest remain")
	shown := countBefore(t, h.Screen(), " deleted, the rest remain")
	// The count is a floor: the batch in flight at esc may be deleted on
	// the store without its answer (seen: "1,000" shown, 1,564 gone).
	if left := countFiles(t, mc, ns); shown < 1000 || files-left < shown {
		t.Fatalf("the page says at least %d deleted; %d of %d files are left", shown, left, files)
	}
	t.Logf("interrupted after %d files", shown)

	// Every file is gone and the bucket with them; the total counts the
	// interrupted run's floor, so it says "at least" a number no more
	// than the 3,000 there were (make test saw 2,000: the batch in flight
	// at esc was deleted unanswered).
	h.Keys("r")
	untilSays(h, 60*time.Second, "Site deleted:", "deleted, bucket removed")
	flat := strings.Join(strings.Fields(h.Screen()), " ")
	if total := countBefore(t, h.Screen(), " deleted, bucket removed"); total < shown || total > files ||
		!strings.Contains(flat, fmt.Sprintf("files in bucket %s: at least %s deleted", ns, model.Thousands(int64(total)))) {
		t.Fatalf("after the re-run the page says at least %d files deleted (%d were there, %d counted at esc):\n%s", total, files, shown, h.Screen())
	}
	timed(t, fmt.Sprintf("deleting the site and %d files (with the interruption and %s pauses)", files, "300 ms"), start)
	if ok, err := mc.BucketExists(ctx, ns); ok || err != nil {
		t.Errorf("bucket %s still exists (%v)", ns, err)
	}
}

// createFilesSite makes the least a site needs to be listed and deleted:
// its labelled namespace and its s3 Secret.
func createFilesSite(t *testing.T, cs kubernetes.Interface, domain, ns string, s3 map[string]string) {
	t.Helper()
	ctx, core := context.Background(), cs.CoreV1()
	n := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns,
		Labels:      map[string]string{blueprint.LabelPartOf: blueprint.PartOfFlightDeck, "fdtui.dev/test": "true"},
		Annotations: map[string]string{blueprint.AnnotationDomain: domain}}}
	if _, err := core.Namespaces().Create(ctx, n, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: blueprint.SecretS3, Namespace: ns}, StringData: s3}
	if _, err := core.Secrets(ns).Create(ctx, sec, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func putFiles(t *testing.T, mc *minio.Client, bucket string, n int) {
	t.Helper()
	ctx := context.Background()
	if err := mc.MakeBucket(ctx, bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatal(err)
	}
	const writers = 8
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += writers {
				body := []byte(strconv.Itoa(i))
				name := fmt.Sprintf("sites/default/files/%05d.txt", i)
				if _, err := mc.PutObject(ctx, bucket, name, bytes.NewReader(body), int64(len(body)), minio.PutObjectOptions{}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func countFiles(t *testing.T, mc *minio.Client, bucket string) int {
	t.Helper()
	n := 0
	for obj := range mc.ListObjects(context.Background(), bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			t.Fatal(obj.Err)
		}
		n++
	}
	return n
}

// countBefore reads the number ("1,000") just before suffix on the screen.
func countBefore(t *testing.T, screen, suffix string) int {
	t.Helper()
	flat := strings.Join(strings.Fields(screen), " ")
	m := regexp.MustCompile(`([0-9][0-9,]*)` + regexp.QuoteMeta(suffix)).FindStringSubmatch(flat)
	if m == nil {
		t.Fatalf("no count before %q on the screen:\n%s", suffix, screen)
	}
	n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
