package tlsui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// challengePage shows one ACME Challenge as cert-manager keeps it (from
// the informer cache, refreshed as it changes): what is checked where,
// its state and reason, and the Order and Certificate it belongs to.
type challengePage struct {
	common.Owner
	c              *common.Common
	ns, cert, name string
	ch             *model.Challenge
	order          *model.Order
	width, height  int
}

func (f *Feature) newChallengePage(ns, cert, name string) *challengePage {
	p := &challengePage{Owner: common.NewOwner(f.c), c: f.c, ns: ns, cert: cert, name: name}
	p.Refresh(store.Dirty{Namespaces: map[string]bool{ns: true}})
	return p
}

func (p *challengePage) Init() tea.Cmd                         { return nil }
func (p *challengePage) Update(tea.Msg) (common.Page, tea.Cmd) { return p, nil }
func (p *challengePage) SetSize(w, h int)                      { p.width, p.height = w, h }
func (p *challengePage) Title() string                         { return "challenge(" + p.name + ")" }
func (p *challengePage) ShortHelp() []key.Binding              { return nil }
func (p *challengePage) FullHelp() [][]key.Binding             { return nil }

// Refresh re-reads the challenge and its order from the store.
func (p *challengePage) Refresh(d store.Dirty) {
	if !d.Namespaces[p.ns] && !d.Sites {
		return
	}
	o := p.c.Conn.Store.Objects(p.ns).Certs
	p.ch, p.order = nil, nil
	for _, ch := range o.Challenges {
		if ch.Name == p.name {
			p.ch = ch
		}
	}
	if p.ch == nil {
		return
	}
	for _, ord := range o.Orders {
		for _, ref := range p.ch.OwnerReferences {
			if ref.Kind == "Order" && ref.Name == ord.Name {
				p.order = ord
			}
		}
	}
}

func (p *challengePage) View() string {
	st := p.c.Styles
	if p.ch == nil {
		return st.Paint(styles.Warn, " challenge "+p.ns+"/"+p.name+" is gone (the order moved on, or was deleted)")
	}
	ch := p.ch
	var b strings.Builder
	row := func(label, value string) {
		fmt.Fprintf(&b, " %s %s\n", st.Label.Render(fmt.Sprintf("%-12s", label)), value)
	}
	fmt.Fprintf(&b, " %s %s\n\n", st.Title.Render("Challenge "+ch.Name), st.Paint(styles.Dim, "namespace "+p.ns))
	row("type", ch.Spec.Type)
	domain := ch.Spec.DNSName
	if ch.Spec.Wildcard {
		domain = "*." + domain
	}
	row("domain", domain)
	if ch.Spec.Type == "HTTP-01" {
		row("checked at", "http://"+ch.Spec.DNSName+"/.well-known/acme-challenge/"+ch.Spec.Token)
	} else {
		row("token", ch.Spec.Token)
	}
	tone := styles.Warn
	switch ch.Status.State {
	case "valid":
		tone = styles.Good
	case "invalid", "errored", "expired":
		tone = styles.Bad
	}
	row("state", st.Paint(tone, orDash(ch.Status.State)))
	row("reason", orDash(ch.Status.Reason))
	row("presented", fmt.Sprint(ch.Status.Presented))
	row("processing", fmt.Sprint(ch.Status.Processing))
	row("ACME URL", orDash(ch.Spec.URL))
	if p.order != nil {
		row("order", p.order.Name+"  "+st.Paint(styles.Dim, "state "+orDash(p.order.Status.State)))
	} else {
		row("order", st.Paint(styles.Dim, "not found"))
	}
	row("certificate", p.cert)
	row("issuer", orDash(ch.Spec.IssuerRef.Kind)+" "+ch.Spec.IssuerRef.Name)
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
