package actions

import (
	"context"
	"fmt"
	"time"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// SaveDOKubeconfig fetches a DigitalOcean cluster's kubeconfig (valid for
// expiry; zero means DO's seven days) and merges it into the kubeconfig at
// path the way `doctl kubernetes cluster kubeconfig save` does (path ""
// means the first $KUBECONFIG file or ~/.kube/config). It returns the
// context name, do-<region>-<name>. The credentials never leave the file.
func SaveDOKubeconfig(ctx context.Context, api do.API, cl do.Cluster, path string, expiry time.Duration) (string, error) {
	if cl.Status == "provisioning" {
		return "", fmt.Errorf("cluster %s is still provisioning; its credentials exist once it runs", cl.Name)
	}
	data, err := api.KubeConfig(ctx, cl.ID, expiry)
	if err != nil {
		return "", err
	}
	return do.SaveKubeconfig(path, data, cl.Name, cl.Region)
}
