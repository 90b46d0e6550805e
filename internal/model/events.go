package model

import (
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

// EventTime is when an event was last seen; the fields depend on the API
// that wrote it: events.k8s.io/v1 (the scheduler, the kubelet's newer
// events) sets series.lastObservedTime or eventTime and no lastTimestamp,
// core/v1 writers lastTimestamp; creation is the last resort.
func EventTime(e *corev1.Event) time.Time {
	switch {
	case e.Series != nil && !e.Series.LastObservedTime.IsZero():
		return e.Series.LastObservedTime.Time
	case !e.LastTimestamp.IsZero():
		return e.LastTimestamp.Time
	case !e.EventTime.IsZero():
		return e.EventTime.Time
	case !e.FirstTimestamp.IsZero():
		return e.FirstTimestamp.Time
	default:
		return e.CreationTimestamp.Time
	}
}

// EventCount is how often an event happened: series.count for
// events.k8s.io/v1 series, else count, at least 1.
func EventCount(e *corev1.Event) int32 {
	if e.Series != nil && e.Series.Count > 0 {
		return e.Series.Count
	}
	return max(e.Count, 1)
}

// objectRef identifies an event's subject by kind and name; the map of
// subjects holds its UID, so events about an earlier object of the same
// name (a recreated mysql-0, a deleted pod's name) are not taken for its.
type objectRef struct{ kind, name string }

// sameObject: an event without a UID (some writers omit it) matches by
// name; with one, it must be the object's.
func sameObject(e *corev1.Event, uid types.UID) bool {
	return e.InvolvedObject.UID == "" || uid == "" || e.InvolvedObject.UID == uid
}

// EventIsAbout says whether e is about this very object (kind, name and,
// when both know it, UID).
func EventIsAbout(e *corev1.Event, kind, name string, uid types.UID) bool {
	return e.InvolvedObject.Kind == kind && e.InvolvedObject.Name == name && sameObject(e, uid)
}

// LiveEvents drops the events about pods that no longer exist (deleted,
// or replaced by a pod of the same name with another UID): what a
// deleted pod suffered is history, not the site's current trouble.
func LiveEvents(events []*corev1.Event, pods []*corev1.Pod) []*corev1.Event {
	uids := make(map[string]types.UID, len(pods))
	for _, p := range pods {
		uids[p.Name] = p.UID
	}
	out := make([]*corev1.Event, 0, len(events))
	for _, e := range events {
		if e.InvolvedObject.Kind == "Pod" {
			uid, ok := uids[e.InvolvedObject.Name]
			if !ok || !sameObject(e, uid) {
				continue
			}
		}
		out = append(out, e)
	}
	return out
}

// eventsAbout keeps the events about the given objects seen at or after
// since, newest first.
func eventsAbout(events []*corev1.Event, about map[objectRef]types.UID, since time.Time) []*corev1.Event {
	var out []*corev1.Event
	for _, e := range events {
		if e == nil {
			continue
		}
		uid, ok := about[objectRef{e.InvolvedObject.Kind, e.InvolvedObject.Name}]
		if !ok || !sameObject(e, uid) {
			continue
		}
		if EventTime(e).Before(since) {
			continue
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return EventTime(out[i]).After(EventTime(out[j])) })
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

// newestFirst is a sorted copy of events, newest first.
func newestFirst(events []*corev1.Event) []*corev1.Event {
	out := append([]*corev1.Event(nil), events...)
	sort.SliceStable(out, func(i, j int) bool { return EventTime(out[i]).After(EventTime(out[j])) })
	return out
}
