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
