package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// stderrCapture keeps everything but fdtui off the terminal while the UI
// runs. Two paths lead there: Go code writing to os.Stderr (client-go
// hands os.Stderr to exec credential plugins, whose messages would tear
// through the screen; Bubble Tea prints a caught panic there) and writes
// to file descriptor 2 itself (the Go runtime's fatal errors, C code). The
// first goes through a pipe into the log file, remembering the last line
// for the status bar; the second is pointed at the log file directly.
type stderrCapture struct {
	origVar *os.File // os.Stderr before
	origFD  int      // a duplicate of descriptor 2 before; -1: left alone
	w       *os.File
	done    chan struct{}

	mu   sync.Mutex
	last string
}

// captureStderr starts the capture into log. Restore must be called
// (it also waits until every captured line is in the log).
func captureStderr(log *os.File) (*stderrCapture, error) {
	origFD, err := unix.Dup(2)
	if err != nil {
		return nil, fmt.Errorf("keep the terminal's stderr: %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		unix.Close(origFD)
		return nil, fmt.Errorf("stderr pipe: %w", err)
	}
	if err := unix.Dup2(int(log.Fd()), 2); err != nil {
		unix.Close(origFD)
		r.Close()
		w.Close()
		return nil, fmt.Errorf("stderr to the log file: %w", err)
	}
	c := &stderrCapture{origVar: os.Stderr, origFD: origFD, w: w, done: make(chan struct{})}
	os.Stderr = w
	go c.copy(r, log)
	return c, nil
}

// captureStderrVar starts the capture of the first path alone (Go code
// writing to os.Stderr) into log, for fdtui watch: its own lines go to
// the terminal (or a pod's log), and so should a crash's stack trace on
// descriptor 2, but not an exec credential plugin's chatter. Restore
// must be called.
func captureStderrVar(log *os.File) (*stderrCapture, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("stderr pipe: %w", err)
	}
	c := &stderrCapture{origVar: os.Stderr, origFD: -1, w: w, done: make(chan struct{})}
	os.Stderr = w
	go c.copy(r, log)
	return c, nil
}

// copy moves captured lines into the log until the pipe closes.
func (c *stderrCapture) copy(r *os.File, log io.Writer) {
	defer close(c.done)
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(log, line)
		if t := strings.TrimSpace(line); t != "" {
			c.mu.Lock()
			c.last = t
			c.mu.Unlock()
		}
	}
	if err := sc.Err(); err != nil && !errors.Is(err, os.ErrClosed) {
		// A line longer than the buffer: drain the rest unread.
		_, _ = io.Copy(log, r)
	}
}

// Last is the last non-empty line captured, or "".
func (c *stderrCapture) Last() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// Restore gives stderr back to the terminal once everything captured is
// in the log file.
func (c *stderrCapture) Restore() {
	os.Stderr = c.origVar
	c.w.Close()
	select {
	case <-c.done:
	case <-time.After(time.Second):
		// A credential plugin still running holds the pipe open; what
		// it writes later is lost, the terminal is not.
	}
	if c.origFD >= 0 {
		_ = unix.Dup2(c.origFD, 2)
		unix.Close(c.origFD)
	}
}
