package main

import (
	"os"
	"time"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/watch"
)

// DigitalOcean client settings for fdtui watch, as the TUI's
// (cloudui.FlagsToConfig): godo retries 429 and 5xx, honouring
// Retry-After, before the watcher reports the account unreachable.
const (
	watchDORetries      = 4
	watchDORetryWaitMin = 500 * time.Millisecond
	watchDORetryWaitMax = 5 * time.Second
)

// doClusters is `fdtui watch --all-do-clusters`'s DigitalOcean client:
// the token found as the TUI finds it (DIGITALOCEAN_ACCESS_TOKEN, else
// doctl's config; authContext is --do-context), apiURL --do-api-url.
// The error never contains the token.
func doClusters(apiURL, authContext string) (watch.DOClusters, error) {
	token, _, err := do.ResolveToken(os.Getenv, "", authContext)
	if err != nil {
		return nil, err
	}
	opts := []do.Option{do.WithRetry(watchDORetries), do.WithRetryWait(watchDORetryWaitMin, watchDORetryWaitMax)}
	if apiURL != "" {
		opts = append(opts, do.WithBaseURL(apiURL))
	}
	c, err := do.New(token, opts...)
	if err != nil {
		return nil, err
	}
	return c, nil
}
