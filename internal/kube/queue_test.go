package kube

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"
)

func TestQueueCoalescesRepeatedChanges(t *testing.T) {
	q := NewQueue(10)
	pod := Change{Kind: KindPod, Namespace: "a", Name: "web-1"}
	for range 5 {
		q.Add(pod)
	}
	q.Add(Change{Kind: KindPod, Namespace: "a", Name: "web-2"})
	b, err := q.Next(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Changes) != 2 || b.Resync {
		t.Fatalf("want 2 coalesced changes, got %+v", b)
	}
	if q.Len() != 0 {
		t.Fatalf("queue not drained: %d", q.Len())
	}
}

func TestQueueOverflowAsksForResync(t *testing.T) {
	q := NewQueue(3)
	for i := range 10 {
		q.Add(Change{Kind: KindPod, Name: string(rune('a' + i))})
	}
	b, _ := q.Next(context.Background(), 0)
	if !b.Resync || len(b.Changes) != 0 {
		t.Fatalf("want resync with no keys, got %+v", b)
	}
	q.Add(Change{Kind: KindPod, Name: "x"})
	b, _ = q.Next(context.Background(), 0)
	if b.Resync || len(b.Changes) != 1 {
		t.Fatalf("overflow must reset after a drain, got %+v", b)
	}
}

func TestQueueAddNeverBlocksWithoutReader(t *testing.T) {
	q := NewQueue(100000)
	done := make(chan struct{})
	go func() {
		for i := range 50000 {
			q.Add(Change{Kind: KindEvent, Name: string(rune(i))})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Add blocked with no reader")
	}
}

func TestQueueNextHonoursContext(t *testing.T) {
	q := NewQueue(3)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := q.Next(ctx, time.Second); err == nil {
		t.Fatal("want context error")
	}
}

func TestQueueBatchesAWindow(t *testing.T) {
	q := NewQueue(100)
	q.Add(Change{Kind: KindPod, Name: "first"})
	go func() {
		time.Sleep(10 * time.Millisecond)
		q.Add(Change{Kind: KindPod, Name: "second"})
	}()
	b, _ := q.Next(context.Background(), 200*time.Millisecond)
	if len(b.Changes) != 2 {
		t.Fatalf("want both changes in one batch, got %+v", b.Changes)
	}
}

func TestPingFailureMarksFailingAndSuccessClears(t *testing.T) {
	q := NewQueue(10)
	h := newHealth(q)
	h.pinged(errors.New("connection refused"))
	if s := h.State(); !s.Failing || s.LastError == "" {
		t.Fatalf("state after a failed ping: %+v", s)
	}
	h.pinged(nil)
	if h.State().Failing {
		t.Fatal("a successful ping should clear the failing state")
	}
	b, _ := q.Next(context.Background(), 0)
	if len(b.Changes) != 1 || b.Changes[0].Kind != KindConnection {
		t.Fatalf("want one connection change, got %+v", b.Changes)
	}
}

// onQuiet runs each time quiet passes with nothing new, and the change
// that comes after is still returned; a change before quiet skips it.
func TestQueueNextOrQuiet(t *testing.T) {
	q := NewQueue(10)
	quiets := 0
	b, err := q.NextOrQuiet(context.Background(), 0, 5*time.Millisecond, func() {
		if quiets++; quiets == 3 {
			q.Add(Change{Kind: KindPod, Name: "late"})
		}
	})
	if err != nil || len(b.Changes) != 1 || b.Changes[0].Name != "late" || quiets != 3 {
		t.Fatalf("after quiet: batch %+v, err %v, onQuiet ran %d times; want the late change and 3", b, err, quiets)
	}
	q.Add(Change{Kind: KindPod, Name: "early"})
	b, err = q.NextOrQuiet(context.Background(), 0, time.Hour, func() { quiets++ })
	if err != nil || len(b.Changes) != 1 || quiets != 3 {
		t.Fatalf("a pending change: batch %+v, err %v, onQuiet ran %d times; want it and no more", b, err, quiets)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := q.NextOrQuiet(ctx, 0, time.Millisecond, func() { quiets++ }); !errors.Is(err, context.DeadlineExceeded) || quiets < 4 {
		t.Fatalf("closed while quiet: err %v, onQuiet ran %d times; want the context's error and more than 3", err, quiets)
	}
}

// A drained or overflowed queue that held many changes starts a new map:
// a cleared one would keep the tables of the first LISTs' burst.
func TestQueueDropsALargeMapWhenEmptied(t *testing.T) {
	q := NewQueue(3 * shrinkAfter)
	mapOf := func() uintptr { return reflect.ValueOf(q.pending).Pointer() }
	small := mapOf()
	q.Add(Change{Kind: KindPod, Name: "one"})
	q.drain()
	if mapOf() != small {
		t.Fatal("a small map was replaced: it should be cleared and kept")
	}
	for i := range 2 * shrinkAfter {
		q.Add(Change{Kind: KindPod, Name: strconv.Itoa(i)})
	}
	if b := q.drain(); len(b.Changes) != 2*shrinkAfter || mapOf() == small {
		t.Fatalf("drained %d changes; map replaced: %v", len(b.Changes), mapOf() != small)
	}
	grown := mapOf()
	for i := range 3*shrinkAfter + 1 { // the last Add overflows
		q.Add(Change{Kind: KindPod, Name: strconv.Itoa(i)})
	}
	if !q.overflow || len(q.pending) != 0 || mapOf() == grown {
		t.Fatalf("overflow %v, %d pending, map replaced: %v", q.overflow, len(q.pending), mapOf() != grown)
	}
}
