package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// errCancelled: the user answered no (exit 1: nothing was done, but not
// what was asked either).
var errCancelled = errors.New("cancelled: nothing was changed")

// Prompt is what a destructive command shows before it acts: the same
// words as the TUI's confirmation of the same action.
type Prompt struct {
	Title string
	Lines []string
}

// confirm decides whether a destructive command may go on: --readonly
// refuses (exit 2); --yes goes on without asking; otherwise a terminal on
// standard input is asked y/N (anything but y or yes is no), and without
// one the command refuses (exit 2), since a script that meant it says
// --yes. The prompt goes to stderr, keeping stdout for the result.
func (env *Env) confirm(what string, yes bool, p Prompt) error {
	if env.Globals.ReadOnly {
		return Usagef("%s changes the cluster and --readonly is set: refused, nothing was changed", what)
	}
	if yes {
		return nil
	}
	if env.InTerminal == nil || !env.InTerminal() {
		return Usagef("%s changes the cluster: standard input is not a terminal to confirm on, so pass --yes to do it", what)
	}
	fmt.Fprintln(env.Err, p.Title)
	for _, l := range p.Lines {
		fmt.Fprintln(env.Err, "  "+l)
	}
	fmt.Fprint(env.Err, "Proceed? [y/N] ")
	answer, err := bufio.NewReader(env.In).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	return &ExitError{Code: ExitFailure, Err: errCancelled}
}
