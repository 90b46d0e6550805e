package kube

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
)

// Log tail bounds: a log view never asks the kubelet for a whole log.
const (
	DefaultTailLines = 1000
	MaxTailLines     = 10000
)

// LogOptions choose which of a container's logs to read.
type LogOptions struct {
	// Follow keeps the stream open for new lines until ctx ends.
	Follow bool
	// Previous reads the last terminated instance of the container (the
	// one that crashed, for a CrashLoopBackOff).
	Previous bool
	// TailLines is how many of the last lines to start with: 0 means
	// DefaultTailLines; more than MaxTailLines is cut to MaxTailLines.
	TailLines int64
	// SinceSeconds, when > 0, drops lines older than that.
	SinceSeconds int64
}

// podLogOptions turns opt into the API's options for one container.
func (opt LogOptions) podLogOptions(container string) *corev1.PodLogOptions {
	tail := opt.TailLines
	if tail <= 0 {
		tail = DefaultTailLines
	}
	tail = min(tail, MaxTailLines)
	o := &corev1.PodLogOptions{Container: container, Follow: opt.Follow, Previous: opt.Previous, TailLines: &tail}
	if opt.SinceSeconds > 0 {
		o.SinceSeconds = new(opt.SinceSeconds)
	}
	return o
}

// StreamLogs opens one container's logs. The caller closes the reader;
// cancelling ctx ends a followed stream.
func StreamLogs(ctx context.Context, cs kubernetes.Interface, ns, pod, container string, opt LogOptions) (io.ReadCloser, error) {
	r, err := cs.CoreV1().Pods(ns).GetLogs(pod, opt.podLogOptions(container)).Stream(ctx)
	if err != nil {
		which := "logs"
		if opt.Previous {
			which = "previous logs"
		}
		return nil, fmt.Errorf("%s of %s/%s container %s: %w", which, ns, pod, container, err)
	}
	return r, nil
}

// MaxLogLineBytes caps one stored log line; the rest of a longer line is
// discarded (and the line marked Truncated) so that a stream of endless
// lines cannot grow memory.
const MaxLogLineBytes = 4096

// LogLine is one stored line, without its newline.
type LogLine struct {
	Text string
	// Truncated: the line was longer than MaxLogLineBytes.
	Truncated bool
}

// LogBuffer keeps the last maxLines lines of a log stream: a ring, so
// memory stays bounded however long a followed stream runs. One goroutine
// writes (ReadFrom); any number may read at the same time.
//
// Lines are numbered from 0 in the order they arrived and keep their
// number: lines below Dropped() have been pushed out, so the held lines
// are Dropped() .. End()-1. A view scrolled to line 5000 stays on the same
// text while new lines arrive.
type LogBuffer struct {
	mu      sync.RWMutex
	ring    []LogLine
	start   int // ring index of the oldest held line
	count   int
	dropped int64

	// The line being read, touched only by the writer.
	pending          []byte
	pendingTruncated bool
}

// NewLogBuffer returns a buffer that holds at most maxLines lines (at
// least 1).
func NewLogBuffer(maxLines int) *LogBuffer {
	return &LogBuffer{ring: make([]LogLine, max(maxLines, 1))}
}

// ReadFrom reads r until EOF or an error, splitting it into lines; a last
// line without a newline is kept at EOF. It returns the bytes read and
// nil at EOF, or the read error (a cancelled follow, a broken stream).
func (b *LogBuffer) ReadFrom(r io.Reader) (int64, error) {
	br := bufio.NewReaderSize(r, 32*1024)
	var n int64
	for {
		chunk, err := br.ReadSlice('\n')
		n += int64(len(chunk))
		b.appendPending(chunk)
		switch {
		case err == nil:
			b.commit()
		case err == bufio.ErrBufferFull:
			// A long line: keep reading it; appendPending caps it.
		case err == io.EOF:
			if len(b.pending) > 0 || b.pendingTruncated {
				b.commit()
			}
			return n, nil
		default:
			return n, err
		}
	}
}

func (b *LogBuffer) appendPending(chunk []byte) {
	chunk = bytes.TrimSuffix(chunk, []byte("\n"))
	room := MaxLogLineBytes - len(b.pending)
	if len(chunk) > room {
		chunk = chunk[:max(room, 0)]
		b.pendingTruncated = true
	}
	b.pending = append(b.pending, chunk...)
}

// commit stores the pending line, pushing out the oldest when full.
func (b *LogBuffer) commit() {
	line := LogLine{Text: lineText(b.pending, b.pendingTruncated), Truncated: b.pendingTruncated}
	b.pending, b.pendingTruncated = b.pending[:0], false
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.count < len(b.ring) {
		b.ring[(b.start+b.count)%len(b.ring)] = line
		b.count++
		return
	}
	b.ring[b.start] = line
	b.start = (b.start + 1) % len(b.ring)
	b.dropped++
}

// lineText makes a stored string: no CR of a CRLF line end, no half rune
// left by truncation, no invalid UTF-8 for the terminal to choke on.
func lineText(raw []byte, truncated bool) string {
	if truncated {
		// Drop the bytes of a rune cut in half (at most UTFMax-1).
		for i := 0; i < utf8.UTFMax-1 && len(raw) > 0; i++ {
			if r, size := utf8.DecodeLastRune(raw); r != utf8.RuneError || size > 1 {
				break
			}
			raw = raw[:len(raw)-1]
		}
	}
	raw = bytes.TrimSuffix(raw, []byte("\r"))
	return strings.ToValidUTF8(string(raw), "\uFFFD")
}

// Len is the number of lines held.
func (b *LogBuffer) Len() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.count
}

// Dropped is the number of lines pushed out; it is also the number of the
// oldest held line.
func (b *LogBuffer) Dropped() int64 {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.dropped
}

// End is the number the next line will get: Dropped() + Len().
func (b *LogBuffer) End() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return int(b.dropped) + b.count
}

// Lines returns up to n lines from line number from on. Lines already
// pushed out are skipped, so the result starts at max(from, Dropped()).
func (b *LogBuffer) Lines(from, n int) []LogLine {
	b.mu.RLock()
	defer b.mu.RUnlock()
	first := max(from-int(b.dropped), 0)
	last := min(first+max(n, 0), b.count)
	if first >= last {
		return nil
	}
	out := make([]LogLine, 0, last-first)
	for i := first; i < last; i++ {
		out = append(out, b.ring[(b.start+i)%len(b.ring)])
	}
	return out
}

// Search returns the numbers of the held lines containing substr, oldest
// first.
func (b *LogBuffer) Search(substr string) []int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var hits []int
	for i := range b.count {
		if strings.Contains(b.ring[(b.start+i)%len(b.ring)].Text, substr) {
			hits = append(hits, int(b.dropped)+i)
		}
	}
	return hits
}
