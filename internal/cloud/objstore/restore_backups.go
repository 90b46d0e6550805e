package objstore

import (
	"context"
	"errors"
	"io"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
)

// This file is the restore's own minimal read access to a site's database
// backups (issue 14): list them and open one. The backup feature writes
// a richer listing next to it; the two are meant to be merged into one.

// BackupObject is one database backup in a site's bucket: an object under
// <prefix>backups/ named <domain>-<UTC 20060102T150405Z>.sql.gz
// (blueprint.BackupPrefix), gzip-compressed mysqldump output.
type BackupObject struct {
	// Key is the object's full key in the bucket.
	Key string
	// Size is the compressed size in bytes.
	Size int64
	// LastModified is when the store finished receiving it.
	LastModified time.Time
	// Taken is the UTC time in the name; zero when the name has none
	// (an object someone put there by hand).
	Taken time.Time
}

// Name is the key without its directories.
func (b BackupObject) Name() string { return path.Base(b.Key) }

// When is the time the backup was taken: the name's time, else the
// object's LastModified.
func (b BackupObject) When() time.Time {
	if !b.Taken.IsZero() {
		return b.Taken
	}
	return b.LastModified
}

// BackupTimeLayout is the time in a backup's name (UTC, ISO 8601 basic).
const BackupTimeLayout = "20060102T150405Z"

// BackupTime reads the time out of a backup object's name
// ("www-example-com-20261203T030000Z.sql.gz" or any key ending so); ok
// is false for a name without one.
func BackupTime(key string) (time.Time, bool) {
	name, found := strings.CutSuffix(path.Base(key), ".sql.gz")
	if !found || len(name) < len(BackupTimeLayout)+1 {
		return time.Time{}, false
	}
	stamp := name[len(name)-len(BackupTimeLayout):]
	if name[len(name)-len(BackupTimeLayout)-1] != '-' {
		return time.Time{}, false
	}
	t, err := time.Parse(BackupTimeLayout, stamp)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// SortBackups orders backups newest first (by When, then by key so the
// order is stable).
func SortBackups(bs []BackupObject) {
	sort.SliceStable(bs, func(i, j int) bool {
		a, b := bs[i].When(), bs[j].When()
		if !a.Equal(b) {
			return a.After(b)
		}
		return bs[i].Key > bs[j].Key
	})
}

// BackupStore reads database backups from one object store.
type BackupStore struct{ s *minioStore }

// NewBackupStore opens cfg (it does not contact the endpoint).
func NewBackupStore(cfg Config) (*BackupStore, error) {
	s, err := newMinio(cfg)
	if err != nil {
		return nil, err
	}
	return &BackupStore{s: s}, nil
}

// ListBackups lists the .sql.gz objects under prefix (a site's
// "<S3 prefix>backups/"), newest first. Objects with other suffixes
// (partial uploads of other tools, notes) are left out. Errors: the
// store's, readable (unreachable, access denied, no such bucket).
func (b *BackupStore) ListBackups(ctx context.Context, bucket, prefix string) ([]BackupObject, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var out []BackupObject
	var listErr error
	for obj := range b.s.client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		switch {
		case listErr != nil: // read to the end: minio-go's lister leaks otherwise
		case obj.Err != nil:
			listErr = obj.Err
			cancel()
		case strings.HasSuffix(obj.Key, ".sql.gz"):
			bo := BackupObject{Key: obj.Key, Size: obj.Size, LastModified: obj.LastModified.UTC()}
			bo.Taken, _ = BackupTime(obj.Key)
			out = append(out, bo)
		}
	}
	if listErr != nil {
		return nil, readable(b.s.host, listErr)
	}
	SortBackups(out)
	return out, nil
}

// OpenBackup streams one object's bytes (as stored: compressed). The
// object is checked first (a missing key is an error here, not at the
// first Read); the body then reads until the end or ctx ends. The caller
// closes it.
func (b *BackupStore) OpenBackup(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	obj, err := b.s.client.GetObject(ctx, bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, readable(b.s.host, err)
	}
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		return nil, readable(b.s.host, err)
	}
	return readableBody{obj: obj, host: b.s.host}, nil
}

// readableBody words the store's read errors as the rest of the package
// does.
type readableBody struct {
	obj  *minio.Object
	host string
}

func (r readableBody) Read(p []byte) (int, error) {
	n, err := r.obj.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = readable(r.host, err)
	}
	return n, err
}

func (r readableBody) Close() error { return r.obj.Close() }
