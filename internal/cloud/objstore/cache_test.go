package objstore

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// gatedStore reports progress, then waits for release before finishing, so
// tests can look at the cache mid-scan.
type gatedStore struct {
	release chan struct{}
	result  BucketUsage
	err     error
	mu      sync.Mutex
	scans   int
}

func (g *gatedStore) ListBuckets(context.Context) ([]string, error)      { return nil, nil }
func (g *gatedStore) EnsureBucket(context.Context, string, string) error { return nil }
func (g *gatedStore) Usage(ctx context.Context, bucket, prefix string, progress func(BucketUsage)) (BucketUsage, error) {
	g.mu.Lock()
	g.scans++
	g.mu.Unlock()
	progress(BucketUsage{Bucket: bucket, Prefix: prefix, Bytes: 1000, Objects: 1000})
	select {
	case <-g.release:
	case <-ctx.Done():
		return BucketUsage{Bucket: bucket, Prefix: prefix, Err: ctx.Err()}, ctx.Err()
	}
	u := g.result
	u.Bucket, u.Prefix, u.Err = bucket, prefix, g.err
	return u, g.err
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCacheNeverBlocksAndDedupsScans(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	cache := NewCache(time.Minute)
	cache.now = func() time.Time { return now }
	store := &gatedStore{release: make(chan struct{}), result: BucketUsage{Bytes: 5000, Objects: 2500, Done: true, Scanned: now}}
	key := Key("127.0.0.1:9000", "sites", "example-com/")

	if _, ok := cache.Get(key); ok {
		t.Fatal("empty cache should know nothing")
	}
	var notified []BucketUsage
	var mu sync.Mutex
	notify := func(u BucketUsage) { mu.Lock(); notified = append(notified, u); mu.Unlock() }
	if !cache.Due("127.0.0.1:9000", "sites", "example-com/") {
		t.Fatal("a prefix never scanned should be due")
	}
	if !cache.Refresh(context.Background(), store, "127.0.0.1:9000", "sites", "example-com/", notify) {
		t.Fatal("first refresh should start a scan")
	}
	if cache.Due("127.0.0.1:9000", "sites", "example-com/") {
		t.Error("a prefix being scanned should not be due")
	}
	waitFor(t, "progress", func() bool { u, ok := cache.Get(key); return ok && u.Objects == 1000 })
	if u, _ := cache.Get(key); u.Done {
		t.Error("a partial count must not claim to be done")
	}
	if cache.Refresh(context.Background(), store, "127.0.0.1:9000", "sites", "example-com/", nil) {
		t.Error("a second refresh while scanning must not start another")
	}
	close(store.release)
	waitFor(t, "result", func() bool { _, scanning := cache.Scanning(key); return !scanning })
	if u, ok := cache.Get(key); !ok || !u.Done || u.Bytes != 5000 || u.Objects != 2500 {
		t.Errorf("final = %+v", u)
	}
	if cache.Refresh(context.Background(), store, "127.0.0.1:9000", "sites", "example-com/", nil) || cache.Due("127.0.0.1:9000", "sites", "example-com/") {
		t.Error("a fresh result must not be rescanned")
	}
	now = now.Add(2 * time.Minute)
	if !cache.Due("127.0.0.1:9000", "sites", "example-com/") {
		t.Error("a stale result should be due")
	}
	if !cache.Refresh(context.Background(), store, "127.0.0.1:9000", "sites", "example-com/", nil) {
		t.Error("a stale result should be rescanned")
	}
	waitFor(t, "rescan", func() bool { _, scanning := cache.Scanning(key); return !scanning })
	mu.Lock()
	defer mu.Unlock()
	if len(notified) != 2 || notified[0].Done || !notified[1].Done {
		t.Errorf("notified = %+v", notified)
	}
	if store.scans != 2 {
		t.Errorf("scans = %d", store.scans)
	}
}

func TestCacheKeepsGoodFigureWhenRescanFails(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	cache := NewCache(time.Minute)
	cache.now = func() time.Time { return now }
	key := Key("e", "b", "")
	cache.Put(key, BucketUsage{Bucket: "b", Bytes: 42, Objects: 2, Done: true, Scanned: now})
	now = now.Add(time.Hour)
	store := &gatedStore{release: make(chan struct{}), err: errors.New("object store e: cannot reach it")}
	close(store.release)
	cache.Refresh(context.Background(), store, "e", "b", "", nil)
	waitFor(t, "failed scan", func() bool { _, scanning := cache.Scanning(key); return !scanning })
	u, _ := cache.Get(key)
	if u.Bytes != 42 || !u.Done || u.Err == nil || !u.Scanned.Equal(now.Add(-time.Hour)) {
		t.Errorf("after a failed rescan = %+v", u)
	}
	if cache.Refresh(context.Background(), store, "e", "b", "", nil) {
		t.Error("a failure should also wait out the TTL")
	}
}

func TestUnreachableEndpointFailsQuicklyAndReadably(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s, err := New(Config{Endpoint: "http://" + addr, AccessKey: "k", SecretKey: "secret-value"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = s.ListBuckets(context.Background())
	if want := "object store " + addr + ": cannot reach it: connection refused"; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	_, err = s.Usage(context.Background(), "sites", "", nil)
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("usage err = %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v", took)
	}
	if strings.Contains(err.Error(), "secret-value") {
		t.Error("error leaks the secret key")
	}
}
