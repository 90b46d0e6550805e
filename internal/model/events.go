package model

import (
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// eventTime is when an event was last seen; the fields used depend on the
// events API version that wrote it.
func eventTime(e *corev1.Event) time.Time {
	switch {
	case !e.LastTimestamp.IsZero():
		return e.LastTimestamp.Time
	case e.Series != nil && !e.Series.LastObservedTime.IsZero():
		return e.Series.LastObservedTime.Time
	case !e.EventTime.IsZero():
		return e.EventTime.Time
	case !e.FirstTimestamp.IsZero():
		return e.FirstTimestamp.Time
	default:
		return e.CreationTimestamp.Time
	}
}

// objectRef identifies an event's subject.
type objectRef struct{ kind, name string }

// eventsAbout keeps the events about the given objects seen at or after
// since, newest first.
func eventsAbout(events []*corev1.Event, about map[objectRef]bool, since time.Time) []*corev1.Event {
	var out []*corev1.Event
	for _, e := range events {
		if e == nil || !about[objectRef{e.InvolvedObject.Kind, e.InvolvedObject.Name}] {
			continue
		}
		if eventTime(e).Before(since) {
			continue
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return eventTime(out[i]).After(eventTime(out[j])) })
	return out
}

// eventMessages returns the distinct messages of events with one of the
// reasons (about pods in `pods` when non-nil), newest first, at most limit.
func eventMessages(events []*corev1.Event, pods map[string]bool, limit int, reasons ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range events {
		if !containsString(reasons, e.Reason) || (pods != nil && !pods[e.InvolvedObject.Name]) {
			continue
		}
		msg := oneLine(e.Message)
		if msg == "" || seen[msg] {
			continue
		}
		seen[msg] = true
		out = append(out, msg)
		if len(out) == limit {
			break
		}
	}
	return out
}

// oneLine flattens a multi-line message (termination logs, probe output).
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
