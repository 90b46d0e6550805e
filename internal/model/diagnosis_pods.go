package model

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// explainPodFailure covers new pods that will not heal by themselves:
// unpullable image, missing config, crash loop, no room on any node.
func (c *rolloutFacts) explainPodFailure() (Diagnosis, bool) {
	if len(c.failing) == 0 {
		return Diagnosis{}, false
	}
	worst := c.failing[0]
	var diag Diagnosis
	switch worst.Cause {
	case CauseImagePull:
		diag = c.explainImagePull(worst)
	case CauseConfig:
		diag = c.explainConfig(worst)
	case CauseCrashLoop:
		diag = c.explainCrashLoop(worst)
	default:
		diag = c.explainUnschedulable(worst)
	}
	diag.Evidence = append(diag.Evidence, c.otherFailures(worst.Cause)...)
	return diag, true
}

// otherFailures mentions new pods failing for another reason than the
// verdict's, e.g. "also 2 new pods CrashLoopBackOff".
func (c *rolloutFacts) otherFailures(verdictCause Cause) []string {
	counts := map[string]int{}
	var reasons []string
	for _, f := range c.failing {
		if f.Cause == verdictCause {
			continue
		}
		if counts[f.Reason] == 0 {
			reasons = append(reasons, f.Reason)
		}
		counts[f.Reason]++
	}
	var lines []string
	for _, r := range reasons {
		lines = append(lines, fmt.Sprintf("also %s %s", pods(int32(counts[r]), "new"), r))
	}
	return lines
}

// sameCause counts the failing new pods with f's cause and collects their
// names, for event filtering.
func (c *rolloutFacts) sameCause(f failingPod) (int, map[string]bool) {
	names := map[string]bool{}
	for _, other := range c.failing {
		if other.Cause == f.Cause {
			names[other.pod.Name] = true
		}
	}
	return len(names), names
}

func (c *rolloutFacts) explainImagePull(f failingPod) Diagnosis {
	n, names := c.sameCause(f)
	image := containerImage(f.pod, f.Container)
	verdict := fmt.Sprintf("New image %s cannot be pulled (%s on %d of %d new pods)", image, f.Reason, n, len(c.newPods))
	if f.Reason == "InvalidImageName" {
		verdict = fmt.Sprintf("New image %s is not a valid image reference (%d of %d new pods)", image, n, len(c.newPods))
	}
	evidence := eventMessages(c.events, names, maxEvidence, "Failed", "InspectFailed", "ErrImageNeverPull")
	if len(evidence) == 0 && f.Message != "" {
		evidence = []string{oneLine(f.Message)}
	}
	return Diagnosis{Cause: CauseImagePull, Verdict: verdict, Evidence: evidence, Hint: c.pullHint(f)}
}

// pullHint points at the pull secrets: a missing one is the usual culprit.
func (c *rolloutFacts) pullHint(f failingPod) string {
	if f.Reason == "InvalidImageName" {
		return "fix the image name in the Deployment, or undo the rollout"
	}
	secrets := pullSecretNames(&f.pod.Spec)
	if missing := missingSecrets(secrets, c.secretNames); len(missing) > 0 {
		return fmt.Sprintf("pull secret %s does not exist in namespace %s", strings.Join(missing, ", "), c.d.Namespace)
	}
	if len(secrets) == 0 {
		return "check the tag exists and the registry needs no credentials (the pod has no imagePullSecrets)"
	}
	return fmt.Sprintf("check the tag exists and the pull secret %s is present", strings.Join(secrets, ", "))
}

func (c *rolloutFacts) explainConfig(f failingPod) Diagnosis {
	n, names := c.sameCause(f)
	if f.Verdict != "" { // a volume that cannot mount, in the kubelet's words
		evidence := eventMessages(c.events, names, maxEvidence, "FailedMount", "FailedAttachVolume")
		return Diagnosis{Cause: CauseConfig, Verdict: "New pods cannot start: " + f.Verdict, Evidence: evidence, Hint: f.Hint}
	}
	verdict := fmt.Sprintf("New pods cannot start: %s on %d of %d new pods", f.Reason, n, len(c.newPods))
	if f.Message != "" {
		verdict = fmt.Sprintf("New pods cannot start: %s (%s)", f.Reason, oneLine(f.Message))
	}
	evidence := eventMessages(c.events, names, maxEvidence, "Failed")
	return Diagnosis{Cause: CauseConfig, Verdict: verdict, Evidence: evidence, Hint: configHint(f.Message, c.d.Namespace)}
}

