package main

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
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
	// CronFails makes its drupal-cron Jobs' pods exit 1 (kwok's
	// pod-job-fail stage); when breaking, the seed also runs it once.
	CronFails bool
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
		Cert:      certDef{Scenario: certsim.Challenge404, Days: 12}, // renewal's HTTP-01 self-check gets 404
		CronFails: true},                                             // drush cron fails: the CronJobs section shows it red
}

// secondSites are the sites of the second demo cluster (--profile second,
// on fdtui-2 of FDTUI_CLUSTERS=2): a smaller agency client base, so that
// fdtui's fleet screen has two clusters to compare, one of them with a
// stuck rollout. Their domains (so their buckets in the one local MinIO)
// differ from demoSites'.
var secondSites = []siteDef{
	{Domain: "www.harbor-books.com", Tag: "a13f9d2", Volume: "10Gi", Files: 180,
		Web: usage{"30m", "70Mi"}, MySQL: usage{"40m", "190Mi"}, Memcache: usage{"3m", "32Mi"}},
	{Domain: "shop.summit-outdoor.ca", Tag: "77e0b41", Volume: "15Gi", Files: 300,
		Web: usage{"60m", "90Mi"}, MySQL: usage{"70m", "230Mi"}, Memcache: usage{"8m", "50Mi"},
		Break: brokenImage, BreakTag: "broken-5c2a8e1"},
	{Domain: "www.lakeside-clinic.org", Tag: "3b8d6c0", Volume: "5Gi", Files: 120,
		Web: usage{"15m", "55Mi"}, MySQL: usage{"25m", "175Mi"}, Memcache: usage{"2m", "28Mi"}},
	{Domain: "intranet.northwind.io", Tag: "f2c4a97", Volume: "10Gi", Files: 90,
		Web: usage{"10m", "48Mi"}, MySQL: usage{"20m", "165Mi"}, Memcache: usage{"2m", "25Mi"}},
}

// profileSites is the site list of a --profile: "demo" (the local
// cluster's six sites) or "second" (the second demo cluster's four).
func profileSites(profile string) ([]siteDef, error) {
	switch profile {
	case "demo", "":
		return demoSites, nil
	case "second":
		return secondSites, nil
	}
	return nil, fmt.Errorf("unknown --profile %q (demo or second)", profile)
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
