package objstore

import (
	"context"
	"sync"
	"time"
)

// Cache keeps the latest usage per endpoint+bucket+prefix and runs at most
// one scan per key in the background, so a UI reads numbers without ever
// waiting on the store. Safe for concurrent use.
type Cache struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[string]*cacheEntry
}

type cacheEntry struct {
	// last is the latest finished scan (Done, or failed with Err).
	last    BucketUsage
	hasLast bool
	// partial is the running scan's progress.
	partial  BucketUsage
	scanning bool
	// finished is when the latest scan ended, good or not: the TTL runs
	// from it, so a failing store is not hammered.
	finished time.Time
}

// NewCache returns a cache whose results go stale after ttl.
func NewCache(ttl time.Duration) *Cache {
	return &Cache{ttl: ttl, now: time.Now, entries: map[string]*cacheEntry{}}
}

// Key names a usage figure.
func Key(endpoint, bucket, prefix string) string {
	return endpoint + "\x00" + bucket + "\x00" + prefix
}

// Get returns the best figure known: the last finished scan (its Err set if
// the latest attempt failed), else the running scan's partial count
// (Done false). ok is false when nothing is known yet.
func (c *Cache) Get(key string) (BucketUsage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	switch {
	case e == nil:
		return BucketUsage{}, false
	case e.hasLast:
		return e.last, true
	case e.scanning && e.partial.Objects > 0:
		return e.partial, true
	}
	return BucketUsage{}, false
}

// Scanning reports whether a scan for key is running, with its progress.
func (c *Cache) Scanning(key string) (BucketUsage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil && e.scanning {
		return e.partial, true
	}
	return BucketUsage{}, false
}

// Put records a finished scan (e.g. one run outside the cache).
func (c *Cache) Put(key string, u BucketUsage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entry(key)
	e.record(u)
	e.finished = c.now()
}

// Refresh starts a background scan of bucket/prefix unless one is running
// or the last result is younger than the TTL; it reports whether it
// started one. notify (may be nil) gets progress and the final result from
// the scanning goroutine and must not block for long. The scan stops when
// ctx is cancelled.
func (c *Cache) Refresh(ctx context.Context, s Store, endpoint, bucket, prefix string, notify func(BucketUsage)) bool {
	key := Key(endpoint, bucket, prefix)
	if !c.claim(key) {
		return false
	}
	go func() {
		progress := func(u BucketUsage) {
			c.progress(key, u)
			if notify != nil && !u.Done && u.Err == nil {
				notify(u)
			}
		}
		u, err := s.Usage(ctx, bucket, prefix, progress)
		if err != nil && u.Err == nil {
			u.Err = err
		}
		c.Put(key, u)
		if notify != nil {
			notify(u)
		}
	}()
	return true
}

// Due reports whether Refresh would start a scan of the prefix now: none
// is running and the last finished more than the TTL ago. A caller that
// must open a Store to refresh asks first: the sites screen asks for
// every visible row on every change, and opening a minio client each time
// was a tenth of fdtui's CPU on a busy 1,000-site cluster.
func (c *Cache) Due(endpoint, bucket, prefix string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[Key(endpoint, bucket, prefix)]
	return e == nil || !(e.scanning || (!e.finished.IsZero() && c.now().Sub(e.finished) < c.ttl))
}

func (c *Cache) claim(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entry(key)
	if e.scanning || (!e.finished.IsZero() && c.now().Sub(e.finished) < c.ttl) {
		return false
	}
	e.scanning, e.partial = true, BucketUsage{}
	return true
}

func (c *Cache) progress(key string, u BucketUsage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil && e.scanning {
		e.partial = u
	}
}

func (c *Cache) entry(key string) *cacheEntry {
	e := c.entries[key]
	if e == nil {
		e = &cacheEntry{}
		c.entries[key] = e
	}
	return e
}

// record keeps a good figure when a later scan fails: the UI shows the old
// numbers (and their own Scanned time) with the error rather than nothing.
func (e *cacheEntry) record(u BucketUsage) {
	e.scanning, e.partial = false, BucketUsage{}
	if u.Err != nil && e.hasLast && e.last.Done {
		e.last.Err = u.Err
		return
	}
	e.last, e.hasLast = u, true
}
