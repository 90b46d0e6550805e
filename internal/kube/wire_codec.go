package kube

import (
	"fmt"
	"slices"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	appsv1client "k8s.io/client-go/kubernetes/typed/apps/v1"
	batchv1client "k8s.io/client-go/kubernetes/typed/batch/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"
)

// cacheClientset is the clientset the informer factories list and watch
// through: cs itself but for the core, apps and batch groups, whose
// protobuf decoders filter objects first (filterEnvelope). Their clients
// share cs's HTTP client and so its connection, rate limiter and request
// observer.
type cacheClientset struct {
	kubernetes.Interface
	core  corev1client.CoreV1Interface
	apps  appsv1client.AppsV1Interface
	batch batchv1client.BatchV1Interface
}

func (c cacheClientset) CoreV1() corev1client.CoreV1Interface    { return c.core }
func (c cacheClientset) AppsV1() appsv1client.AppsV1Interface    { return c.apps }
func (c cacheClientset) BatchV1() batchv1client.BatchV1Interface { return c.batch }

// newCacheClientset builds it from the config cs was made with
// (protobuf).
func newCacheClientset(cfg *rest.Config, cs *kubernetes.Clientset) (kubernetes.Interface, error) {
	ns := newFilteringSerializer(rest.CodecFactoryForGeneratedClient(scheme.Scheme, scheme.Codecs).WithoutConversion())
	hc := cs.CoreV1().RESTClient().(*rest.RESTClient).Client
	client := func(gv schema.GroupVersion, apiPath string) (*rest.RESTClient, error) {
		c := rest.CopyConfig(cfg)
		c.GroupVersion, c.APIPath, c.NegotiatedSerializer = &gv, apiPath, ns
		if c.UserAgent == "" {
			c.UserAgent = rest.DefaultKubernetesUserAgent()
		}
		rc, err := rest.RESTClientForConfigAndClient(c, hc)
		if err != nil {
			return nil, fmt.Errorf("%s client for the caches: %w", gv, err)
		}
		return rc, nil
	}
	core, err := client(corev1.SchemeGroupVersion, "/api")
	if err != nil {
		return nil, err
	}
	apps, err := client(appsv1.SchemeGroupVersion, "/apis")
	if err != nil {
		return nil, err
	}
	batch, err := client(batchv1.SchemeGroupVersion, "/apis")
	if err != nil {
		return nil, err
	}
	return cacheClientset{Interface: cs, core: corev1client.New(core), apps: appsv1client.New(apps), batch: batchv1client.New(batch)}, nil
}

// filteringSerializer is a NegotiatedSerializer whose protobuf decoder
// filters; JSON and every encoder are the inner one's.
type filteringSerializer struct {
	runtime.NegotiatedSerializer
	infos []runtime.SerializerInfo
}

func newFilteringSerializer(inner runtime.NegotiatedSerializer) filteringSerializer {
	infos := slices.Clone(inner.SupportedMediaTypes())
	for i := range infos {
		if infos[i].MediaType == runtime.ContentTypeProtobuf {
			infos[i].Serializer = filteringDecoder{Serializer: infos[i].Serializer, bufs: &sync.Pool{}}
		}
	}
	return filteringSerializer{NegotiatedSerializer: inner, infos: infos}
}

func (f filteringSerializer) SupportedMediaTypes() []runtime.SerializerInfo { return f.infos }

// filteringDecoder decodes the filtered copy of an object; the decoder
// copies every string and byte slice out of it, so the buffer is reused.
type filteringDecoder struct {
	runtime.Serializer
	bufs *sync.Pool // *[]byte
}

// maxKeptBuffer bounds the buffers kept for reuse: an object is a few
// KiB, and a whole LIST (a fallback the watch-list avoids) is not kept.
const maxKeptBuffer = 1 << 20

func (d filteringDecoder) Decode(data []byte, gvk *schema.GroupVersionKind, into runtime.Object) (runtime.Object, *schema.GroupVersionKind, error) {
	bp, _ := d.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	out, ok := filterEnvelope((*bp)[:0], data)
	if cap(out) <= maxKeptBuffer {
		*bp = out[:0]
		defer d.bufs.Put(bp)
	}
	if !ok {
		return d.Serializer.Decode(data, gvk, into)
	}
	return d.Serializer.Decode(out, gvk, into)
}
