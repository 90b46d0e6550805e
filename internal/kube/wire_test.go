package kube

import (
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	pbserializer "k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/utils/ptr"
)

// richPod sets every field compactPod reads and many it drops, in its
// metadata, spec, status, containers, init containers and statuses.
func richPod() *corev1.Pod {
	req := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")}
	now := metav1.Now()
	probe := &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/user/login"}}, PeriodSeconds: 5}
	container := func(name string) corev1.Container {
		return corev1.Container{Name: name, Image: "registry/site:" + name, Command: []string{"apache2-foreground"}, Args: []string{"-X"},
			Ports: []corev1.ContainerPort{{ContainerPort: 80}}, Env: []corev1.EnvVar{{Name: "DB_HOST", Value: "mysql"}},
			EnvFrom:   []corev1.EnvFromSource{{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "db"}}}},
			Resources: corev1.ResourceRequirements{Requests: req, Limits: req}, VolumeMounts: []corev1.VolumeMount{{Name: "files", MountPath: "/var/www"}},
			LivenessProbe: probe, ReadinessProbe: probe, StartupProbe: probe, SecurityContext: &corev1.SecurityContext{RunAsNonRoot: ptr.To(true)},
			ImagePullPolicy: corev1.PullIfNotPresent}
	}
	running := corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}}
	oom := corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled", FinishedAt: now}}
	sidecar := container("proxy")
	sidecar.RestartPolicy = ptr.To(corev1.ContainerRestartPolicyAlways)
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web-5d9c-x7k2p", GenerateName: "web-5d9c-", Namespace: "example.com", UID: "u-1",
			ResourceVersion: "4711", Generation: 2, CreationTimestamp: now, DeletionTimestamp: &now, DeletionGracePeriodSeconds: ptr.To[int64](30),
			Labels:      map[string]string{"app": "web", "controller-revision-hash": "mysql-7f"},
			Annotations: map[string]string{"kubectl.kubernetes.io/restartedAt": "2026-12-05T03:00:00Z"},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "web-5d9c", UID: "rs-1",
				Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}},
			Finalizers:    []string{"example.com/guard"},
			ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubelet", FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:status":{}}`)}}}},
		Spec: corev1.PodSpec{
			Volumes:            []corev1.Volume{{Name: "files", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "db"}}}},
			InitContainers:     []corev1.Container{container("migrate"), sidecar},
			Containers:         []corev1.Container{container("varnish"), container("apache")},
			NodeName:           "pool-a-1",
			ImagePullSecrets:   []corev1.LocalObjectReference{{Name: "registry"}},
			Tolerations:        []corev1.Toleration{{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists}},
			Affinity:           &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{}},
			SecurityContext:    &corev1.PodSecurityContext{RunAsUser: ptr.To[int64](33)},
			Overhead:           corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("10m")},
			Resources:          &corev1.ResourceRequirements{Requests: req},
			ServiceAccountName: "web", Hostname: "web", Priority: ptr.To[int32](0),
		},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, Reason: "Evicted", Message: "low on memory", StartTime: &now,
			HostIP: "10.0.0.2", PodIP: "10.244.0.9", PodIPs: []corev1.PodIP{{IP: "10.244.0.9"}}, QOSClass: corev1.PodQOSGuaranteed,
			Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionFalse, Reason: "ContainersNotReady", LastTransitionTime: now},
				{Type: corev1.ContainersReady, Status: corev1.ConditionFalse}, {Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
				{Type: corev1.PodInitialized, Status: corev1.ConditionTrue}, {Type: corev1.DisruptionTarget, Status: corev1.ConditionTrue}},
			InitContainerStatuses: []corev1.ContainerStatus{{Name: "migrate", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed"}}},
				{Name: "proxy", State: running, Started: ptr.To(true), Ready: true}},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "varnish", State: running, Ready: true, RestartCount: 3, LastTerminationState: oom,
				Image: "registry/site:varnish", ImageID: "sha256:1", ContainerID: "containerd://1", Started: ptr.To(true),
				AllocatedResources: req, VolumeMounts: []corev1.VolumeMountStatus{{Name: "files"}}},
				{Name: "apache", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CreateContainerConfigError", Message: `secret "db" not found`}}}},
		},
	}
}

func encodeProtobuf(t *testing.T, obj runtime.Object) []byte {
	t.Helper()
	b, err := runtime.Encode(pbserializer.NewSerializer(scheme.Scheme, scheme.Scheme), obj)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// filteringProtobuf is the informers' protobuf decoder.
func filteringProtobuf() runtime.Decoder {
	for _, info := range newFilteringSerializer(scheme.Codecs.WithoutConversion()).SupportedMediaTypes() {
		if info.MediaType == runtime.ContentTypeProtobuf {
			return info.Serializer
		}
	}
	panic("no protobuf serializer")
}

// decodeFiltered decodes data through the informers' filtering decoder.
func decodeFiltered(t *testing.T, data []byte, into runtime.Object) runtime.Object {
	t.Helper()
	obj, _, err := filteringProtobuf().Decode(data, nil, into)
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

func TestFilteredPodCompactsAsTheWholeOne(t *testing.T) {
	p := richPod()
	p.APIVersion, p.Kind = "v1", "Pod"
	data := encodeProtobuf(t, p)
	got := decodeFiltered(t, data, nil).(*corev1.Pod)
	if got.ManagedFields != nil || got.Spec.Volumes != nil || got.Spec.Containers[0].Env != nil || got.Status.PodIP != "" ||
		got.Spec.Containers[0].Resources.Limits != nil {
		t.Fatalf("filter kept what the cache drops: %+v", got)
	}
	if len(got.Annotations) != 0 || len(got.Labels) != 1 || got.Labels["controller-revision-hash"] != "mysql-7f" {
		t.Fatalf("filter kept labels or annotations the cache drops, or lost the revision: %v %v", got.Labels, got.Annotations)
	}
	if got.Spec.Containers[0].Resources.Requests.Cpu().IsZero() {
		t.Fatalf("filter dropped the requests the capacity screen sums: %+v", got.Spec.Containers[0].Resources)
	}
	if compact, want := compactBothWays(t, data, got); !reflect.DeepEqual(compact, want) {
		t.Fatalf("compact pods differ:\nfiltered %+v\nwhole    %+v", compact, want)
	}
}

// compactBothWays compacts filtered (data decoded through the filter) and
// data decoded whole, with one slimmer.
func compactBothWays(t *testing.T, data []byte, filtered runtime.Object) (compact, whole any) {
	t.Helper()
	obj, _, err := pbserializer.NewSerializer(scheme.Scheme, scheme.Scheme).Decode(data, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sl := &slimmer{}
	whole, _ = sl.slimObject(obj)
	compact, _ = sl.slimObject(filtered)
	return compact, whole
}

func TestFilterKeepsTheWatchListBookmark(t *testing.T) {
	// The reflector knows the initial events have ended from this
	// annotation on a bookmark's otherwise empty pod.
	p := &corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}, ObjectMeta: metav1.ObjectMeta{ResourceVersion: "99",
		Annotations: map[string]string{metav1.InitialEventsAnnotationKey: "true"}}}
	got := decodeFiltered(t, encodeProtobuf(t, p), nil).(*corev1.Pod)
	if got.ResourceVersion != "99" || got.Annotations[metav1.InitialEventsAnnotationKey] != "true" {
		t.Fatalf("bookmark lost: %+v", got.ObjectMeta)
	}
}

func TestFilterReadsLists(t *testing.T) {
	a, b := richPod(), richPod()
	b.Name = "web-5d9c-q2r8s"
	list := &corev1.PodList{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "PodList"},
		ListMeta: metav1.ListMeta{ResourceVersion: "5000", Continue: "next"}, Items: []corev1.Pod{*a, *b}}
	got := decodeFiltered(t, encodeProtobuf(t, list), &corev1.PodList{}).(*corev1.PodList)
	if got.ResourceVersion != "5000" || got.Continue != "next" || len(got.Items) != 2 || got.Items[1].Name != b.Name {
		t.Fatalf("list lost its metadata or items: %+v", got.ListMeta)
	}
	if got.Items[0].ManagedFields != nil || got.Items[1].Spec.Volumes != nil {
		t.Fatal("items not filtered")
	}
}

func TestFilterDropsOnlyManagedFieldsOfOtherKinds(t *testing.T) {
	ev := &corev1.Event{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Event"},
		ObjectMeta: metav1.ObjectMeta{Name: "web.1", Namespace: "example.com", Annotations: map[string]string{"a": "b"},
			ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubelet"}}},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web-1"}, Reason: "FailedMount", Message: `secret "db" not found`, Count: 4}
	got := decodeFiltered(t, encodeProtobuf(t, ev), nil).(*corev1.Event)
	want := ev.DeepCopy()
	want.ManagedFields = nil
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("event changed beyond its managedFields:\n%+v\n%+v", got, want)
	}
}

// richWorkloads are a Deployment, ReplicaSet, StatefulSet, CronJob and
// Job whose pod templates are richPod's spec (probes, volumes, mounts,
// env, security contexts), with managedFields and template labels.
func richWorkloads() []runtime.Object {
	p := richPod()
	p.Spec.NodeSelector = map[string]string{"doks.digitalocean.com/node-pool": "web"}
	om := *p.ObjectMeta.DeepCopy()
	om.CreationTimestamp, om.DeletionTimestamp = metav1.Time{}, nil // protobuf keeps whole seconds only
	tmpl := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"},
		Annotations: map[string]string{"kubectl.kubernetes.io/restartedAt": "now"}}, Spec: p.Spec}
	sel := &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}
	class := "do-block-storage"
	return []runtime.Object{
		&appsv1.Deployment{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"}, ObjectMeta: om,
			Spec: appsv1.DeploymentSpec{Replicas: ptr.To[int32](3), MinReadySeconds: 5, Selector: sel, Template: tmpl,
				ProgressDeadlineSeconds: ptr.To[int32](600), Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType}},
			Status: appsv1.DeploymentStatus{ObservedGeneration: 2, UpdatedReplicas: 1, Conditions: []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing}}}},
		&appsv1.ReplicaSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "ReplicaSet"}, ObjectMeta: om,
			Spec:   appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](3), MinReadySeconds: 5, Selector: sel, Template: tmpl},
			Status: appsv1.ReplicaSetStatus{Replicas: 3, ReadyReplicas: 2}},
		&appsv1.StatefulSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "StatefulSet"}, ObjectMeta: om,
			Spec: appsv1.StatefulSetSpec{Replicas: ptr.To[int32](1), Selector: sel, Template: tmpl, ServiceName: "mysql",
				VolumeClaimTemplates: []corev1.PersistentVolumeClaim{{ObjectMeta: metav1.ObjectMeta{Name: "data"},
					Spec: corev1.PersistentVolumeClaimSpec{StorageClassName: &class, Resources: corev1.VolumeResourceRequirements{
						Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("10Gi")}}}}}},
			Status: appsv1.StatefulSetStatus{CurrentRevision: "mysql-1", UpdateRevision: "mysql-2"}},
		&batchv1.CronJob{TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "CronJob"}, ObjectMeta: om,
			Spec: batchv1.CronJobSpec{Schedule: "*/15 * * * *", Suspend: ptr.To(false), JobTemplate: batchv1.JobTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"job": "cron"}},
				Spec:       batchv1.JobSpec{BackoffLimit: ptr.To[int32](2), ActiveDeadlineSeconds: ptr.To[int64](600), Template: tmpl}}}},
		&batchv1.Job{TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"}, ObjectMeta: om,
			Spec:   batchv1.JobSpec{BackoffLimit: ptr.To[int32](2), Template: tmpl},
			Status: batchv1.JobStatus{Failed: 1, Conditions: []batchv1.JobCondition{{Type: batchv1.JobFailed, Reason: "BackoffLimitExceeded"}}}},
	}
}

// A workload's pod template is filtered to what the compact copy keeps:
// compacted, the filtered object equals the whole one compacted.
func TestFilteredWorkloadsCompactAsTheWholeOnes(t *testing.T) {
	for _, obj := range richWorkloads() {
		kind := obj.GetObjectKind().GroupVersionKind().Kind
		data := encodeProtobuf(t, obj)
		got := decodeFiltered(t, data, nil)
		if m, _ := meta.Accessor(got); m.GetManagedFields() != nil {
			t.Errorf("%s kept its managedFields", kind)
		}
		var tmpl *corev1.PodSpec
		switch o := got.(type) {
		case *appsv1.Deployment:
			tmpl = &o.Spec.Template.Spec
		case *appsv1.ReplicaSet:
			tmpl = &o.Spec.Template.Spec
		case *appsv1.StatefulSet:
			tmpl = &o.Spec.Template.Spec
		case *batchv1.CronJob:
			tmpl = &o.Spec.JobTemplate.Spec.Template.Spec
		case *batchv1.Job:
			if o.Spec.Template.Spec.Containers != nil {
				t.Error("Job kept its pod template")
			}
		}
		if tmpl != nil && (tmpl.Volumes != nil || tmpl.Containers[0].LivenessProbe != nil || tmpl.NodeSelector == nil) {
			t.Errorf("%s's template is not filtered to what the cache keeps: %+v", kind, tmpl)
		}
		if compact, want := compactBothWays(t, data, got); !reflect.DeepEqual(compact, want) {
			t.Errorf("compact %ss differ:\nfiltered %+v\nwhole    %+v", kind, compact, want)
		}
	}
}

func TestFilterLeavesOtherKindsAndBadInputToTheDecoder(t *testing.T) {
	st := &metav1.Status{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Status"}, Status: metav1.StatusFailure, Reason: metav1.StatusReasonExpired, Code: 410}
	data := encodeProtobuf(t, st)
	if _, ok := filterEnvelope(nil, data); ok {
		t.Fatal("Status has no shape: it must be decoded as it is")
	}
	p := richPod()
	p.APIVersion, p.Kind = "v1", "Pod"
	data = encodeProtobuf(t, p)
	if _, ok := filterEnvelope(nil, data[:len(data)-7]); ok {
		t.Fatal("a truncated object was filtered")
	}
}

// BenchmarkDecodePod compares decoding a pod whole and filtered, then
// compacting it as the cache does.
func BenchmarkDecodePod(b *testing.B) {
	p := richPod()
	p.APIVersion, p.Kind = "v1", "Pod"
	data, _ := runtime.Encode(pbserializer.NewSerializer(scheme.Scheme, scheme.Scheme), p)
	whole := pbserializer.NewSerializer(scheme.Scheme, scheme.Scheme)
	for name, dec := range map[string]runtime.Decoder{"whole": whole, "filtered": filteringProtobuf()} {
		b.Run(name, func(b *testing.B) {
			sl := &slimmer{}
			b.ReportAllocs()
			for b.Loop() {
				obj, _, err := dec.Decode(data, nil, nil)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = sl.slimObject(obj)
			}
		})
	}
}

func BenchmarkUnchangedPod(b *testing.B) {
	sl := &slimmer{}
	p := richPod()
	old, _ := sl.slimObject(p)
	q := p.DeepCopy()
	q.ResourceVersion = "4712"
	cur, _ := sl.slimObject(q)
	b.ReportAllocs()
	for b.Loop() {
		if !unchanged(old, cur) {
			b.Fatal("changed")
		}
	}
}
