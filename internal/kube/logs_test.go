package kube

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"k8s.io/client-go/kubernetes/fake"
)

func texts(lines []LogLine) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

func TestLogBufferSplitsLines(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{"apache access log", "10.0.0.1 - - \"GET / HTTP/1.1\" 200\n10.0.0.2 - - \"GET /user HTTP/1.1\" 302\n",
			[]string{`10.0.0.1 - - "GET / HTTP/1.1" 200`, `10.0.0.2 - - "GET /user HTTP/1.1" 302`}},
		{"last line without newline is kept", "a\nb", []string{"a", "b"}},
		{"CRLF line ends", "a\r\nb\r\n", []string{"a", "b"}},
		{"empty lines count", "a\n\nb\n", []string{"a", "", "b"}},
		{"invalid UTF-8 is made printable", "caf\xe9\n", []string{"caf\uFFFD"}},
		{"nothing", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewLogBuffer(10)
			n, err := b.ReadFrom(strings.NewReader(tt.input))
			if err != nil || n != int64(len(tt.input)) {
				t.Fatalf("ReadFrom = %d, %v", n, err)
			}
			if got := texts(b.Lines(0, 100)); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func numberedLines(from, to int) string {
	var sb strings.Builder
	for i := from; i < to; i++ {
		fmt.Fprintf(&sb, "line %d\n", i)
	}
	return sb.String()
}

func TestLogBufferKeepsTheLastLinesWithStableNumbers(t *testing.T) {
	b := NewLogBuffer(3)
	if _, err := b.ReadFrom(strings.NewReader(numberedLines(0, 5))); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 3 || b.Dropped() != 2 || b.End() != 5 {
		t.Fatalf("Len %d Dropped %d End %d, want 3 2 5", b.Len(), b.Dropped(), b.End())
	}
	cases := []struct {
		from, n int
		want    []string
	}{
		{2, 3, []string{"line 2", "line 3", "line 4"}},
		{3, 1, []string{"line 3"}},
		{0, 2, []string{"line 2", "line 3"}}, // pushed-out lines are skipped
		{4, 10, []string{"line 4"}},
		{5, 10, nil},
		{2, 0, nil},
	}
	for _, c := range cases {
		if got := texts(b.Lines(c.from, c.n)); !slices.Equal(got, c.want) {
			t.Errorf("Lines(%d, %d) = %q, want %q", c.from, c.n, got, c.want)
		}
	}
	// Numbers survive more lines arriving.
	if _, err := b.ReadFrom(strings.NewReader(numberedLines(5, 7))); err != nil {
		t.Fatal(err)
	}
	if got := texts(b.Lines(4, 1)); !slices.Equal(got, []string{"line 4"}) {
		t.Errorf("line 4 moved: %q", got)
	}
	if got := b.Search("line"); !slices.Equal(got, []int{4, 5, 6}) {
		t.Errorf("Search = %v, want [4 5 6]", got)
	}
}

func TestLogBufferSearch(t *testing.T) {
	b := NewLogBuffer(100)
	log := "PHP Notice: Undefined index\nGET / 200\nPHP Fatal error: Allowed memory size exhausted\nGET /user 500\n"
	if _, err := b.ReadFrom(strings.NewReader(log)); err != nil {
		t.Fatal(err)
	}
	if got := b.Search("PHP"); !slices.Equal(got, []int{0, 2}) {
		t.Errorf("Search(PHP) = %v", got)
	}
	if got := b.Search("nope"); got != nil {
		t.Errorf("Search(nope) = %v", got)
	}
}

func TestLogBufferTruncatesLongLines(t *testing.T) {
	b := NewLogBuffer(10)
	// A multi-byte rune straddles the cap: it must not be cut in half.
	long := strings.Repeat("a", MaxLogLineBytes-1) + "é" + strings.Repeat("b", 10000)
	if _, err := b.ReadFrom(strings.NewReader(long + "\nshort\n")); err != nil {
		t.Fatal(err)
	}
	lines := b.Lines(0, 10)
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	if !lines[0].Truncated || len(lines[0].Text) != MaxLogLineBytes-1 || !utf8.ValidString(lines[0].Text) {
		t.Errorf("long line: truncated=%v len=%d valid=%v", lines[0].Truncated, len(lines[0].Text), utf8.ValidString(lines[0].Text))
	}
	if lines[1] != (LogLine{Text: "short"}) {
		t.Errorf("next line %+v", lines[1])
	}
}

// endless yields one newline-free line forever, like a stuck process
// printing progress without line ends.
type endless struct{ left int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), e.left)
	for i := range p[:n] {
		p[i] = 'x'
	}
	e.left -= n
	return int(n), nil
}

