package kube

import (
	"context"
	"fmt"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
)

// Flight Deck's rollout strategy: one extra pod at a time and never one
// fewer than desired, each new pod Ready for a while before it counts, and
// a deadline after which a stuck rollout is reported as failed.
const (
	FlightDeckMaxSurge        = 1
	FlightDeckMaxUnavailable  = 0
	FlightDeckMinReadySeconds = 5
)

// SetFlightDeckStrategy writes Flight Deck's rollout fields into spec,
// with progressDeadline in seconds.
func SetFlightDeckStrategy(spec *appsv1.DeploymentSpec, progressDeadline int32) {
	surge := intstr.FromInt32(FlightDeckMaxSurge)
	unavailable := intstr.FromInt32(FlightDeckMaxUnavailable)
	spec.Strategy = appsv1.DeploymentStrategy{
		Type:          appsv1.RollingUpdateDeploymentStrategyType,
		RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: &surge, MaxUnavailable: &unavailable},
	}
	spec.MinReadySeconds = FlightDeckMinReadySeconds
	spec.ProgressDeadlineSeconds = &progressDeadline
}

// StrategyDiff lists, in words, how d's strategy differs from Flight
// Deck's, e.g. "maxUnavailable 25% -> 0". Empty when it already matches.
func StrategyDiff(d *appsv1.Deployment, progressDeadline int32) []string {
	var diffs []string
	add := func(field, have, want string) {
		if have != want {
			diffs = append(diffs, fmt.Sprintf("%s %s -> %s", field, have, want))
		}
	}
	add("strategy", orUnset(string(d.Spec.Strategy.Type)), string(appsv1.RollingUpdateDeploymentStrategyType))
	var surge, unavailable *intstr.IntOrString
	if ru := d.Spec.Strategy.RollingUpdate; ru != nil {
		surge, unavailable = ru.MaxSurge, ru.MaxUnavailable
	}
	add("maxSurge", intOrStringText(surge), strconv.Itoa(FlightDeckMaxSurge))
	add("maxUnavailable", intOrStringText(unavailable), strconv.Itoa(FlightDeckMaxUnavailable))
	add("minReadySeconds", strconv.Itoa(int(d.Spec.MinReadySeconds)), strconv.Itoa(FlightDeckMinReadySeconds))
	add("progressDeadlineSeconds", int32PtrText(d.Spec.ProgressDeadlineSeconds), strconv.Itoa(int(progressDeadline)))
	return diffs
}

// EnsureStrategy patches d to Flight Deck's strategy when StrategyDiff
// finds a difference; otherwise it changes nothing.
func EnsureStrategy(ctx context.Context, cs kubernetes.Interface, ns, name string, progressDeadline int32) error {
	// The apiserver rejects a deadline that is not above minReadySeconds;
	// say so before reading anything.
	if progressDeadline <= FlightDeckMinReadySeconds {
		return fmt.Errorf("ensure strategy %s/%s: progressDeadlineSeconds %d must exceed minReadySeconds %d",
			ns, name, progressDeadline, FlightDeckMinReadySeconds)
	}
	d, err := cs.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("ensure strategy %s/%s: %w", ns, name, err)
	}
	if len(StrategyDiff(d, progressDeadline)) == 0 {
		return nil
	}
	var want appsv1.DeploymentSpec
	SetFlightDeckStrategy(&want, progressDeadline)
	// Only these fields: a whole DeploymentSpec would carry empty
	// selector and template fields into the merge.
	patch := map[string]any{"spec": map[string]any{
		"strategy":                want.Strategy,
		"minReadySeconds":         want.MinReadySeconds,
		"progressDeadlineSeconds": want.ProgressDeadlineSeconds,
	}}
	return patchDeployment(ctx, cs, ns, name, "ensure strategy", types.MergePatchType, patch)
}

func orUnset(s string) string {
	if s == "" {
		return "unset"
	}
	return s
}

func intOrStringText(v *intstr.IntOrString) string {
	if v == nil {
		return "unset"
	}
	return v.String()
}

func int32PtrText(v *int32) string {
	if v == nil {
		return "unset"
	}
	return strconv.Itoa(int(*v))
}
