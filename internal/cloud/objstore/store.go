package objstore

import (
	"context"
	"net"
	"net/http"
	"sort"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// BucketUsage is the size of a bucket (or a prefix in it). While a scan
// runs Done is false and the counts are what was seen so far.
type BucketUsage struct {
	Bucket, Prefix string
	Bytes          int64
	Objects        int64
	Done           bool
	// Err is why the scan stopped early, if it did.
	Err     error
	Scanned time.Time
}

// Store is what the dashboard needs from an object store.
type Store interface {
	ListBuckets(ctx context.Context) ([]string, error)
	// Usage lists every object under prefix, calling progress (if not nil)
	// about every ProgressEvery objects and once at the end.
	Usage(ctx context.Context, bucket, prefix string, progress func(BucketUsage)) (BucketUsage, error)
	EnsureBucket(ctx context.Context, bucket, region string) error
}

// ProgressEvery is how many objects Usage counts, and DeletePrefix
// deletes, between progress calls (one listing page, one multi-delete).
const ProgressEvery = 1000

// Timeouts keep an unreachable store from holding anything up: a dead
// endpoint fails within dialTimeout, a single request within callTimeout.
const (
	dialTimeout = 3 * time.Second
	callTimeout = 15 * time.Second
)

type minioStore struct {
	client *minio.Client
	host   string
}

// New returns a Store for cfg. It does not contact the endpoint.
func New(cfg Config) (Store, error) {
	return newMinio(cfg)
}

func newMinio(cfg Config) (*minioStore, error) {
	host, secure, err := cfg.hostAndTLS()
	if err != nil {
		return nil, err
	}
	client, err := minio.New(host, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: secure, Region: cfg.Region, Transport: transport(),
		// minio-go retries 10 times with backoff by default; a dashboard
		// would rather say "unreachable" now and try again on its tick.
		MaxRetries: 1,
	})
	if err != nil {
		return nil, readable(host, err)
	}
	return &minioStore{client: client, host: host}, nil
}

func transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = dialTimeout
	t.ResponseHeaderTimeout = callTimeout
	t.MaxIdleConnsPerHost = 16
	return t
}

// ListBuckets returns bucket names, sorted.
func (s *minioStore) ListBuckets(ctx context.Context) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	buckets, err := s.client.ListBuckets(ctx)
	if err != nil {
		return nil, readable(s.host, err)
	}
	names := make([]string, 0, len(buckets))
	for _, b := range buckets {
		names = append(names, b.Name)
	}
	sort.Strings(names)
	return names, nil
}

// EnsureBucket creates bucket in region unless it already exists.
func (s *minioStore) EnsureBucket(ctx context.Context, bucket, region string) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	exists, err := s.client.BucketExists(ctx, bucket)
	if err != nil {
		return readable(s.host, err)
	}
	if exists {
		return nil
	}
	err = s.client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{Region: region})
	if code := minio.ToErrorResponse(err).Code; code == "BucketAlreadyOwnedByYou" {
		return nil // created concurrently by us
	}
	return readable(s.host, err)
}

// Usage sums object sizes under prefix. Metadata is not fetched: the
// listing alone carries sizes, one request per 1000 objects.
func (s *minioStore) Usage(ctx context.Context, bucket, prefix string, progress func(BucketUsage)) (BucketUsage, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	u := BucketUsage{Bucket: bucket, Prefix: prefix}
	objects := s.client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true, WithMetadata: false})
	var scanErr error
	for obj := range objects { // read to the end: minio-go's lister leaks otherwise
		switch {
		case scanErr != nil:
		case obj.Err != nil:
			scanErr = obj.Err
			cancel()
		default:
			u.Bytes += obj.Size
			u.Objects++
			if progress != nil && u.Objects%ProgressEvery == 0 {
				u.Scanned = time.Now()
				progress(u)
			}
		}
	}
	if scanErr == nil {
		scanErr = ctx.Err() // cancelled between pages without an error item
	}
	u.Scanned, u.Done = time.Now(), scanErr == nil
	if scanErr != nil {
		u.Err = readable(s.host, scanErr)
	}
	if progress != nil {
		progress(u)
	}
	return u, u.Err
}

var _ Store = (*minioStore)(nil)
