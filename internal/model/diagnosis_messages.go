package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// The kubelet's and the scheduler's own words, read for the cause and the
// fix instead of a fixed hint per category.
var (
	// kubelet FailedMount: MountVolume.SetUp failed for volume "secret-s3" : secret "s3-v2" not found
	mountMissingRE = regexp.MustCompile(`volume "([^"]+)" : (secret|configmap) "([^"]+)" not found`)
	// attach/detach controller: Multi-Attach error for volume "pvc-1" Volume is already used by pod(s) mysql-0
	multiAttachRE = regexp.MustCompile(`Multi-Attach error for volume "([^"]+)"`)
	// kubelet CreateContainerConfigError: secret "drupal" not found; configmap "x" not found
	configMissingRE = regexp.MustCompile(`^(secret|configmap) "([^"]+)" not found`)
	// couldn't find key db-pass in Secret site/drupal
	configKeyRE = regexp.MustCompile(`couldn't find key (\S+) in (Secret|ConfigMap) ([^/\s]+)/(\S+)`)
	// scheduler: "0/4 nodes are available: 1 node(s) didn't match ..., 3 node(s) were unschedulable."
	schedulingPartRE = regexp.MustCompile(`(\d+) (?:node\(s\) )?([^,.]+)`)
)

// kindWord is the Kubernetes kind as people write it.
func kindWord(k string) string {
	if strings.EqualFold(k, "configmap") {
		return "ConfigMap"
	}
	return "Secret"
}

// mountFailure reads the newest FailedMount or FailedAttachVolume event
// about a pod that waits in ContainerCreating: a missing Secret or
// ConfigMap, or a volume still attached elsewhere, never heals by itself,
// and waiting for the progress deadline to say so wastes minutes.
func mountFailure(p *corev1.Pod, events []*corev1.Event) (podFailure, bool) {
	for _, e := range events { // newest first
		if !EventIsAbout(e, "Pod", p.Name, p.UID) || (e.Reason != "FailedMount" && e.Reason != "FailedAttachVolume") {
			continue
		}
		msg := oneLine(e.Message)
		if m := mountMissingRE.FindStringSubmatch(msg); m != nil {
			return podFailure{Cause: CauseConfig, Reason: e.Reason, Message: msg,
				Verdict: fmt.Sprintf("%s %s not found (%s, volume %s)", kindWord(m[2]), m[3], e.Reason, m[1]),
				Hint:    fmt.Sprintf("create %s %s or undo", kindWord(m[2]), m[3])}, true
		}
		if m := multiAttachRE.FindStringSubmatch(msg); m != nil {
			return podFailure{Cause: CauseConfig, Reason: "Multi-Attach", Message: msg,
				Verdict: fmt.Sprintf("volume %s is still attached to another node (Multi-Attach)", m[1]),
				Hint:    "delete the old pod that still holds it, or wait for the volume to detach"}, true
		}
	}
	return podFailure{}, false
}

// configHint reads a CreateContainerConfigError's message for the fix.
func configHint(msg, ns string) string {
	msg = oneLine(msg)
	if m := configMissingRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("create %s %s in %s, or undo", kindWord(m[1]), m[2], ns)
	}
	if m := configKeyRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("add key %s to %s %s, or undo", m[1], m[2], m[4])
	}
	return "create the missing Secret or ConfigMap (or key), or fix the reference in the Deployment"
}

// schedulingReasons splits the scheduler's summary into its per-node
// reasons with their counts, preemption's second summary left out.
func schedulingReasons(msg string) map[string]int {
	if i := strings.Index(msg, "preemption:"); i >= 0 {
		msg = msg[:i]
	}
	if i := strings.Index(msg, ":"); i >= 0 {
		msg = msg[i+1:]
	}
	out := map[string]int{}
	for _, part := range strings.Split(msg, ",") {
		if m := schedulingPartRE.FindStringSubmatch(strings.TrimSpace(part)); m != nil {
			n, _ := strconv.Atoi(m[1])
			out[strings.TrimSpace(m[2])] += n
		}
	}
	return out
}

// schedulingVerdict explains an Unschedulable message in Flight Deck
// terms (why no node takes the pod, and the fix); pool is the pool the pod's nodeSelector asks for ("" if none).
// Nodes that "didn't match Pod's node affinity/selector" are the other
// pools: they explain nothing when another reason is given.
// The message counts each node under the first filter it fails, and the
// scheduler checks taints before the nodeSelector: a tainted node of
// another pool reads as a taint the pod does not tolerate. So when the
// nodes are known (not empty), the pool's own nodes decide whether it is
// all cordoned, or has no node at all.
func schedulingVerdict(msg, pool string, nodes []*corev1.Node) (verdict, hint string) {
	poolWords := "the pool's nodes"
	if pool != "" {
		poolWords = "all nodes of pool " + pool
	}
	if pool != "" && len(nodes) > 0 {
		switch inPool, cordoned := poolNodes(nodes, pool); {
		case inPool == 0:
			return "no node is in pool " + pool, "check the pod's nodeSelector (pool " + pool + ") against the nodes' pools, or create the pool"
		case cordoned == inPool:
			return poolWords + " are cordoned", cordonedHint
		}
	}
	var cordoned, insufficient, taint, volume, selector int
	var short []string
	reasons := schedulingReasons(msg)
	if len(reasons) == 0 && msg != "" {
		reasons = map[string]int{msg: 1} // no counts: read the whole sentence
	}
	for reason, n := range reasons {
		r := strings.ToLower(reason)
		switch {
		case strings.Contains(r, "were unschedulable") || strings.Contains(r, "unschedulable"):
			cordoned += n
		case strings.HasPrefix(r, "insufficient"):
			insufficient += n
			short = append(short, reason)
		case strings.Contains(r, "taint"):
			taint += n
		case strings.Contains(r, "volume") || strings.Contains(r, "persistentvolumeclaim"):
			volume += n
		case strings.Contains(r, "affinity") || strings.Contains(r, "selector"):
			selector += n
		}
	}
	switch {
	case cordoned > 0 && insufficient == 0 && taint == 0 && volume == 0:
		return poolWords + " are cordoned", cordonedHint
	case insufficient > 0:
		return "not enough room (" + strings.Join(short, ", ") + ")",
			"add a node to the pool (or a bigger pool), or lower the pod's requests"
	case volume > 0:
		return "its volume cannot be reached from the nodes",
			"check the pod's PersistentVolumeClaims are bound and in the nodes' zone"
	case taint > 0:
		return "the nodes have taints it does not tolerate",
			"add the toleration to the Deployment, or schedule on another pool"
	case selector > 0:
		return "no node matches its nodeSelector or affinity",
			"check the pod's nodeSelector (pool " + pool + ") against the nodes' labels"
	}
	return "", ""
}

const cordonedHint = "uncordon them (kubectl uncordon) or wait for the pool upgrade to finish"

// poolNodes counts the nodes of pool and how many of them are cordoned.
func poolNodes(nodes []*corev1.Node, pool string) (inPool, cordoned int) {
	for _, n := range nodes {
		if n.Labels[LabelDOPool] != pool {
			continue
		}
		inPool++
		if n.Spec.Unschedulable {
			cordoned++
		}
	}
	return inPool, cordoned
}
