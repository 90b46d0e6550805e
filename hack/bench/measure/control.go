package main

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// control is a tmux control-mode client (tmux -C, see tmux(1) CONTROL
// MODE) attached to the program's session. The keystroke timing sends
// keys and reads the pane through it: each command is one line on its
// stdin, answered in order between %begin and %end, where a tmux process
// per command (terminal.tmux) takes 3-8 ms to start on this machine and
// so made every key look 10-15 ms slower than the program is. Its
// %output notifications say when the program wrote to its pane, so the
// pane is read after each write, not polled.
type control struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	mu      sync.Mutex // one command at a time: replies come in order
	replies chan result
	output  chan struct{} // a write to the pane since the last wait; buffered 1
	done    chan struct{}
}

type result struct {
	text string
	err  error
}

// attach starts a control client on t's session. The window keeps the
// size the session was made with: a control client that sets no size of
// its own does not resize it (checked by the caller with size()).
func (t terminal) attach() (*control, error) {
	cmd := exec.Command("tmux", "-L", t.socket, "-C", "attach-session", "-t", t.name)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &control{cmd: cmd, in: in, replies: make(chan result, 1), output: make(chan struct{}, 1), done: make(chan struct{})}
	go c.read(out)
	// The attach itself is answered by a block of its own; a command's
	// reply is told apart by the flag 1 (from this client) on %begin.
	if _, err := c.run("display-message -p ok"); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

// read splits tmux's output into replies and notifications until the
// client exits.
func (c *control) read(r io.Reader) {
	defer close(c.done)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var block []string
	inBlock, mine := false, false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case inBlock && (strings.HasPrefix(line, "%end ") || strings.HasPrefix(line, "%error ")):
			inBlock = false
			if mine {
				var err error
				if strings.HasPrefix(line, "%error ") {
					err = fmt.Errorf("tmux: %s", strings.Join(block, "\n"))
				}
				c.replies <- result{text: strings.Join(block, "\n"), err: err}
			}
		case inBlock:
			block = append(block, line)
		case strings.HasPrefix(line, "%begin "):
			f := strings.Fields(line)
			inBlock, mine, block = true, len(f) == 4 && f[3] == "1", nil
		case strings.HasPrefix(line, "%output "):
			select {
			case c.output <- struct{}{}:
			default:
			}
		case strings.HasPrefix(line, "%exit"):
			return
		}
	}
}

// run sends one command and waits for its reply.
func (c *control) run(command string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := io.WriteString(c.in, command+"\n"); err != nil {
		return "", err
	}
	select {
	case r := <-c.replies:
		return r.text, r.err
	case <-c.done:
		return "", fmt.Errorf("tmux control client exited")
	case <-time.After(10 * time.Second):
		return "", fmt.Errorf("tmux %q: no reply in 10s", command)
	}
}

// drain forgets writes to the pane seen so far.
func (c *control) drain() {
	select {
	case <-c.output:
	default:
	}
}

// waitOutput waits until the program writes to its pane or limit passes;
// it reports whether it wrote.
func (c *control) waitOutput(limit time.Duration) bool {
	if limit <= 0 {
		return false
	}
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-c.output:
		return true
	case <-t.C:
		return false
	}
}

// typeText sends text literally.
func (c *control) typeText(name, text string) error {
	_, err := c.run("send-keys -t " + tmuxQuote(name) + " -l -- " + tmuxQuote(text))
	return err
}

// styled is the pane with its colours, as terminal.styled.
func (c *control) styled(name string) string {
	out, _ := c.run("capture-pane -p -e -t " + tmuxQuote(name))
	return out
}

// screen is the pane without colours, as terminal.screen.
func (c *control) screen(name string) string {
	out, _ := c.run("capture-pane -p -t " + tmuxQuote(name))
	return out
}

func (c *control) close() {
	_ = c.in.Close() // a control client exits at the end of its input
	select {
	case <-c.done:
	case <-time.After(2 * time.Second):
		_ = c.cmd.Process.Kill()
	}
	_ = c.cmd.Wait()
}

// tmuxQuote quotes a word for tmux's command parser.
func tmuxQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
