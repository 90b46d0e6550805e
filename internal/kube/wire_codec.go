package kube

import (
	"fmt"
	"slices"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"
)

// cacheClientset is the clientset the informer factories list and watch
// through: cs itself but for the core group, whose protobuf decoder
// filters objects first (filterEnvelope). Its core client shares cs's
// HTTP client and so its connection, rate limiter and request observer.
type cacheClientset struct {
	kubernetes.Interface
	core corev1client.CoreV1Interface
}

func (c cacheClientset) CoreV1() corev1client.CoreV1Interface { return c.core }

// newCacheClientset builds it from the config cs was made with
// (protobuf).
func newCacheClientset(cfg *rest.Config, cs *kubernetes.Clientset) (kubernetes.Interface, error) {
	cfg = rest.CopyConfig(cfg)
	gv := corev1.SchemeGroupVersion
	cfg.GroupVersion, cfg.APIPath = &gv, "/api"
	cfg.NegotiatedSerializer = newFilteringSerializer(rest.CodecFactoryForGeneratedClient(scheme.Scheme, scheme.Codecs).WithoutConversion())
	if cfg.UserAgent == "" {
		cfg.UserAgent = rest.DefaultKubernetesUserAgent()
	}
	hc := cs.CoreV1().RESTClient().(*rest.RESTClient).Client
	rc, err := rest.RESTClientForConfigAndClient(cfg, hc)
	if err != nil {
		return nil, fmt.Errorf("core client for the caches: %w", err)
	}
	return cacheClientset{Interface: cs, core: corev1client.New(rc)}, nil
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
