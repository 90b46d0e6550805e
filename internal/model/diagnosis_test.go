package model

import (
	"reflect"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

func withPullSecret(name string) podOpt {
	return func(p *corev1.Pod) { p.Spec.ImagePullSecrets = []corev1.LocalObjectReference{{Name: name}} }
}

func asking(cpu, mem string) podOpt {
	return func(p *corev1.Pod) {
		p.Spec.Containers = p.Spec.Containers[1:] // web only, so the sum is exact
		p.Spec.Containers[0].Resources = requests(cpu, mem)
	}
}

const pullFailed = `Failed to pull image "example/web:4f9c2e1": rpc error: code = NotFound desc = failed to resolve reference "docker.io/example/web:4f9c2e1": not found`

// diagCase is one rollout situation and what Diagnose must say about it.
type diagCase struct {
	name        string
	s           scenario
	events      []*corev1.Event
	secrets     []string
	wantCause   Cause
	wantVerdict string
	// wantEvidence and wantHint are substrings; "" skips the check.
	wantEvidence []string
	wantHint     string
	wantServing  string
	wantStuck    []string
}

func imagePullRollout() scenario {
	return midRollout(nil, 0, newPod("new01", withPullSecret("my-registry-key"),
		waiting("web", "ImagePullBackOff", `Back-off pulling image "example/web:4f9c2e1"`)))
}

func diagnosisCases() []diagCase {
	const oldServing = "2 old pods still serve traffic, so the site is up"
	return []diagCase{
		{name: "image cannot be pulled", s: imagePullRollout(), secrets: []string{"my-registry-key", "web-secrets"},
			events: []*corev1.Event{
				event("Pod", "web-rs5-new01", "Failed", pullFailed, 30*time.Second),
				event("Pod", "web-rs5-new01", "Failed", "Error: ImagePullBackOff", 20*time.Second),
				event("Pod", "web-rs4-old01", "Failed", "about an old pod: ignored", 20*time.Second),
				event("Pod", "web-rs5-new01", "Failed", "from before this rollout: ignored", time.Hour),
			},
			wantCause:    CauseImagePull,
			wantVerdict:  "New image example/web:4f9c2e1 cannot be pulled (ImagePullBackOff on 1 of 1 new pods)",
			wantEvidence: []string{"Error: ImagePullBackOff", pullFailed},
			wantHint:     "check the tag exists and the pull secret my-registry-key is present",
			wantServing:  oldServing, wantStuck: []string{"web-rs5-new01"}},
		{name: "pull secret missing", s: imagePullRollout(), secrets: []string{"web-secrets"},
			wantCause:    CauseImagePull,
			wantVerdict:  "New image example/web:4f9c2e1 cannot be pulled (ImagePullBackOff on 1 of 1 new pods)",
			wantEvidence: []string{`Back-off pulling image "example/web:4f9c2e1"`},
			wantHint:     "pull secret my-registry-key does not exist in namespace example-com",
			wantServing:  oldServing, wantStuck: []string{"web-rs5-new01"}},
		{name: "image pull past the deadline",
			s: midRollout([]deployOpt{deadlineExceededSince(3 * time.Minute)}, 0,
				newPod("new01", waiting("web", "ErrImagePull", ""))),
			wantCause:    CauseImagePull,
			wantVerdict:  "New image example/web:4f9c2e1 cannot be pulled (ErrImagePull on 1 of 1 new pods)",
			wantEvidence: []string{"Progress deadline exceeded 3m ago"},
			wantHint:     "the pod has no imagePullSecrets",
			wantServing:  oldServing, wantStuck: []string{"web-rs5-new01"}},
		{name: "crash loop",
			s:            midRollout(nil, 0, newPod("new01", crashLooping("web", 7, 1, "Error"))),
			wantCause:    CauseCrashLoop,
			wantVerdict:  "New pods crash on start (CrashLoopBackOff, 7 restarts in 4m)",
			wantEvidence: []string{"last terminated: exit code 1 (Error)"},
			wantHint:     "kubectl logs -n example-com web-rs5-new01 -c web --previous",
			wantServing:  oldServing, wantStuck: []string{"web-rs5-new01"}},
		{name: "out of memory",
			s:            midRollout(nil, 0, newPod("new01", crashLooping("web", 4, 137, "OOMKilled"))),
			wantCause:    CauseCrashLoop,
			wantVerdict:  "New pods crash on start (CrashLoopBackOff, 4 restarts in 4m)",
			wantEvidence: []string{"last terminated: exit code 137 (OOMKilled)"},
			wantHint:     "container web is OOMKilled (exit 137): raise",
			wantServing:  oldServing, wantStuck: []string{"web-rs5-new01"}},
		{name: "missing secret key",
			s: midRollout(nil, 0, newPod("new01",
				waiting("web", "CreateContainerConfigError", `secret "web-secrets" not found`))),
			wantCause:   CauseConfig,
			wantVerdict: `New pods cannot start: CreateContainerConfigError (secret "web-secrets" not found)`,
			wantHint:    "create Secret web-secrets in example-com, or undo",
			wantServing: oldServing, wantStuck: []string{"web-rs5-new01"}},
		{name: "unschedulable",
			s: midRollout(nil, 0, newPod("new01", asking("500m", "8Gi"),
				unschedulable("0/4 nodes are available: 4 Insufficient memory."))),
			events: []*corev1.Event{event("Pod", "web-rs5-new01", "FailedScheduling",
				"0/4 nodes are available: 4 Insufficient memory. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.", time.Minute)},
			wantCause:    CauseUnschedulable,
			wantVerdict:  "New pods cannot be scheduled: not enough room (Insufficient memory) (asks 8Gi memory, 500m CPU)",
			wantEvidence: []string{"scheduler: 0/4 nodes are available: 4 Insufficient memory.", "No preemption victims"},
			wantHint:     "add a node",
			wantServing:  oldServing, wantStuck: []string{"web-rs5-new01"}},
		// shared case 03: a volume's Secret is missing; the kubelet says so
		// long before the progress deadline.
		{name: "volume Secret missing",
			s: midRollout(nil, 0, newPod("new01", creating)),
			events: []*corev1.Event{
				event("Pod", "web-rs5-new01", "FailedMount", `Unable to attach or mount volumes: unmounted volumes=[secret-s3], unattached volumes=[], failed to process volumes=[]: context deadline exceeded`, 10*time.Second),
				event("Pod", "web-rs5-new01", "FailedMount", `MountVolume.SetUp failed for volume "secret-s3" : secret "s3-v2" not found`, 20*time.Second),
			},
			wantCause:    CauseConfig,
			wantVerdict:  "New pods cannot start: Secret s3-v2 not found (FailedMount, volume secret-s3)",
			wantEvidence: []string{`secret "s3-v2" not found`},
			wantHint:     "create Secret s3-v2 or undo",
			wantServing:  oldServing, wantStuck: []string{"web-rs5-new01"}},
		// The attach/detach controller's words: a ReadWriteOnce volume still
		// attached to the node of the pod it replaces.
		{name: "volume still attached elsewhere (Multi-Attach)",
			s: midRollout(nil, 0, newPod("new01", creating)),
			events: []*corev1.Event{
				event("Pod", "web-rs5-new01", "FailedAttachVolume", `Multi-Attach error for volume "pvc-3f1c" Volume is already used by pod(s) web-rs4-old01`, 15*time.Second),
			},
			wantCause:    CauseConfig,
			wantVerdict:  "New pods cannot start: volume pvc-3f1c is still attached to another node (Multi-Attach)",
			wantEvidence: []string{`Multi-Attach error for volume "pvc-3f1c"`},
			wantHint:     "delete the old pod that still holds it, or wait for the volume to detach",
			wantServing:  oldServing, wantStuck: []string{"web-rs5-new01"}},
		// shared case 04: drush deploy in an init container is OOM-killed.
		{name: "init container OOMKilled",
			s: midRollout([]deployOpt{withInitContainer("drush-deploy", "256Mi")}, 0,
				newPod("new01", initCrashLooping("drush-deploy", 4, 137, "OOMKilled"))),
			wantCause:    CauseCrashLoop,
			wantVerdict:  "Init container drush-deploy of the new pods fails (CrashLoopBackOff, 4 restarts in 4m): the app containers never start",
			wantEvidence: []string{"last terminated: exit code 137 (OOMKilled)"},
			wantHint:     "container drush-deploy is OOMKilled (exit 137): raise drush-deploy's 256Mi memory limit, or undo",
			wantServing:  oldServing, wantStuck: []string{"web-rs5-new01"}},
		// shared case 08: every node of the pool is cordoned.
		{name: "pool cordoned",
			s: midRollout([]deployOpt{inPool("web")}, 0, newPod("new01",
				unschedulable("0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 3 node(s) were unschedulable. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."))),
			wantCause:   CauseUnschedulable,
			wantVerdict: "New pods cannot be scheduled: all nodes of pool web are cordoned (asks 640Mi memory, 350m CPU)",
			wantHint:    "uncordon them",
			wantServing: oldServing, wantStuck: []string{"web-rs5-new01"}},
		{name: "readiness probe failing",
			s: midRollout(nil, 0, newPod("new01", runningNotReady("web"))),
			events: []*corev1.Event{event("Pod", "web-rs5-new01", "Unhealthy",
				"Readiness probe failed: HTTP probe failed with statuscode: 500", 10*time.Second)},
			wantCause:    CauseNotReady,
			wantVerdict:  "New pods run but never become ready (readiness probe failing)",
			wantEvidence: []string{"Readiness probe failed: HTTP probe failed with statuscode: 500", "1 of 1 new pods running but not ready"},
			wantHint:     "readiness probe",
			wantServing:  oldServing, wantStuck: []string{"web-rs5-new01"}},
		{name: "new pods cannot be created",
			s: func() scenario {
				s := midRollout(nil, 0)
				s.new.Spec.Replicas = ptr(int32(1))
				return s
			}(),
			events: []*corev1.Event{event("ReplicaSet", "web-rs5", "FailedCreate",
				`Error creating: pods "web-rs5-x7k2p" is forbidden: exceeded quota: compute, requested: requests.memory=640Mi, used: requests.memory=2Gi, limited: requests.memory=2Gi`, time.Minute)},
			wantCause:   CauseFailedCreate,
			wantVerdict: `New pods cannot be created: Error creating: pods "web-rs5-x7k2p" is forbidden: exceeded quota: compute, requested: requests.memory=640Mi, used: requests.memory=2Gi, limited: requests.memory=2Gi`,
			wantHint:    "ResourceQuota",
			wantServing: oldServing},
		{name: "deadline exceeded, nothing more specific",
			s:         midRollout([]deployOpt{deadlineExceededSince(3 * time.Minute)}, 0, newPod("new01", creating)),
			wantCause: CauseDeadline, wantVerdict: "Progress deadline exceeded 3m ago",
			wantEvidence: []string{`ReplicaSet "web-rs5" has timed out progressing.`, "revision 5: 1 of 3 updated, 0 available"},
			wantHint:     "undo to revision 4",
			wantServing:  oldServing},
		{name: "paused",
			s:         midRollout([]deployOpt{paused}, 1, newPod("new01")),
			wantCause: CausePaused, wantVerdict: "Rollout paused",
			wantEvidence: []string{"revision 5: 1 of 3 updated, 1 available"},
			wantHint:     "resume",
			wantServing:  "2 old and 1 new pod serve traffic, so the site is up"},
		{name: "waiting for minReadySeconds",
			s: func() scenario {
				s := midRollout(nil, 0, newPod("new01"))
				s.new.Status.ReadyReplicas = 1
				return s
			}(),
			wantCause: CauseMinReady, wantVerdict: "Waiting for minReadySeconds (5s)",
			wantServing: oldServing},
		{name: "old pod stuck terminating",
			s: func() scenario {
				s := midRollout([]deployOpt{rolling(3, 3, 3, 3)}, 3, newPod("new01"), newPod("new02"), newPod("new03"))
				s.old.Status = appsv1.ReplicaSetStatus{}
				s.pods = append(s.pods[1:2], s.pods[2:]...)
				deleting(5 * time.Minute)(s.pods[0])
				s.pods[0].Finalizers = []string{"example.com/drain"}
				return s
			}(),
			wantCause:    CauseTerminating,
			wantVerdict:  "Old pod web-rs4-old02 has been terminating for 5m",
			wantEvidence: []string{"finalizers: example.com/drain"},
			wantHint:     "force-delete",
			wantServing:  "3 pods serve traffic"},
		{name: "complete", s: completeSite(),
			wantCause: CauseNone, wantVerdict: "Rollout complete: revision 4, image example/web:abc1234",
			wantServing: "3 pods serve traffic"},
		// shared case 01: the kubelet evicted a pod of the live ReplicaSet,
		// which already replaced it: not a crash, not stuck.
		{name: "evicted pod of the live ReplicaSet", s: withEvicted(completeSite()),
			wantCause: CauseNone, wantVerdict: "Rollout complete: revision 4, image example/web:abc1234",
			wantServing: "3 pods serve traffic"},
		{name: "progressing normally",
			s:         midRollout(nil, 1, newPod("new01"), newPod("new02", creating)),
			wantCause: CauseProgressing, wantVerdict: "Rolling out revision 5: 2 of 3 updated, 1 available",
			wantEvidence: []string{"web-rs5-new02: ContainerCreating, 0/2 ready"},
			wantServing:  "2 old and 1 new pod serve traffic, so the site is up"},
		{name: "just started, not ready yet: still progressing",
			s: midRollout(nil, 0, newPod("new01", runningNotReady("web"), func(p *corev1.Pod) {
				for i := range p.Status.ContainerStatuses {
					p.Status.ContainerStatuses[i].State.Running.StartedAt = ago(10 * time.Second)
				}
			})),
			wantCause: CauseProgressing, wantVerdict: "Rolling out revision 5: 1 of 3 updated, 0 available",
			wantServing: oldServing},
		{name: "site down",
			s: func() scenario {
				s := midRollout([]deployOpt{rolling(3, 3, 0, 0)}, 0,
					newPod("new01", crashLooping("web", 3, 1, "Error")),
					newPod("new02", crashLooping("web", 9, 1, "Error")),
					newPod("new03", waiting("web", "ErrImagePull", "")))
				s.pods, s.old.Status = s.pods[2:], appsv1.ReplicaSetStatus{}
				return s
			}(),
			wantCause:    CauseImagePull,
			wantVerdict:  "New image example/web:4f9c2e1 cannot be pulled (ErrImagePull on 1 of 3 new pods)",
			wantEvidence: []string{"also 2 new pods CrashLoopBackOff"},
			wantServing:  "No pod is available: the site is DOWN",
			wantStuck:    []string{"web-rs5-new03", "web-rs5-new02", "web-rs5-new01"}},
	}
}

func TestDiagnose(t *testing.T) {
	for _, tt := range diagnosisCases() {
		t.Run(tt.name, func(t *testing.T) {
			got := Diagnose(tt.s.d, tt.s.rss, tt.s.pods, tt.events, tt.secrets, now)
			if got.Cause != tt.wantCause {
				t.Errorf("cause = %d, want %d (verdict %q)", got.Cause, tt.wantCause, got.Verdict)
			}
			if got.Verdict != tt.wantVerdict {
				t.Errorf("verdict:\n got  %q\n want %q", got.Verdict, tt.wantVerdict)
			}
			for _, want := range tt.wantEvidence {
				if !containsSubstring(got.Evidence, want) {
					t.Errorf("evidence %q lacks %q", got.Evidence, want)
				}
			}
			if !strings.Contains(got.Hint, tt.wantHint) {
				t.Errorf("hint %q lacks %q", got.Hint, tt.wantHint)
			}
			if got.ServingLine != tt.wantServing || got.Serving != (got.Available > 0) {
				t.Errorf("serving %v %q, want %q", got.Serving, got.ServingLine, tt.wantServing)
			}
			if !reflect.DeepEqual(got.StuckPods, tt.wantStuck) {
				t.Errorf("stuck pods %v, want %v", got.StuckPods, tt.wantStuck)
			}
		})
	}
}

func TestDiagnoseEvidenceIsNewestFirstAndDistinct(t *testing.T) {
	s := imagePullRollout()
	events := []*corev1.Event{
		event("Pod", "web-rs5-new01", "Failed", pullFailed, 3*time.Minute),
		event("Pod", "web-rs5-new01", "Failed", "Error: ErrImagePull", 2*time.Minute),
		event("Pod", "web-rs5-new01", "Failed", pullFailed, time.Minute),
	}
	got := Diagnose(s.d, s.rss, s.pods, events, nil, now).Evidence
	if want := []string{pullFailed, "Error: ErrImagePull"}; !reflect.DeepEqual(got, want) {
		t.Errorf("evidence %q, want %q", got, want)
	}
}

func TestDiagnoseWithoutDeployment(t *testing.T) {
	if got := Diagnose(nil, nil, nil, nil, nil, now); got.Serving || got.Verdict == "" {
		t.Errorf("got %+v", got)
	}
}

func containsSubstring(lines []string, want string) bool {
	for _, l := range lines {
		if strings.Contains(l, want) {
			return true
		}
	}
	return false
}

// withEvicted adds an evicted pod to the newest ReplicaSet of s.
func withEvicted(s scenario) scenario {
	s.pods = append(s.pods, runningPod(s.new, "evict", evictedLikeKubelet))
	return s
}

// withInitContainer gives web's template an init container with a memory
// limit (the cache's pods keep none; the Deployment has it).
func withInitContainer(name, limit string) deployOpt {
	return func(d *appsv1.Deployment) {
		d.Spec.Template.Spec.InitContainers = []corev1.Container{{Name: name, Image: "example/web:4f9c2e1",
			Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(limit)}}}}
	}
}

// inPool puts web's pods on a DigitalOcean pool by nodeSelector.
func inPool(pool string) deployOpt {
	return func(d *appsv1.Deployment) { d.Spec.Template.Spec.NodeSelector = map[string]string{LabelDOPool: pool} }
}

// initCrashLooping: the pod's init container crash-loops; the pod is
// Init:CrashLoopBackOff and its app containers wait in PodInitializing.
func initCrashLooping(name string, restarts, exitCode int32, reason string) podOpt {
	return func(p *corev1.Pod) {
		p.Spec.InitContainers = []corev1.Container{{Name: name, Image: "example/web:4f9c2e1"}}
		p.Status.InitContainerStatuses = []corev1.ContainerStatus{{Name: name, RestartCount: restarts,
			State:                corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}},
			LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: exitCode, Reason: reason}}}}
		for i := range p.Status.ContainerStatuses {
			p.Status.ContainerStatuses[i].Ready = false
			p.Status.ContainerStatuses[i].State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}
		}
		setPodCondition(p, corev1.PodInitialized, corev1.ConditionFalse, "ContainersNotInitialized", "")
		markNotReady(p)
	}
}
