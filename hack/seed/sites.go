package main

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"

	"github.com/flightdeck/fdtui/internal/certsim"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// registry is where the demo agency pushes its site images.
const registry = "registry.digitalocean.com/acme"

// breakage is what the seed does to a site after it is healthy, so the
// dashboard has something to show.
type breakage int

const (
	healthy breakage = iota
	// midRollout rolls the site to a new SHA at the very end, with a long
	// minReadySeconds, so it is still ROLLING when fdtui opens (~2-3 min).
	midRollout
	// brokenImage rolls to an image the registry does not have (kwok:
	// ImagePullBackOff); progressDeadlineSeconds 60 turns it into
	// ProgressDeadlineExceeded a minute later.
	brokenImage
	// crashLoop rolls to an image whose container exits (kwok:
	// CrashLoopBackOff); the old pods keep serving.
	crashLoop
)

func (b breakage) String() string {
	return [...]string{"healthy", "mid-rollout", "broken image", "crashloop"}[b]
}

// usage is what kwok reports as each container's consumption. The pod
// annotations kwok.x-k8s.io/usage-cpu and -memory apply to every container
// of the pod, so a web pod (varnish + web) uses twice the Web figures.
type usage struct{ CPU, Memory string }

// siteDef is one demo site.
type siteDef struct {
	Domain string
	Tag    string // git short SHA of the deployed build
	Volume string // MySQL PVC size
	// Files is how many objects its bucket holds.
	Files                int
	Web, MySQL, Memcache usage
	Break                breakage
	// BreakTag is the tag rolled to by brokenImage and crashLoop.
	BreakTag string
	// Cert is its certificate (zero: issued, 90 days).
	Cert certDef
}

// demoSites are ordered so that --sites N keeps the first N.
var demoSites = []siteDef{
	{Domain: "www.example.com", Tag: "4f9c2e1", Volume: "10Gi", Files: 320,
		Web: usage{"45m", "80Mi"}, MySQL: usage{"60m", "210Mi"}, Memcache: usage{"4m", "38Mi"},
		Cert: certDef{Scenario: certsim.Issued, Days: 61}},
	{Domain: "shop.acme.org", Tag: "9b3d0f6", Volume: "20Gi", Files: 410,
		Web: usage{"70m", "95Mi"}, MySQL: usage{"85m", "240Mi"}, Memcache: usage{"9m", "55Mi"},
		Break: brokenImage, BreakTag: "broken-7d1e9a2"},
	{Domain: "blog.kittens.io", Tag: "2a7c5e8", Volume: "10Gi", Files: 260,
		Web: usage{"25m", "60Mi"}, MySQL: usage{"30m", "180Mi"}, Memcache: usage{"3m", "30Mi"},
		Break: crashLoop, BreakTag: "crashloop-c41d9e0"},
	{Domain: "news.daily-gazette.com", Tag: "e81a4c7", Volume: "15Gi", Files: 450,
		Web: usage{"85m", "105Mi"}, MySQL: usage{"95m", "250Mi"}, Memcache: usage{"12m", "60Mi"},
		Break: midRollout},
	{Domain: "www.horizon-dental.com", Tag: "6d02b9f", Volume: "5Gi", Files: 140,
		Web: usage{"12m", "50Mi"}, MySQL: usage{"20m", "170Mi"}, Memcache: usage{"2m", "26Mi"},
		Cert: certDef{Scenario: certsim.Issued, Days: 5}}, // renewal stalled: expires in 5 days
	// The busy one: web pods (2 x 140m) above their 150m request.
	{Domain: "portal.city-council.gov", Tag: "0c5f7a3", Volume: "20Gi", Files: 380,
		Web: usage{"140m", "125Mi"}, MySQL: usage{"120m", "250Mi"}, Memcache: usage{"15m", "62Mi"},
		Cert: certDef{Scenario: certsim.Challenge404, Days: 12}}, // renewal's HTTP-01 self-check gets 404
}

func (d siteDef) namespace() string {
	ns, err := blueprint.NamespaceFor(d.Domain)
	if err != nil {
		panic(err) // the table above is fixed and valid
	}
	return ns
}

// image is the site's image at tag.
func (d siteDef) image(tag string) string {
	return registry + "/" + d.namespace() + ":" + tag
}

// breakImage is the image the site is rolled to at the end of the seed.
// A mid-rollout site always moves on: the next SHA is derived from the one
// it runs, so every seed run starts a fresh rollout.
func (d siteDef) breakImage(live string) string {
	switch d.Break {
	case brokenImage, crashLoop:
		return d.image(d.BreakTag)
	case midRollout:
		sum := sha1.Sum([]byte(live))
		return d.image(hex.EncodeToString(sum[:])[:7])
	}
	return ""
}

// tagOf returns the tag of an image reference ("" without one).
func tagOf(image string) string {
	if i := strings.LastIndex(image, ":"); i > strings.LastIndex(image, "/") {
		return image[i+1:]
	}
	return ""
}

// changeCause is the kubernetes.io/change-cause a CI pipeline would write.
func changeCause(image string) string {
	return "ci: deploy " + tagOf(image) + " from main"
}
