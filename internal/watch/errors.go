package watch

import (
	"errors"
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
// 2 usage, 3 found a problem); the root command's main returns Code.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode is the exit code of an error returned by the command.
func (e *ExitError) ExitCode() int { return e.Code }