func TestLogBufferMemoryStaysBoundedOnAnEndlessLine(t *testing.T) {
	b := NewLogBuffer(5)
	n, err := b.ReadFrom(&endless{left: 64 << 20})
	if err != nil || n != 64<<20 {
		t.Fatalf("ReadFrom = %d, %v", n, err)
	}
	if cap(b.pending) > 2*MaxLogLineBytes {
		t.Errorf("pending line grew to %d bytes", cap(b.pending))
	}
	if l := b.Lines(0, 1); len(l) != 1 || !l[0].Truncated || len(l[0].Text) != MaxLogLineBytes {
		t.Errorf("got %d lines", len(l))
	}
}

type failingReader struct{ r io.Reader }

func (f failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, errors.New("stream reset")
	}
	return n, err
}

func TestLogBufferReturnsStreamErrors(t *testing.T) {
	b := NewLogBuffer(10)
	_, err := b.ReadFrom(failingReader{strings.NewReader("one\ntwo\n")})
	if err == nil || err.Error() != "stream reset" {
		t.Fatalf("err %v", err)
	}
	if got := texts(b.Lines(0, 10)); !slices.Equal(got, []string{"one", "two"}) {
		t.Errorf("lines before the error lost: %q", got)
	}
}

// TestLogBufferConcurrentReaders is for -race: one writer, several readers.
func TestLogBufferConcurrentReaders(t *testing.T) {
	b := NewLogBuffer(100)
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = b.ReadFrom(pr)
	}()
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for range 200 {
				_ = b.Lines(b.End()-10, 10)
				_ = b.Search("7")
				_ = b.Len() + int(b.Dropped())
			}
		})
	}
	for i := range 1000 {
		fmt.Fprintf(pw, "line %d\n", i)
	}
	pw.Close()
	wg.Wait()
	<-done
	if b.Len() != 100 || b.Dropped() != 900 {
		t.Errorf("Len %d Dropped %d", b.Len(), b.Dropped())
	}
}

func TestLogOptionsBoundTheTail(t *testing.T) {
	tests := []struct {
		in       LogOptions
		wantTail int64
	}{
		{LogOptions{}, DefaultTailLines},
		{LogOptions{TailLines: 50}, 50},
		{LogOptions{TailLines: 1 << 40}, MaxTailLines},
		{LogOptions{TailLines: -1}, DefaultTailLines},
	}
	for _, tt := range tests {
		o := tt.in.podLogOptions("web")
		if o.Container != "web" || o.TailLines == nil || *o.TailLines != tt.wantTail {
			t.Errorf("%+v -> %+v", tt.in, o)
		}
	}
	o := LogOptions{Follow: true, Previous: true, SinceSeconds: 300}.podLogOptions("varnish")
	if !o.Follow || !o.Previous || o.SinceSeconds == nil || *o.SinceSeconds != 300 {
		t.Errorf("flags lost: %+v", o)
	}
	if o := (LogOptions{}).podLogOptions("web"); o.SinceSeconds != nil {
		t.Errorf("SinceSeconds set without asking: %v", *o.SinceSeconds)
	}
}

func TestStreamLogsReadsIntoBuffer(t *testing.T) {
	// The fake clientset serves "fake logs" for any pod.
	r, err := StreamLogs(context.Background(), fake.NewClientset(), opsNS, "web-1", "web", LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b := NewLogBuffer(10)
	if _, err := b.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	if got := texts(b.Lines(0, 10)); !slices.Equal(got, []string{"fake logs"}) {
		t.Errorf("got %q", got)
	}
}
