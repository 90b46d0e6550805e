package kube

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/randfill"
)

// filledCompactPods are compact copies (compactPod) of pods with every
// field filled at random, owned by a StatefulSet so the revision label is
// kept too.
func filledCompactPods(n int) []*corev1.Pod {
	f := randfill.NewWithSeed(13).NilChance(0).NumElements(1, 3).Funcs(
		func(q *resource.Quantity, c randfill.Continue) {
			*q = *resource.NewMilliQuantity(c.Int63n(1e6)+1, resource.DecimalSI)
		},
		func(t *metav1.Time, c randfill.Continue) { *t = metav1.Unix(c.Int63n(1e9)+1, 0) },
	)
	out := make([]*corev1.Pod, n)
	for i := range out {
		var p corev1.Pod
		f.Fill(&p)
		p.OwnerReferences[0].Kind, p.OwnerReferences[0].Controller = "StatefulSet", ptr.To(true)
		p.Labels[appsv1.ControllerRevisionHashLabelKey] = fmt.Sprint("mysql-", i)
		p.Status.Conditions[0].Type = corev1.PodReady
		out[i] = (&slimmer{}).compactPod(&p)
	}
	return out
}

// TestSamePodSeesEveryFieldACompactPodKeeps changes every field a
// compact pod holds, one at a time, in a copy: samePod must see each
// change but the resourceVersion's. A field compactPod starts keeping
// fails here until samePod compares it.
func TestSamePodSeesEveryFieldACompactPodKeeps(t *testing.T) {
	for _, p := range filledCompactPods(5) {
		if !samePod(p, p.DeepCopy()) {
			t.Fatal("a copy differs")
		}
		var paths []string
		leaves(reflect.ValueOf(p).Elem(), "", &paths)
		if len(paths) < 40 {
			t.Fatalf("only %d fields filled: %v", len(paths), paths)
		}
		for _, path := range paths {
			c := p.DeepCopy()
			change(reflect.ValueOf(c).Elem(), path)
			if got, want := samePod(p, c), path == ".ObjectMeta.ResourceVersion"; got != want {
				t.Errorf("%s changed: samePod = %v, want %v", path, got, want)
			}
		}
	}
}

// leaves appends the path of every non-zero leaf under v: a string,
// number or bool, a time, a quantity, or a map entry.
func leaves(v reflect.Value, path string, out *[]string) {
	switch v.Interface().(type) {
	case metav1.Time, resource.Quantity:
		if !v.IsZero() {
			*out = append(*out, path)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			leaves(v.Elem(), path, out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				leaves(v.Field(i), path+"."+v.Type().Field(i).Name, out)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			leaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			*out = append(*out, fmt.Sprintf("%s{%s}", path, k.String()))
		}
	default:
		if !v.IsZero() {
			*out = append(*out, path)
		}
	}
}

// change alters the leaf at path (as leaves wrote it) under v.
func change(v reflect.Value, path string) {
	for path != "" {
		for v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		switch path[0] {
		case '.':
			name, rest, _ := strings.Cut(path[1:], ".")
			if i := strings.IndexAny(name, "[{"); i >= 0 {
				name, rest = name[:i], path[1+i:]
			} else if rest != "" {
				rest = "." + rest
			}
			v, path = v.FieldByName(name), rest
		case '[':
			end := strings.IndexByte(path, ']')
			var i int
			fmt.Sscan(path[1:end], &i)
			v, path = v.Index(i), path[end+1:]
		case '{':
			key := reflect.ValueOf(path[1 : len(path)-1]).Convert(v.Type().Key())
			val := reflect.New(v.Type().Elem()).Elem()
			if q, ok := v.MapIndex(key).Interface().(resource.Quantity); ok {
				q.Add(resource.MustParse("1"))
				val.Set(reflect.ValueOf(q))
			} else {
				val.SetString(v.MapIndex(key).String() + "x")
			}
			v.SetMapIndex(key, val)
			return
		}
	}
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	switch x := v.Addr().Interface().(type) {
	case *metav1.Time:
		x.Time = x.Add(time.Second)
	case *resource.Quantity:
		x.Add(resource.MustParse("1"))
	default:
		switch v.Kind() {
		case reflect.String:
			v.SetString(v.String() + "x")
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Int, reflect.Int32, reflect.Int64:
			v.SetInt(v.Int() + 1)
		default:
			panic("cannot change " + v.Kind().String())
		}
	}
}
