package objstore

import (
	"context"

	"github.com/minio/minio-go/v7"
)

// DeletePrefix removes every object under prefix in bucket, and the bucket
// itself when prefix is "" (a site's own bucket). It lists and deletes in
// batches (minio-go's RemoveObjects uses multi-object DELETE requests of up
// to 1000 keys), so a bucket of any size costs memory of one page.
func (s *minioStore) DeletePrefix(ctx context.Context, bucket, prefix string) error {
	objects := s.client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true})
	for rerr := range s.client.RemoveObjects(ctx, bucket, objects, minio.RemoveObjectsOptions{}) {
		if rerr.Err != nil {
			return readable(s.host, rerr.Err)
		}
	}
	if prefix != "" {
		return nil
	}
	if err := s.client.RemoveBucket(ctx, bucket); err != nil {
		return readable(s.host, err)
	}
	return nil
}
