package main

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// terminal is a tmux session of a fixed size on the benchmark's own tmux
// server (-L), so nothing the user runs in tmux is touched.
type terminal struct {
	socket, name  string
	width, height int
}

func (t terminal) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", t.socket}, args...)...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("tmux %s: %v: %s", args[0], err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}

// startServer starts the tmux server with an idle session, so that the
// server's own start-up is not counted in a program's start.
func (t terminal) startServer() error {
	_, err := t.tmux("new-session", "-d", "-s", "idle", "-x", "80", "-y", "24", "sleep 86400")
	return err
}

func (t terminal) stopServer() { _, _ = t.tmux("kill-server") }

// start runs argv in a new session and returns its pid and when it was
// launched. exec makes the program the pane's process.
func (t terminal) start(env, argv []string) (int, time.Time, error) {
	cmd := "exec env " + shellJoin(append(env, argv...))
	started := time.Now()
	if _, err := t.tmux("new-session", "-d", "-s", t.name, "-x", strconv.Itoa(t.width), "-y", strconv.Itoa(t.height), cmd); err != nil {
		return 0, started, err
	}
	out, err := t.tmux("display-message", "-p", "-t", t.name, "#{pane_pid}")
	if err != nil {
		return 0, started, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(out))
	return pid, started, err
}

func (t terminal) kill() { _, _ = t.tmux("kill-session", "-t", t.name) }

// screen is the pane's text without colours.
func (t terminal) screen() string {
	out, _ := t.tmux("capture-pane", "-p", "-t", t.name)
	return out
}

// styled is the pane's text with its colours and attributes as SGR
// escape sequences.
func (t terminal) styled() string {
	out, _ := t.tmux("capture-pane", "-p", "-e", "-t", t.name)
	return out
}

// keys sends tmux key names (Enter, Escape, BSpace) or single characters.
func (t terminal) keys(keys ...string) error {
	_, err := t.tmux(append([]string{"send-keys", "-t", t.name}, keys...)...)
	return err
}

// typeText sends text literally, all characters at once.
func (t terminal) typeText(text string) error {
	_, err := t.tmux("send-keys", "-t", t.name, "-l", "--", text)
	return err
}

func (t terminal) send(in input) error {
	if in.key != "" {
		return t.keys(in.key)
	}
	return t.typeText(in.text)
}

func shellJoin(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(quoted, " ")
}
