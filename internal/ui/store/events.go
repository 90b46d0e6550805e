package store

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

// EventTime is when an event last happened: events.k8s.io-era events set
// EventTime or Series, core events LastTimestamp; fall back to creation.
func EventTime(e *corev1.Event) time.Time {
	switch {
	case e.Series != nil && !e.Series.LastObservedTime.IsZero():
		return e.Series.LastObservedTime.Time
	case !e.LastTimestamp.IsZero():
		return e.LastTimestamp.Time
	case !e.EventTime.IsZero():
		return e.EventTime.Time
	}
	return e.CreationTimestamp.Time
}
