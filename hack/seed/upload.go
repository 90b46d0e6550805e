package main

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"mime"
	"path"
	"strings"
	"sync"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// uploadWorkers is how many PUTs run at once against the local MinIO.
const uploadWorkers = 8

// filesPrefix is where Drupal keeps public files.
const filesPrefix = "sites/default/files/"

// noise is the content every object is cut from: random bytes (so nothing
// compresses away), the same on every run.
var noise = func() []byte {
	b := make([]byte, 1<<20)
	r := rand.New(rand.NewChaCha8([32]byte{'f', 'd', 't', 'u', 'i'}))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}()

type uploader struct {
	client *minio.Client
}

func newUploader(env s3Env) (*uploader, error) {
	host, secure := hostOf(env.Endpoint)
	client, err := minio.New(host, &minio.Options{
		Creds: credentials.NewStaticV4(env.AccessKey, env.SecretKey, ""), Secure: secure, Region: s3Region,
	})
	if err != nil {
		return nil, err
	}
	return &uploader{client: client}, nil
}

// uploadStats is what one site's upload did.
type uploadStats struct {
	Objects, Uploaded int
	Bytes             int64
}

// sync uploads the files the bucket lacks (or holds at another size).
func (u *uploader) sync(ctx context.Context, bucket string, files []fileSpec) (uploadStats, error) {
	have, err := u.sizes(ctx, bucket)
	if err != nil {
		return uploadStats{}, err
	}
	stats := uploadStats{Objects: len(files)}
	var todo []fileSpec
	for _, f := range files {
		stats.Bytes += f.Size
		if size, ok := have[f.Key]; !ok || size != f.Size {
			todo = append(todo, f)
		}
	}
	stats.Uploaded = len(todo)
	return stats, u.putAll(ctx, bucket, todo)
}

func (u *uploader) sizes(ctx context.Context, bucket string) (map[string]int64, error) {
	out := map[string]int64{}
	for obj := range u.client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: filesPrefix, Recursive: true}) {
		if obj.Err != nil {
			return nil, fmt.Errorf("listing bucket %s: %w", bucket, obj.Err)
		}
		out[obj.Key] = obj.Size
	}
	return out, nil
}

func (u *uploader) putAll(ctx context.Context, bucket string, files []fileSpec) error {
	jobs := make(chan fileSpec)
	errs := make(chan error, uploadWorkers)
	var wg sync.WaitGroup
	for range uploadWorkers {
		wg.Go(func() {
			for f := range jobs {
				if err := u.put(ctx, bucket, f); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	var firstErr error
feed:
	for _, f := range files {
		select {
		case jobs <- f:
		case firstErr = <-errs:
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if firstErr == nil {
		firstErr = <-errs // nil when the channel is empty
	}
	return firstErr
}

func (u *uploader) put(ctx context.Context, bucket string, f fileSpec) error {
	h := fnv.New64a()
	h.Write([]byte(f.Key))
	off := int64(h.Sum64() % uint64(int64(len(noise))-f.Size))
	body := bytes.NewReader(noise[off : off+f.Size])
	_, err := u.client.PutObject(ctx, bucket, f.Key, body, f.Size,
		minio.PutObjectOptions{ContentType: mime.TypeByExtension(path.Ext(f.Key))})
	if err != nil {
		return fmt.Errorf("uploading %s/%s: %w", bucket, f.Key, err)
	}
	return nil
}

// hostOf splits an http(s) endpoint into host and TLS, as minio.New wants.
func hostOf(endpoint string) (host string, secure bool) {
	if host, ok := strings.CutPrefix(endpoint, "https://"); ok {
		return host, true
	}
	return strings.TrimPrefix(endpoint, "http://"), false
}
