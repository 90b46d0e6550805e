// Package fleet builds the benchmark's sites: a thousand Flight Deck sites
// made by the real blueprint (internal/model/blueprint), their ReplicaSets,
// pods and events. hack/bench/scale creates them on the local cluster; the
// Go benchmarks of internal/ui load the same objects into a static cluster,
// so both measure the same shapes.
package fleet

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
)

// Labels and names that mark what the benchmark created, so that it can be
// found again (reuse) and removed (--cleanup).
const (
	LabelBench = "fdtui.dev/bench"
	// AnnotationSitePods is set on a site's namespace once all of its
	// objects exist; its value is the site's pod count.
	AnnotationSitePods = "fdtui.dev/bench-site-pods"
	// AnnotationChurn is what the churn generator patches on pods.
	AnnotationChurn = "fdtui.dev/bench-churn"
	// NodePool is the DigitalOcean node-pool label value of the bench
	// nodes; hack/cluster.sh only manages pools "web" and "db".
	NodePool = "bench"
	// GuardPriorityClass does not exist, on purpose: the workload
	// templates name it, so the Deployment, ReplicaSet and StatefulSet
	// controllers can never create a pod (admission rejects it), while the
	// generator's pods, which omit it, are admitted. Controllers still own,
	// count and report the generator's pods.
	GuardPriorityClass = "fdtui-bench-pods-come-from-the-generator"
	// Registry is where the fictional agency pushes site images.
	Registry = "registry.digitalocean.com/acme"
)

// BenchLabels are added to every object the benchmark creates.
func BenchLabels() map[string]string { return map[string]string{LabelBench: "true"} }

var (
	words = []string{"alpine", "harbor", "maple", "cedar", "summit", "river", "granite", "meadow", "copper", "lantern",
		"orchid", "falcon", "willow", "quarry", "juniper", "beacon", "saffron", "tundra", "canyon", "prairie",
		"coral", "ember", "glacier", "hazel", "indigo", "jasper", "kestrel", "lagoon", "marble", "nectar"}
	trades = []string{"dental", "bakery", "law", "clinic", "books", "garden", "studio", "travel", "motors", "realty",
		"fitness", "coffee", "museum", "school", "brewing", "vets", "florist", "tailor", "optics", "pharmacy",
		"theatre", "hotel", "cycles", "press", "farm", "gallery", "kitchen", "supply", "records", "foundation"}
	tlds     = []string{"com", "org", "io", "net", "co.uk", "de", "ca", "com.au", "nl", "gov"}
	prefixes = []string{"www.", "", "shop.", "www.", "news.", "", "portal.", "www."}
)

// Domain is site i's domain, unique for every i: like a real agency's
// client list (www.maple-dental.com, shop.cedar-books.co.uk, ...).
func Domain(i int) string {
	w, t := words[i%len(words)], trades[(i/len(words))%len(trades)]
	round := i / (len(words) * len(trades))
	name := w + "-" + t
	if round > 0 {
		name += fmt.Sprint(round + 1)
	}
	return prefixes[i%len(prefixes)] + name + "." + tlds[(i/7)%len(tlds)]
}

// Tag is site i's deployed git short SHA.
func Tag(i int) string { return hash7(fmt.Sprint("tag/", i)) }

// NodeName is bench node i's name, shaped like a DOKS node.
func NodeName(i int) string { return NodePool + "-" + hash7(fmt.Sprint("node/", i))[:5] }

// templateHash is the pod-template-hash of site i's web ReplicaSet.
func templateHash(ns string) string { return hash7(ns)[:7] + "d9" }

func hash7(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])[:7]
}

// podSuffix is a ReplicaSet pod's 5-character suffix, stable per index.
func podSuffix(ns string, k int) string {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789" // the apiserver's generateName alphabet
	sum := sha1.Sum([]byte(fmt.Sprint(ns, "/", k)))
	out := make([]byte, 5)
	for i := range out {
		out[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return string(out)
}
