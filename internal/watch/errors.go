package watch

import (
	"errors"
	"fmt"
	"net/url"
)

// unwrapURLError drops the *url.Error wrapper, whose message holds the
// full URL: a Slack or ntfy URL's path is its secret.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// ExitError carries a command's exit code (kubectl's convention: 1 error,
// 2 usage, 3 found a problem); the root command's main returns Code. Err
// is nil when the output already said it (--once found a stuck rollout).
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

// ExitCode is the exit code of an error returned by the command.
func (e *ExitError) ExitCode() int { return e.Code }
