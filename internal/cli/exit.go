package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes of every command. The rule: 0 when the command did what it
// was asked and found nothing wrong; 1 when it could not (no cluster, no
// such site, the apiserver refused, the user answered no); 2 when the
// command line is wrong or asks what it may not do (unknown command or
// flag, missing argument, a destructive command without --yes and no
// terminal to ask on, or under --readonly) — nothing was changed; 3 when
// it worked and found a problem (`sites`: some site is STUCK, DOWN or
// DEGRADED; `diagnose`: the site is not OK; `rollback`/`restart --wait`:
// the rollout they started is stuck), like `kubectl rollout status`
// failing a pipeline.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
	ExitProblem = 3
)

// ExitError carries an exit code; Err is printed unless it is nil (a
// problem found, already printed as output).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// Usagef is a usage error (exit 2).
func Usagef(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

// problem is exit 3 with nothing more to say (the output said it).
func problem() error { return &ExitError{Code: ExitProblem} }

// ExitCode is the process exit code for err (nil: 0), after printing
// err to w as "fdtui: ..." (usage errors add where the help is).
func ExitCode(cmd *cobra.Command, err error, w io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var e *ExitError
	code := ExitFailure
	if errors.As(err, &e) {
		code = e.Code
		if e.Err == nil {
			return code
		}
	}
	fmt.Fprintln(w, "fdtui:", err)
	if code == ExitUsage && cmd != nil {
		fmt.Fprintf(w, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

// FlagError turns cobra's flag parsing errors into usage errors (the
// root command's SetFlagErrorFunc).
func FlagError(_ *cobra.Command, err error) error {
	return &ExitError{Code: ExitUsage, Err: err}
}

// Args wraps a cobra argument check so that a wrong number of
// arguments is a usage error (exit 2), not a plain error.
func Args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &ExitError{Code: ExitUsage, Err: err}
		}
		return nil
	}
}

// NoArgs is the root command's argument check: fdtui alone takes none,
// and an unknown word is an unknown command (exit 2, with cobra's
// "did you mean" suggestions).
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
	}
	return &ExitError{Code: ExitUsage, Err: errors.New(msg)}
}
