package sitewizard

import (
	"slices"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// facts are what the wizard knows about the cluster: read from the store
// (nodes, namespaces) when it opens, plus the StorageClasses, which the
// informers do not watch and the loading page fetches.
type facts struct {
	nodes   int
	pools   []string
	classes []StorageClass
	// classesErr is why the classes are unknown (RBAC, static cluster);
	// the storage class is then typed instead of picked.
	classesErr error
	// edge is the cluster's edge (and the site's HTTPRoutes on update);
	// edgeErr why it could not be read.
	edge    EdgeFacts
	edgeErr error
	lookup  func(ns string) nsInfo
}

func storeFacts(c *common.Common) *facts {
	st := c.Conn.Store
	f := &facts{lookup: func(ns string) nsInfo { return lookupNamespace(st, ns) }}
	for _, n := range st.Nodes() {
		f.nodes++
		if pool := n.Labels[model.LabelDOPool]; pool != "" && !slices.Contains(f.pools, pool) {
			f.pools = append(f.pools, pool)
		}
	}
	slices.Sort(f.pools)
	return f
}

// lookupNamespace reads the namespace from the informer; a user confined
// to one namespace has no namespace informer, so the site list answers.
func lookupNamespace(st *store.Store, ns string) nsInfo {
	if st.L.Namespaces != nil {
		if n, err := st.L.Namespaces.Get(ns); err == nil {
			return nsInfo{Exists: true, FlightDeck: n.Labels[model.LabelPartOf] == model.PartOfFlightDeck,
				Domain: n.Annotations[model.AnnotationDomain]}
		}
	}
	if s, ok := st.Site(ns); ok {
		return nsInfo{Exists: true, FlightDeck: s.FlightDeck, Domain: s.Domain}
	}
	return nsInfo{}
}

// memcacheDefault is one memcache per node (they spread one per node), or
// the blueprint's 3 when the nodes are not visible.
func (f *facts) memcacheDefault() int {
	if f.nodes > 0 {
		return f.nodes
	}
	return 3
}

// defaultClass is the class a new site's volume gets by default: the
// cluster's default class ("" in the spec), else the first class there is
// (a claim without class on a cluster without default would stay Pending).
func (f *facts) defaultClass() string {
	for _, c := range f.classes {
		if c.Default {
			return ""
		}
	}
	if len(f.classes) > 0 {
		return f.classes[0].Name
	}
	return ""
}
