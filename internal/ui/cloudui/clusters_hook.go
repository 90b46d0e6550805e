package cloudui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

var (
	keyCreate  = common.Bind("c", "create DO cluster")
	keyDelete  = common.Bind("D", "delete DO cluster")
	keyRefresh = common.Bind("r", "refresh")
)

// create loads what a cluster can be made of (and the account's VPCs:
// without them only the region's default VPC is offered), then opens the
// wizard.
func (f *Feature) create() common.Plan {
	c, s, api := f.c, f.s, f.s.cfg.DO
	return common.Plan{Task: common.NewTaskThen("loading DigitalOcean regions, versions, prices and VPCs", func(ctx context.Context) (string, tea.Cmd, error) {
		opts, err := api.Options(ctx)
		if err != nil {
			return "", nil, err
		}
		vpcs, vpcErr := api.VPCs(ctx)
		return "", common.PushBuilt(func() common.Page { return newWizard(c, s, wizardStart{opts: opts, vpcs: vpcs, vpcErr: vpcErr}) }), nil
	})}
}

// delete lists what the selected cluster's delete would leave behind,
// then asks which of it goes too and for the cluster's name.
func (f *Feature) delete(p *pages.Clusters) common.Plan {
	sel, ok := p.Selected()
	if !ok || sel.CloudID == "" {
		return common.Refuse("D deletes DigitalOcean clusters; this row is a kubeconfig context only")
	}
	return common.Plan{Task: loadAssociated(f, sel.CloudID, p.ID())}
}

// unauthorized spots an apiserver rejecting the credentials (expired DO
// tokens answer 401).
func unauthorized(err error) bool {
	return apierrors.IsUnauthorized(err) || strings.Contains(strings.ToLower(err.Error()), "unauthorized")
}

// connectDO connects to an account cluster: without a saved context it
// fetches credentials first; with one it checks that the saved
// credentials still work and fetches new ones when they expired.
func (f *Feature) connectDO(sel pages.ClusterRow) tea.Cmd {
	cl, ok := f.s.clusterByID(sel.CloudID)
	if !ok {
		return common.Toast("cluster "+sel.Name+" is no longer in the account listing; press r", true)
	}
	if cl.Status == "provisioning" {
		return common.Toast("cluster "+cl.Name+" is still provisioning; its credentials exist once it runs", true)
	}
	path := kubeconfigPath(f.c, f.s)
	if sel.Context == "" {
		return saveAndConnect(f.s, path, cl)
	}
	kc, name, s, probe := f.c.Kubeconfig, sel.Context, f.s, f.c.Probe
	return common.NewTaskThen("checking the credentials of "+name, func(ctx context.Context) (string, tea.Cmd, error) {
		cfg, err := kc.RESTConfig(name)
		if err == nil {
			_, err = probe(ctx, cfg)
		}
		if err == nil || !unauthorized(err) {
			return "", connectTo(name), nil // the app connects and reports reachability
		}
		if err := s.refreshContext(ctx, cl, path); err != nil {
			return "", nil, err // a doctl-managed user is left alone and says so
		}
		return "credentials for " + name + " had expired; saved new ones from DigitalOcean", connectTo(name), nil
	}).Cmd()
}

// saveAndConnect fetches the cluster's credentials, saves its context and
// then asks the app to connect to it.
func saveAndConnect(s *service, path string, cl do.Cluster) tea.Cmd {
	return common.NewTaskThen("fetching credentials for "+cl.Name, func(ctx context.Context) (string, tea.Cmd, error) {
		name, err := s.saveContext(ctx, cl, path)
		if err != nil {
			return "", nil, err
		}
		return "saved context " + name + " in " + displayPath(path), connectTo(name), nil
	}).Cmd()
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
