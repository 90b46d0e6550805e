package objstore

import (
	"context"
	"errors"
	"fmt"
)

// Stages a DeletePrefix can stop at.
const (
	// StageList: listing the objects failed (access denied, a bad key...).
	StageList = "listing"
	// StageRemove: the store refused to delete objects.
	StageRemove = "deleting"
	// StageBucket: every object is gone but the bucket stayed.
	StageBucket = "removing the bucket"
	// StageInterrupted: the caller's context ended first.
	StageInterrupted = "interrupted"
)

// DeleteError says where DeletePrefix stopped and how far it got; what it
// deleted stays deleted, and a re-run deletes the rest. It unwraps to the
// readable cause (an *Error, or context.Canceled for an interruption).
type DeleteError struct {
	Bucket, Prefix string
	Stage          string
	// Deleted objects were removed before it stopped.
	Deleted int64
	// Failed objects were refused by the store (StageRemove); Key is the
	// first of them.
	Failed int64
	Key    string
	Err    error
}

func (e *DeleteError) Error() string {
	where := e.Bucket
	if e.Prefix != "" {
		where += "/" + e.Prefix
	}
	so := "nothing was deleted"
	if e.Deleted > 0 {
		so = fmt.Sprintf("%d objects deleted before it stopped; the rest remain, a re-run deletes them", e.Deleted)
	}
	switch e.Stage {
	case StageInterrupted:
		// The batch in flight when it stopped may be deleted on the store
		// without its answer: the count is a floor.
		return fmt.Sprintf("deleting %s interrupted (%s): at least %d objects deleted, the rest remain; a re-run deletes them",
			where, e.cause(), e.Deleted)
	case StageList:
		return fmt.Sprintf("listing %s failed: %s; %s", where, e.cause(), so)
	case StageRemove:
		first := ""
		if e.Key != "" {
			first = fmt.Sprintf(" (first %q)", e.Key)
		}
		return fmt.Sprintf("deleting objects in %s failed: %d refused%s: %s; %s", where, e.Failed, first, e.cause(), so)
	}
	return fmt.Sprintf("all %d objects in %s deleted, but %s failed: %s", e.Deleted, where, e.Stage, e.cause())
}

func (e *DeleteError) Unwrap() error { return e.Err }

// Interrupted reports whether the caller cancelled (or timed out), rather
// than the store failing.
func (e *DeleteError) Interrupted() bool { return e.Stage == StageInterrupted }

func (e *DeleteError) cause() string {
	switch {
	case errors.Is(e.Err, context.Canceled):
		return "cancelled"
	case errors.Is(e.Err, context.DeadlineExceeded):
		return "timed out"
	case e.Err == nil:
		return "unknown error"
	}
	return e.Err.Error()
}