func (c *rolloutFacts) explainCrashLoop(f failingPod) Diagnosis {
	_, names := c.sameCause(f)
	cs := findContainerStatus(f.pod, f.Container)
	age := shortAge(c.now.Sub(f.pod.CreationTimestamp.Time))
	verdict := fmt.Sprintf("New pods crash on start (%s, %d restarts in %s)", f.Reason, cs.RestartCount, age)
	if isInitContainer(&f.pod.Spec, f.Container) {
		verdict = fmt.Sprintf("Init container %s of the new pods fails (%s, %d restarts in %s): the app containers never start",
			f.Container, f.Reason, cs.RestartCount, age)
	}
	var evidence []string
	last := cs.LastTerminationState.Terminated
	if last == nil {
		last = cs.State.Terminated
	}
	if last != nil {
		evidence = append(evidence, fmt.Sprintf("last terminated: exit code %d (%s)", last.ExitCode, last.Reason))
		if msg := oneLine(last.Message); msg != "" {
			evidence = append(evidence, "termination message: "+msg)
		}
	}
	evidence = append(evidence, eventMessages(c.events, names, maxEvidence, "Unhealthy")...)
	return Diagnosis{Cause: CauseCrashLoop, Verdict: verdict, Evidence: evidence, Hint: c.crashHint(f, last)}
}

func (c *rolloutFacts) crashHint(f failingPod, last *corev1.ContainerStateTerminated) string {
	if last != nil && last.Reason == "OOMKilled" {
		// The cache keeps no limits; the Deployment's template has them.
		limit := "its memory limit"
		if ctr := findContainer(&c.d.Spec.Template.Spec, f.Container); ctr != nil && ctr.Resources.Limits.Memory().Value() > 0 {
			limit = fmt.Sprintf("%s's %s memory limit", f.Container, ctr.Resources.Limits.Memory().String())
		}
		return fmt.Sprintf("container %s is OOMKilled (exit %d): raise %s, or undo", f.Container, last.ExitCode, limit)
	}
	return fmt.Sprintf("read the crash output: kubectl logs -n %s %s -c %s --previous", f.pod.Namespace, f.pod.Name, f.Container)
}

func (c *rolloutFacts) explainUnschedulable(f failingPod) Diagnosis {
	_, names := c.sameCause(f)
	req := podRequests(f.pod)
	msg := oneLine(f.Message)
	if msg == "" {
		msg = "no node fits"
	}
	why, hint := schedulingVerdict(msg, c.d.Spec.Template.Spec.NodeSelector[LabelDOPool], c.nodes)
	var evidence []string
	if why == "" {
		why = msg
	} else {
		evidence = append(evidence, "scheduler: "+msg)
	}
	verdict := fmt.Sprintf("New pods cannot be scheduled: %s (asks %s memory, %s CPU)", why, FormatMem(req.mem), FormatCPU(req.cpu))
	for _, m := range eventMessages(c.events, names, maxEvidence, "FailedScheduling") {
		if m != msg {
			evidence = append(evidence, m)
		}
	}
	return Diagnosis{Cause: CauseUnschedulable, Verdict: verdict, Evidence: evidence, Hint: hint}
}

// isInitContainer: the named container is one of the spec's init
// containers (a failing one keeps the app containers from starting).
func isInitContainer(spec *corev1.PodSpec, name string) bool {
	for i := range spec.InitContainers {
		if spec.InitContainers[i].Name == name {
			return true
		}
	}
	return false
}

func findContainerStatus(p *corev1.Pod, name string) corev1.ContainerStatus {
	for _, cs := range allContainerStatuses(p) {
		if cs.Name == name {
			return cs
		}
	}
	return corev1.ContainerStatus{Name: name}
}

func findContainer(spec *corev1.PodSpec, name string) *corev1.Container {
	for i := range spec.InitContainers {
		if spec.InitContainers[i].Name == name {
			return &spec.InitContainers[i]
		}
	}
	for i := range spec.Containers {
		if spec.Containers[i].Name == name {
			return &spec.Containers[i]
		}
	}
	return nil
}

// containerImage is the image of the named container, else the main one.
func containerImage(p *corev1.Pod, name string) string {
	if c := findContainer(&p.Spec, name); c != nil {
		return c.Image
	}
	return mainImage(&p.Spec)
}

func pullSecretNames(spec *corev1.PodSpec) []string {
	var names []string
	for _, ref := range spec.ImagePullSecrets {
		if ref.Name != "" {
			names = append(names, ref.Name)
		}
	}
	return names
}

// missingSecrets lists the wanted names absent from have; nil have means
// the Secrets are unknown, so nothing is reported missing.
func missingSecrets(want, have []string) []string {
	if have == nil {
		return nil
	}
	var missing []string
	for _, name := range want {
		if !containsString(have, name) {
			missing = append(missing, name)
		}
	}
	return missing
}
