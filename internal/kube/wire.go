package kube

import (
	"bytes"

	"google.golang.org/protobuf/encoding/protowire"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The informers' objects are filtered in their protobuf encoding,
// before the decoder turns them into Go values: a field the cache would
// drop anyway (slim.go) is then never allocated. At 10,000 pods under 50
// pod updates a second, decoding was a third of fdtui's CPU and its
// garbage most of the collector's work (CPU profile, 2026-12-05); a
// pod's managedFields alone are 3 KB of its 7.6 KB (JSON, kubectl get
// --show-managed-fields). Operations, describe and YAML GET objects
// through the ordinary client and see them whole.

// shape says which fields of one protobuf message are kept. A field in
// sub is kept with its value filtered by that shape (each element, when
// repeated); a map field in keys keeps only the entries whose key is in
// its set; a field in keep is kept whole when true and dropped when
// false; any other field is kept when rest is set.
type shape struct {
	rest bool
	keep map[protowire.Number]bool
	sub  map[protowire.Number]*shape
	keys map[protowire.Number]map[string]bool
}

// Field numbers are those of k8s.io/api's generated.proto; what is kept
// is what the cache's compact copies read (compactPod, compactMetaInto).
var (
	// podMeta is a pod's ObjectMeta: identity, times, owners, one label
	// (11: a StatefulSet pod's revision, all podLabels keeps) and one
	// annotation (12: the watch-list's closing bookmark carries
	// k8s.io/initial-events-end, which the reflector reads).
	// generateName, selfLink, finalizers, managedFields (17) and every
	// other label and annotation go: each pod update decoded two maps
	// only to drop them (make bench's churn patches an annotation).
	podMeta = &shape{keep: fieldSet(1, 3, 5, 6, 7, 8, 9, 10, 13), keys: map[protowire.Number]map[string]bool{
		11: {appsv1.ControllerRevisionHashLabelKey: true},
		12: {metav1.InitialEventsAnnotationKey: true},
	}}
	// podContainer keeps name, image, resources' requests (2) and
	// restartPolicy (a sidecar init container's Always). Limits (1) and
	// claims go: the compact pod keeps requests alone (the capacity
	// screen's sums; describe GETs the pod whole), and each decoded
	// resource map is a 640-byte object, garbage in the size class of the
	// Services and Events the cache keeps.
	podContainer = &shape{keep: fieldSet(1, 2, 24), sub: map[protowire.Number]*shape{8: {keep: fieldSet(2)}}}
	// containerStatus keeps name, state, lastState, ready, restartCount,
	// image and started.
	containerStatus = &shape{keep: fieldSet(1, 2, 3, 4, 5, 6, 9)}
	// podShape keeps spec's containers, nodeName, imagePullSecrets,
	// initContainers, overhead and resources; status's phase,
	// conditions, message, reason, startTime and both container statuses.
	podShape = &shape{sub: map[protowire.Number]*shape{
		1: podMeta,
		2: {keep: fieldSet(10, 15, 32, 40), sub: map[protowire.Number]*shape{2: podContainer, 20: podContainer}},
		3: {keep: fieldSet(1, 2, 3, 4, 7), sub: map[protowire.Number]*shape{8: containerStatus, 10: containerStatus}},
	}}
	// metaShape is the ObjectMeta of any other object watched: all of it
	// but managedFields, which no screen reads (slimObject drops them,
	// or builds a compact copy without them).
	metaShape = &shape{rest: true, keep: map[protowire.Number]bool{17: false}}
	// objectShape is any other object watched: all of it but its
	// metadata's managedFields.
	objectShape = &shape{rest: true, sub: map[protowire.Number]*shape{1: metaShape}}
	// workloadContainer keeps what compactWorkloadTemplate reads of a
	// template's container: name, image, env, resources, securityContext,
	// envFrom and restartPolicy.
	workloadContainer = &shape{keep: fieldSet(1, 2, 7, 8, 15, 19, 24)}
	// templateShape is a workload's pod template as compactWorkloadTemplate
	// keeps it: its spec's containers, nodeSelector, securityContext,
	// imagePullSecrets and initContainers; the template's metadata goes.
	// At 1,000 sites the templates of 2,000 StatefulSets, 1,000
	// ReplicaSets and Deployments and 2,000 CronJobs (probes, volumes,
	// mounts, commands) were decoded only to be dropped.
	templateShape = &shape{sub: map[protowire.Number]*shape{
		2: {keep: fieldSet(7, 14, 15), sub: map[protowire.Number]*shape{2: workloadContainer, 20: workloadContainer}},
	}}
	// withTemplate is a Deployment, ReplicaSet or StatefulSet: its spec's
	// template (3) is filtered, the rest kept.
	withTemplate = workloadShape(&shape{rest: true, sub: map[protowire.Number]*shape{3: templateShape}})
	// cronJobShape filters spec.jobTemplate (5) .spec (2) .template (6).
	cronJobShape = workloadShape(&shape{rest: true, sub: map[protowire.Number]*shape{
		5: {rest: true, sub: map[protowire.Number]*shape{2: {rest: true, sub: map[protowire.Number]*shape{6: templateShape}}}},
	}})
	// jobShape drops spec.template (6): compactJob keeps none of it.
	jobShape = workloadShape(&shape{rest: true, keep: map[protowire.Number]bool{6: false}})
	// envelopes is the shape of the envelope (see protobufMagic) for each
	// kind of the core, apps or batch groups that fdtui's informers watch,
	// and for its list. Every one of these kinds has its ObjectMeta as
	// field 1; a list keeps its ListMeta (1) and filters its items (2).
	envelopes = func() map[string]*shape {
		m := map[string]*shape{}
		for object, kinds := range map[*shape][]string{
			podShape:     {"Pod"},
			objectShape:  {"Event", "Namespace", "Node", "PersistentVolumeClaim", "Service"},
			withTemplate: {"Deployment", "ReplicaSet", "StatefulSet"},
			cronJobShape: {"CronJob"},
			jobShape:     {"Job"},
		} {
			list := &shape{rest: true, sub: map[protowire.Number]*shape{2: object}}
			for _, k := range kinds {
				m[k], m[k+"List"] = envelope(object), envelope(list)
			}
		}
		return m
	}()
)

// workloadShape is an object of the apps or batch groups with its spec
// (2) filtered by spec: metadata loses its managedFields, status stays.
func workloadShape(spec *shape) *shape {
	return &shape{rest: true, sub: map[protowire.Number]*shape{1: metaShape, 2: spec}}
}

// envelope is the shape of an envelope holding object: the object is
// its field 2.
func envelope(object *shape) *shape {
	return &shape{rest: true, sub: map[protowire.Number]*shape{2: object}}
}

func fieldSet(nums ...protowire.Number) map[protowire.Number]bool {
	m := make(map[protowire.Number]bool, len(nums))
	for _, n := range nums {
		m[n] = true
	}
	return m
}

// protobufMagic starts every object in Kubernetes' protobuf encoding; a
// runtime.Unknown follows: typeMeta (1: apiVersion 1, kind 2), raw (2),
// contentEncoding (3), contentType (4).
var protobufMagic = []byte{0x6b, 0x38, 0x73, 0x00}

// filterEnvelope appends to dst the envelope data with its object
// filtered by its kind's shape. It returns false when data is not an
// envelope it can read or its kind has no shape: the caller then decodes
// data as it is, and the decoder reports whatever is wrong with it.
func filterEnvelope(dst, data []byte) ([]byte, bool) {
	body, ok := bytes.CutPrefix(data, protobufMagic)
	if !ok {
		return dst, false
	}
	var sh *shape
	if tm, ok := field(body, 1); ok {
		if kind, ok := field(tm, 2); ok {
			sh = envelopes[string(kind)] // nil: decoded whole, as Status is
		}
	}
	if sh == nil {
		return dst, false
	}
	dst = append(dst, protobufMagic...)
	return filterMessage(dst, body, sh)
}

// field returns the first length-delimited field num of message b.
func field(b []byte, num protowire.Number) ([]byte, bool) {
	for len(b) > 0 {
		n, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return nil, false
		}
		b = b[l:]
		if n == num && typ == protowire.BytesType {
			v, l := protowire.ConsumeBytes(b)
			return v, l >= 0
		}
		l = protowire.ConsumeFieldValue(n, typ, b)
		if l < 0 {
			return nil, false
		}
		b = b[l:]
	}
	return nil, false
}

