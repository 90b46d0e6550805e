package cloudui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

var (
	keyCreate  = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "create DO cluster"))
	keyDelete  = key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete DO cluster"))
	keyRefresh = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh"))
	keyConnect = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "connect (fetches DO credentials)"))
)

// clustersHook adds DigitalOcean actions to the clusters screen.
type clustersHook struct {
	c *common.Common
	s *service
}

func newClustersHook(c *common.Common) pages.Hook {
	s := svc()
	if s == nil || s.cfg.DO == nil {
		return nil
	}
	return &clustersHook{c: c, s: s}
}

func (h *clustersHook) Keys() []key.Binding {
	if h.c.Options.ReadOnly {
		return []key.Binding{keyRefresh}
	}
	return []key.Binding{keyCreate, keyDelete, keyRefresh}
}

func (h *clustersHook) Init(common.Page) tea.Cmd { return nil }

func (h *clustersHook) Update(p common.Page, msg tea.Msg) (tea.Cmd, bool) {
	page, ok := p.(*pages.Clusters)
	if !ok {
		return nil, false
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return h.onKey(page, msg)
	case optionsMsg:
		return common.Push(newWizard(h.c, h.s, msg.opts)), true
	case associatedMsg:
		return h.confirmDelete(msg), true
	}
	return nil, false
}

func (h *clustersHook) onKey(page *pages.Clusters, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	sel, hasSel := page.Selected()
	switch {
	case key.Matches(msg, keyRefresh):
		return h.s.rowsCmd(), true
	case key.Matches(msg, keyConnect):
		if hasSel && sel.CloudID != "" {
			return h.connectDO(sel), true
		}
	case h.c.Options.ReadOnly:
		return nil, false
	case key.Matches(msg, keyCreate):
		return loadOptions(h.s), true
	case key.Matches(msg, keyDelete):
		if !hasSel || sel.CloudID == "" {
			return common.Toast("D deletes DigitalOcean clusters; this row is a kubeconfig context only", true), true
		}
		return loadAssociated(h.s, sel.CloudID), true
	}
	return nil, false
}

// unauthorized spots an apiserver rejecting the credentials (expired DO
// tokens answer 401).
func unauthorized(err error) bool {
	return apierrors.IsUnauthorized(err) || strings.Contains(strings.ToLower(err.Error()), "unauthorized")
}

// connectDO connects to an account cluster: without a saved context it
// fetches credentials first; with one it checks that the saved
// credentials still work and fetches new ones when they expired.
func (h *clustersHook) connectDO(sel pages.ClusterRow) tea.Cmd {
	cl, ok := h.s.clusterByID(sel.CloudID)
	if !ok {
		return common.Toast("cluster "+sel.Name+" is no longer in the account listing; press r", true)
	}
	if cl.Status == "provisioning" {
		return common.Toast("cluster "+cl.Name+" is still provisioning; its credentials exist once it runs", true)
	}
	path := kubeconfigPath(h.c, h.s)
	if sel.Context == "" {
		return saveAndConnect(h.s, path, cl)
	}
	kc, name, api, expiry := h.c.Kubeconfig, sel.Context, h.s.cfg.DO, h.s.cfg.KubeconfigExpiry
	return actions.RunThen("checking the credentials of "+name, func(ctx context.Context) (string, tea.Cmd, error) {
		cfg, err := kc.RESTConfig(name)
		if err == nil {
			_, err = pages.ProbeServer(cfg)
		}
		if err == nil || !unauthorized(err) {
			return "", connectTo(name), nil // the app connects and reports reachability
		}
		if _, err := actions.SaveDOKubeconfig(ctx, api, cl, path, expiry); err != nil {
			return "", nil, err
		}
		return "credentials for " + name + " had expired; saved new ones from DigitalOcean", connectTo(name), nil
	})
}

// saveAndConnect fetches the cluster's credentials, saves its context and
// then asks the app to connect to it.
func saveAndConnect(s *service, path string, cl do.Cluster) tea.Cmd {
	api, expiry := s.cfg.DO, s.cfg.KubeconfigExpiry
	return actions.RunThen("fetching credentials for "+cl.Name, func(ctx context.Context) (string, tea.Cmd, error) {
		name, err := actions.SaveDOKubeconfig(ctx, api, cl, path, expiry)
		if err != nil {
			return "", nil, err
		}
		return "saved context " + name + " in " + displayPath(path), connectTo(name), nil
	})
}

func connectTo(contextName string) tea.Cmd {
	return func() tea.Msg { return common.ConnectMsg{Context: contextName} }
}

// kubeconfigPath is where contexts are saved: the configured path, else
// the --kubeconfig flag, else "" (doctl's default: the first $KUBECONFIG
// file or ~/.kube/config).
func kubeconfigPath(c *common.Common, s *service) string {
	if s.cfg.KubeconfigPath != "" {
		return s.cfg.KubeconfigPath
	}
	if c.Kubeconfig != nil && c.Kubeconfig.Flags != nil && c.Kubeconfig.Flags.KubeConfig != nil {
		return *c.Kubeconfig.Flags.KubeConfig
	}
	return ""
}

func displayPath(path string) string {
	if path == "" {
		return "your kubeconfig"
	}
	return path
}

// optionsMsg carries what a new cluster can be made of.
type optionsMsg struct{ opts do.Options }

func loadOptions(s *service) tea.Cmd {
	api := s.cfg.DO
	return actions.RunThen("loading DigitalOcean regions, versions and prices", func(ctx context.Context) (string, tea.Cmd, error) {
		opts, err := api.Options(ctx)
		if err != nil {
			return "", nil, err
		}
		return "", func() tea.Msg { return optionsMsg{opts: opts} }, nil
	})
}
