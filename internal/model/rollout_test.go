package model

import (
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// midRollout is revision 5 (example/web:4f9c2e1) replacing revision 4: one
// old pod already gone, two old pods serving, and one new pod per maker,
// newAvailable of them available.
type scenario struct {
	d    *appsv1.Deployment
	rss  []*appsv1.ReplicaSet
	pods []*corev1.Pod
	old  *appsv1.ReplicaSet
	new  *appsv1.ReplicaSet
}

func midRollout(dOpts []deployOpt, newAvailable int32, newPods ...func(*appsv1.ReplicaSet) *corev1.Pod) scenario {
	n := int32(len(newPods))
	d := webDeployment(5, "example/web:4f9c2e1", append([]deployOpt{rolling(2+n, n, 2+newAvailable, 2+newAvailable)}, dOpts...)...)
	old := replicaSet(d, 4, "example/web:abc1234", 2, 2)
	nw := replicaSet(d, 5, "example/web:4f9c2e1", n, newAvailable, createdAgo(4*time.Minute))
	s := scenario{d: d, old: old, new: nw, rss: []*appsv1.ReplicaSet{old, nw},
		pods: []*corev1.Pod{runningPod(old, "old01"), runningPod(old, "old02")}}
	for _, mk := range newPods {
		s.pods = append(s.pods, mk(nw))
	}
	return s
}

// newPod returns a maker for a pod of the new ReplicaSet.
func newPod(suffix string, opts ...podOpt) func(*appsv1.ReplicaSet) *corev1.Pod {
	return func(rs *appsv1.ReplicaSet) *corev1.Pod {
		return runningPod(rs, suffix, append([]podOpt{createdPodAgo(4 * time.Minute)}, opts...)...)
	}
}

func completeSite() scenario {
	o := healthySite()
	return scenario{d: o.Deployments[0], rss: o.ReplicaSets, pods: o.Pods, old: o.ReplicaSets[0], new: o.ReplicaSets[1]}
}

type phaseCase struct {
	name       string
	s          scenario
	wantPhase  RolloutPhase
	wantReason string
	wantLabel  string
}

func TestDeriveRolloutPhases(t *testing.T) {
	tests := []phaseCase{
		{"complete", completeSite(), RolloutComplete, "", "OK"},
		{"progressing: one new pod ready, one creating",
			midRollout(nil, 1, newPod("new01"), newPod("new02", creating)),
			RolloutProgressing, "ReplicaSetUpdated", "ROLLING 1/3"},
		{"progressing: controller has not seen the new spec yet",
			scenario{d: webDeployment(4, "example/web:abc1234", func(d *appsv1.Deployment) { d.Generation = 8 })},
			RolloutProgressing, reasonNewRSAvailable, "ROLLING 0/3"},
		{"paused", midRollout([]deployOpt{paused}, 1, newPod("new01"), newPod("new02", creating)),
			RolloutPaused, reasonPaused, "PAUSED"},
		{"stuck: progress deadline exceeded",
			midRollout([]deployOpt{deadlineExceededSince(3 * time.Minute)}, 0, newPod("new01", runningNotReady("web"))),
			RolloutStuck, reasonDeadlineExceeded, "STUCK"},
		{"stuck beats paused",
			midRollout([]deployOpt{paused}, 0, newPod("new01", waiting("web", "ImagePullBackOff", ""))),
			RolloutStuck, "ImagePullBackOff", "STUCK"},
		{"unknown: not yet observed",
			scenario{d: webDeployment(0, "example/web:abc1234", func(d *appsv1.Deployment) { d.Status = appsv1.DeploymentStatus{} })},
			RolloutUnknown, "", "—"},
		{"unknown: no deployment", scenario{}, RolloutUnknown, "", "—"},
	}
	for _, reason := range []string{"ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CrashLoopBackOff", "CreateContainerConfigError"} {
		tests = append(tests, phaseCase{"stuck: new pod " + reason, midRollout(nil, 0, newPod("new01", waiting("web", reason, ""))),
			RolloutStuck, reason, "STUCK"})
	}
	tests = append(tests, phaseCase{"stuck: new pod unschedulable",
		midRollout(nil, 0, newPod("new01", unschedulable("0/4 nodes are available: 4 Insufficient memory."))),
		RolloutStuck, ReasonUnschedulable, "STUCK"})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := DeriveRollout(tt.s.d, tt.s.rss, tt.s.pods, now)
			if r.Phase != tt.wantPhase || r.Reason != tt.wantReason || r.Label() != tt.wantLabel {
				t.Errorf("got phase %v reason %q label %q; want %v %q %q",
					r.Phase, r.Reason, r.Label(), tt.wantPhase, tt.wantReason, tt.wantLabel)
			}
		})
	}
}

func TestDeriveRolloutRevisionsAndImages(t *testing.T) {
	s := midRollout(nil, 1, newPod("new01"), newPod("new02", creating))
	// An orphan from a deleted Deployment of the same name must not count.
	orphan := replicaSet(s.d, 9, "example/web:deadbee", 1, 1)
	orphan.OwnerReferences[0].UID = "uid-some-older-web"
	r := DeriveRollout(s.d, append(s.rss, orphan), s.pods, now)

	want := Rollout{Namespace: siteNS, Name: "web", Phase: RolloutProgressing,
		Desired: 3, Updated: 2, Ready: 3, Available: 3, UpdatedAvailable: 1,
		Revision: 5, PrevRevision: 4, Image: "example/web:4f9c2e1", PrevImage: "example/web:abc1234",
		Reason: "ReplicaSetUpdated", Since: s.new.CreationTimestamp.Time, InProgress: true}
	if r != want {
		t.Errorf("got  %+v\nwant %+v", r, want)
	}
}

