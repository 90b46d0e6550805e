package objstore

import (
	"context"
	"sort"
	"time"

	"github.com/minio/minio-go/v7"
)

// Object is one stored object as a listing reports it.
type Object struct {
	Key          string
	Size         int64 // bytes
	LastModified time.Time
}

// Lister lists the objects under a prefix (the backups of a site).
type Lister interface {
	// Objects returns every object under prefix, newest first (by
	// LastModified, then by key descending: the backup names end in
	// their UTC time), at most MaxListed. Errors are *Error.
	Objects(ctx context.Context, bucket, prefix string) ([]Object, error)
}

// MaxListed bounds one listing: a prefix of backups holds one object per
// run, and years of daily backups are well under it.
const MaxListed = 10000

// NewLister returns a Lister for cfg. It does not contact the endpoint.
func NewLister(cfg Config) (Lister, error) { return newMinio(cfg) }

// Objects lists prefix recursively; one request per 1000 objects.
func (s *minioStore) Objects(ctx context.Context, bucket, prefix string) ([]Object, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var out []Object
	var listErr error
	for obj := range s.client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		switch { // read to the end: minio-go's lister leaks otherwise
		case listErr != nil:
		case obj.Err != nil:
			listErr = obj.Err
			cancel()
		case len(out) >= MaxListed:
			cancel()
		default:
			out = append(out, Object{Key: obj.Key, Size: obj.Size, LastModified: obj.LastModified})
		}
	}
	if listErr != nil {
		return nil, readable(s.host, listErr)
	}
	SortNewestFirst(out)
	return out, nil
}

// SortNewestFirst orders objects by LastModified, newest first; equal
// times by key, descending.
func SortNewestFirst(objs []Object) {
	sort.SliceStable(objs, func(i, j int) bool {
		a, b := objs[i], objs[j]
		if !a.LastModified.Equal(b.LastModified) {
			return a.LastModified.After(b.LastModified)
		}
		return a.Key > b.Key
	})
}

var _ Lister = (*minioStore)(nil)