// filterMessage appends the fields of message b that sh keeps to dst, in
// their order, each sub-message filtered by its own shape.
func filterMessage(dst, b []byte, sh *shape) ([]byte, bool) {
	for len(b) > 0 {
		num, typ, tagLen := protowire.ConsumeTag(b)
		if tagLen < 0 {
			return dst, false
		}
		valLen := protowire.ConsumeFieldValue(num, typ, b[tagLen:])
		if valLen < 0 {
			return dst, false
		}
		whole := b[:tagLen+valLen]
		b = b[tagLen+valLen:]
		if keys, ok := sh.keys[num]; ok && typ == protowire.BytesType {
			if entry, l := protowire.ConsumeBytes(whole[tagLen:]); l >= 0 {
				if key, _ := field(entry, 1); keys[string(key)] {
					dst = append(dst, whole...)
				}
			}
			continue
		}
		if sub, ok := sh.sub[num]; ok && typ == protowire.BytesType {
			if dst, ok = appendFiltered(dst, num, whole[tagLen:], sub); !ok {
				return dst, false
			}
			continue
		}
		if keep, named := sh.keep[num]; keep || !named && sh.rest {
			dst = append(dst, whole...)
		}
	}
	return dst, true
}

// appendFiltered appends field num holding the length-prefixed message
// v, filtered by sh. The length is not known until the message is
// written: room for the longest is left, then the message moves back.
func appendFiltered(dst []byte, num protowire.Number, v []byte, sh *shape) ([]byte, bool) {
	msg, l := protowire.ConsumeBytes(v)
	if l < 0 {
		return dst, false
	}
	dst = protowire.AppendTag(dst, num, protowire.BytesType)
	at := len(dst)
	const room = 5 // a varint of up to 2^35: longer than any object
	dst = append(dst, 0, 0, 0, 0, 0)
	dst, ok := filterMessage(dst, msg, sh)
	if !ok {
		return dst, false
	}
	n := len(dst) - at - room
	size := protowire.SizeVarint(uint64(n))
	protowire.AppendVarint(dst[at:at], uint64(n))
	copy(dst[at+size:], dst[at+room:])
	return dst[:at+size+n], true
}
