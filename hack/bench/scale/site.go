package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/hack/bench/fleet"
)

// builder creates one site's objects in the order that lets the
// controllers adopt them: every step is create-or-get, so an interrupted
// site is finished by the next run.
type builder struct {
	cs   kubernetes.Interface
	site fleet.Site
	node fleet.NodeOf
	pods int // created, for progress
}

func (b *builder) build(ctx context.Context) error {
	s := b.site
	steps := []func(context.Context) error{
		b.namespace, b.others, b.statefulSets, b.web, b.events, b.markComplete,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return fmt.Errorf("site %s: %w", s.Name(), err)
		}
	}
	return nil
}

func (b *builder) namespace(ctx context.Context) error {
	if _, err := ensure(ctx, b.cs.CoreV1().Namespaces(), b.site.Namespace); err != nil {
		return err
	}
	// Pod admission needs the service account; the controller that makes
	// it runs at 20 requests/s, so do not wait for it.
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: b.site.Name()}}
	_, err := ensure(ctx, b.cs.CoreV1().ServiceAccounts(b.site.Name()), sa)
	return err
}

// others creates the Secrets, Services, CronJobs, PodDisruptionBudget and
// Ingress.
func (b *builder) others(ctx context.Context) error {
	ns := b.site.Name()
	for _, obj := range b.site.Others {
		var err error
		switch o := obj.(type) {
		case *corev1.Secret:
			_, err = ensure(ctx, b.cs.CoreV1().Secrets(ns), o)
		case *corev1.Service:
			_, err = ensure(ctx, b.cs.CoreV1().Services(ns), o)
		case *policyv1.PodDisruptionBudget:
			_, err = ensure(ctx, b.cs.PolicyV1().PodDisruptionBudgets(ns), o)
		case *networkingv1.Ingress:
			_, err = ensure(ctx, b.cs.NetworkingV1().Ingresses(ns), o)
		case *batchv1.CronJob:
			// Suspended: 1,000 sites' cron Jobs would load the bench's
			// control plane with pods it does not measure.
			o.Spec.Suspend = new(true)
			_, err = ensure(ctx, b.cs.BatchV1().CronJobs(ns), o)
		default:
			err = fmt.Errorf("unexpected blueprint object %T", obj)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) statefulSets(ctx context.Context) error {
	ns := b.site.Name()
	for _, ss := range []*appsv1.StatefulSet{b.site.MySQL, b.site.Memcache} {
		for _, c := range b.site.Claims(ss) {
			if _, err := ensure(ctx, b.cs.CoreV1().PersistentVolumes(), fleet.Volume(c)); err != nil {
				return err
			}
			if _, err := ensure(ctx, b.cs.CoreV1().PersistentVolumeClaims(ns), c); err != nil {
				return err
			}
		}
		made, err := ensure(ctx, b.cs.AppsV1().StatefulSets(ns), ss)
		if err != nil {
			return err
		}
		ss.UID = made.UID
		if err := b.createPods(ctx, b.site.StatefulPods(ss, b.offset(ss))); err != nil {
			return err
		}
	}
	return nil
}

// web creates the Deployment paused (so it makes no ReplicaSet of its
// own), its ReplicaSet and pods, then resumes it: the controller finds the
// ReplicaSet matching its template and takes it as its current one.
func (b *builder) web(ctx context.Context) error {
	ns := b.site.Name()
	d, err := ensure(ctx, b.cs.AppsV1().Deployments(ns), b.site.Web)
	if err != nil {
		return err
	}
	rs, err := ensure(ctx, b.cs.AppsV1().ReplicaSets(ns), b.site.WebReplicaSet(d.UID))
	if err != nil {
		return err
	}
	if err := b.createPods(ctx, b.site.WebPods(rs, b.node)); err != nil {
		return err
	}
	if !d.Spec.Paused {
		return nil
	}
	_, err = b.cs.AppsV1().Deployments(ns).Patch(ctx, d.Name, types.MergePatchType,
		[]byte(`{"spec":{"paused":false}}`), metav1.PatchOptions{})
	return err
}

// offset places a StatefulSet's pods after the web pods on the node ring.
func (b *builder) offset(ss *appsv1.StatefulSet) fleet.NodeOf {
	shift := int(*b.site.Web.Spec.Replicas)
	if ss == b.site.Memcache {
		shift += int(*b.site.MySQL.Spec.Replicas)
	}
	return func(k int) string { return b.node(shift + k) }
}

func (b *builder) createPods(ctx context.Context, pods []*corev1.Pod) error {
	for _, p := range pods {
		if _, err := ensure(ctx, b.cs.CoreV1().Pods(p.Namespace), p); err != nil {
			return err
		}
		b.pods++
	}
	return nil
}

// events adds what the scheduler and kubelet said about the first web pod.
func (b *builder) events(ctx context.Context) error {
	ns := b.site.Name()
	p, err := b.cs.CoreV1().Pods(ns).Get(ctx, b.site.WebPodName(0), metav1.GetOptions{})
	if err != nil {
		return err
	}
	for _, e := range fleet.Events(p, time.Now()) {
		if _, err := ensure(ctx, b.cs.CoreV1().Events(ns), e); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) markComplete(ctx context.Context) error {
	patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:%q}}}`, fleet.AnnotationSitePods, strconv.Itoa(b.site.Pods()))
	_, err := b.cs.CoreV1().Namespaces().Patch(ctx, b.site.Name(), types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	return err
}

type creator[T runtime.Object] interface {
	Create(context.Context, T, metav1.CreateOptions) (T, error)
	Get(context.Context, string, metav1.GetOptions) (T, error)
}

// ensure creates obj, or returns the existing object of that name.
func ensure[T interface {
	runtime.Object
	GetName() string
}](ctx context.Context, c creator[T], obj T) (T, error) {
	made, err := c.Create(ctx, obj, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return c.Get(ctx, obj.GetName(), metav1.GetOptions{})
	}
	if err != nil {
		return made, fmt.Errorf("creating %T %s: %w", obj, obj.GetName(), err)
	}
	return made, nil
}
