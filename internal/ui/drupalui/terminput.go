package drupalui

import (
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// terminalInput is the terminal's input for one shell session, read so
// that nothing is left reading it once the session ends.
//
// Why: client-go's remotecommand copies stdin in a goroutine it never
// waits for, so whatever stops it must make sure it has stopped. The
// session used muesli/cancelreader and called Cancel then Close at once:
// Cancel's wake-up byte made the pipe readable, Close removed the pipe
// from the epoll set before the goroutine collected that event, so
// epoll_wait went back to sleep on the terminal alone and the next key,
// typed into fdtui, was read by the dead session (seen in a pseudo-
// terminal: cancel at t, the session's read returning "?" 50 ms later;
// the user's trial lost that key in 3 of 3 first shells). Here the
// terminal is read through a duplicate descriptor in non-blocking mode,
// so each Read waits in Go's poller; Close interrupts it with a read
// deadline (no byte consumed), waits until no Read is in flight, and puts
// the terminal back in blocking mode for Bubble Tea before returning.
type terminalInput struct {
	orig int
	f    *os.File
	// mu is held by a Read in flight; Close takes it to know none is.
	mu     sync.Mutex
	closed bool
}

// openTerminalInput prepares in (the terminal fdtui was given) for a
// session.
func openTerminalInput(in *os.File) (*terminalInput, error) {
	orig := int(in.Fd())
	fd, err := unix.Dup(orig)
	if err != nil {
		return nil, err
	}
	// O_NONBLOCK is on the open file description, shared with fd 0:
	// Close clears it again.
	if err := unix.SetNonblock(fd, true); err != nil {
		_ = unix.Close(fd)
		return nil, err
	}
	return &terminalInput{orig: orig, f: os.NewFile(uintptr(fd), in.Name())}, nil
}

// Read reads the terminal; io.EOF once Close was called.
func (t *terminalInput) Read(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return 0, io.EOF
	}
	n, err := t.f.Read(p)
	if err != nil && t.closed {
		return n, io.EOF
	}
	return n, err
}

// Close stops every Read, now and later, and gives the terminal back in
// blocking mode. It returns once no Read is in flight.
func (t *terminalInput) Close() error {
	// The deadline wakes a Read waiting in the poller, before the lock.
	_ = t.f.SetReadDeadline(time.Now())
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	err := t.f.Close()
	if e := unix.SetNonblock(t.orig, false); err == nil {
		err = e
	}
	return err
}