func TestDeriveRolloutMainContainerFallsBackToFirst(t *testing.T) {
	d := webDeployment(1, "ignored", func(d *appsv1.Deployment) {
		d.Spec.Template.Spec.Containers = []corev1.Container{{Name: "app", Image: "nginx:1.27"}}
	})
	if got := DeriveRollout(d, nil, nil, now).Image; got != "nginx:1.27" {
		t.Errorf("image = %q, want nginx:1.27", got)
	}
}

func TestRolloutPhaseString(t *testing.T) {
	want := map[RolloutPhase]string{RolloutUnknown: "Unknown", RolloutComplete: "Complete",
		RolloutProgressing: "Progressing", RolloutPaused: "Paused", RolloutStuck: "Stuck"}
	for p, s := range want {
		if p.String() != s {
			t.Errorf("%d.String() = %q, want %q", p, p.String(), s)
		}
	}
}

func TestImageTag(t *testing.T) {
	tests := map[string]string{
		"example/web:4f9c2e1": "4f9c2e1",
		"example/web":         "latest",
		"nginx":               "latest",
		"nginx:latest":        "latest",
		"reg.io:5000/a/b:tag": "tag",
		"reg.io:5000/a/b":     "latest",
		"registry.digitalocean.com/fd/web:sha-1a2b": "sha-1a2b",
		"example/web@sha256:abcdef1234567890abcdef": "sha256:abcdef12",
		"example/web:v2@sha256:abcdef1234567890":    "v2",
		"":                                          "latest",
	}
	for image, want := range tests {
		if got := ImageTag(image); got != want {
			t.Errorf("ImageTag(%q) = %q, want %q", image, got, want)
		}
	}
}

func TestRevisionHistory(t *testing.T) {
	s := midRollout(nil, 1, newPod("new01"), newPod("new02", creating))
	rs3 := replicaSet(s.d, 3, "example/web:0ff1ce0", 0, 0)
	got := RevisionHistory(s.d, []*appsv1.ReplicaSet{rs3, s.new, s.old})
	want := []Revision{
		{Number: 5, Image: "example/web:4f9c2e1", ChangeCause: "deploy 4f9c2e1", Created: s.new.CreationTimestamp.Time, ReplicaSet: "web-rs5", Replicas: 2},
		{Number: 4, Image: "example/web:abc1234", ChangeCause: "deploy abc1234", Created: s.old.CreationTimestamp.Time, ReplicaSet: "web-rs4", Replicas: 2},
		{Number: 3, Image: "example/web:0ff1ce0", ChangeCause: "deploy 0ff1ce0", Created: rs3.CreationTimestamp.Time, ReplicaSet: "web-rs3", Replicas: 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d revisions, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("revision[%d] = %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestRevisionsByReplicaSet(t *testing.T) {
	s := midRollout(nil, 1)
	unannotated := replicaSet(s.d, 1, "x:1", 0, 0)
	unannotated.Name, unannotated.Annotations = "manual", nil
	got := RevisionsByReplicaSet(append(s.rss, unannotated))
	if len(got) != 2 || got["web-rs4"] != "4" || got["web-rs5"] != "5" {
		t.Errorf("got %v", got)
	}
}

// Right after a template change (here an undo re-labelling web-rs3 as
// revision 6) the controller has observed the new generation but its
// Progressing condition still names the previous ReplicaSet as
// available: that is a rollout under way, not complete. The condition
// naming the newest ReplicaSet is complete.
func TestNewReplicaSetAvailableNamesItsReplicaSet(t *testing.T) {
	d := webDeployment(6, "registry.example.com/site:broken-1", func(d *appsv1.Deployment) {
		d.Status.UpdatedReplicas = 0
		d.Status.Conditions[1].Message = `ReplicaSet "web-rs5" has successfully progressed.`
	})
	good := replicaSet(d, 5, "registry.example.com/site:4f9c2e1", 3, 3)
	undone := replicaSet(d, 6, "registry.example.com/site:broken-1", 1, 0)
	r := DeriveRollout(d, []*appsv1.ReplicaSet{good, undone}, nil, now)
	if !r.InProgress || r.Phase != RolloutProgressing {
		t.Errorf("condition naming the old ReplicaSet: in progress %v, phase %s; want a rollout under way", r.InProgress, r.Phase)
	}
	d.Status.UpdatedReplicas = 3
	d.Status.Conditions[1].Message = `ReplicaSet "web-rs6" has successfully progressed.`
	if r := DeriveRollout(d, []*appsv1.ReplicaSet{good, undone}, nil, now); r.InProgress || r.Phase != RolloutComplete {
		t.Errorf("condition naming the newest ReplicaSet: in progress %v, phase %s; want complete", r.InProgress, r.Phase)
	}
}
