package actions

import (
	"context"
	"fmt"
	"time"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// KubeconfigSave says where and how a DigitalOcean context is saved.
type KubeconfigSave struct {
	// Path is the kubeconfig file; "" means doctl's default.
	Path string
	// Expiry is the token lifetime asked for; zero means DO's default.
	Expiry time.Duration
	// Doctl, when set, is the installed doctl: the context then gets its
	// exec credential, as `doctl kubernetes cluster kubeconfig save` does.
	Doctl *do.Doctl
}

// SavedContext is what was saved.
type SavedContext struct {
	Name string
	// Exec says the user is doctl's exec credential (which renews itself);
	// otherwise it is a token that expires at ExpiresAt (the lifetime asked
	// for from now, as DO hands it out).
	Exec      bool
	ExpiresAt time.Time
}

// SaveDOContext fetches a DigitalOcean cluster's kubeconfig and merges
// its context (do-<region>-<name>) into the kubeconfig at how.Path the way
// `doctl kubernetes cluster kubeconfig save` does: with doctl's exec
// credential when doctl is installed and no expiry was asked for (doctl
// writes a token when given --expiry-seconds), else with the kubeconfig's
// token, valid for how.Expiry (zero: DO's seven days) from now. A token
// never replaces an exec user (*do.DoctlManagedError, nothing written).
// The credentials never leave the file.
func SaveDOContext(ctx context.Context, api do.API, cl do.Cluster, how KubeconfigSave, now time.Time) (SavedContext, error) {
	if cl.Status == "provisioning" {
		return SavedContext{}, fmt.Errorf("cluster %s is still provisioning; its credentials exist once it runs", cl.Name)
	}
	exec := how.Doctl != nil && how.Expiry == 0
	if !exec {
		// Refuse before asking DO for a token that would not be saved.
		if kind, err := do.SavedUser(how.Path, do.ContextName(cl.Region, cl.Name)); err == nil && kind.Exec() {
			return SavedContext{Name: do.ContextName(cl.Region, cl.Name), Exec: true}, &do.DoctlManagedError{Context: do.ContextName(cl.Region, cl.Name)}
		}
	}
	data, err := api.KubeConfig(ctx, cl.ID, how.Expiry)
	if err != nil {
		return SavedContext{}, err
	}
	if exec {
		name, err := do.SaveKubeconfigExec(how.Path, data, cl.Name, cl.Region, cl.ID, *how.Doctl)
		return SavedContext{Name: name, Exec: true}, err
	}
	name, err := do.SaveKubeconfig(how.Path, data, cl.Name, cl.Region)
	if err != nil {
		return SavedContext{Name: name, Exec: do.IsDoctlManaged(err)}, err
	}
	lifetime := how.Expiry
	if lifetime <= 0 {
		lifetime = do.DefaultKubeconfigExpiry
	}
	return SavedContext{Name: name, ExpiresAt: now.Add(lifetime)}, nil
}

// RefreshDOContext replaces the credentials of a context the apiserver
// rejected (401): a doctl-managed (exec) user is left untouched — doctl
// renews its own tokens, so a 401 there is doctl's to fix — and reported
// as a *do.DoctlManagedError; a token user gets new credentials as
// SaveDOContext saves them.
func RefreshDOContext(ctx context.Context, api do.API, cl do.Cluster, how KubeconfigSave, now time.Time) (SavedContext, error) {
	name := do.ContextName(cl.Region, cl.Name)
	kind, err := do.SavedUser(how.Path, name)
	if err != nil {
		return SavedContext{}, err
	}
	if kind.Exec() {
		return SavedContext{Name: name, Exec: true}, &do.DoctlManagedError{Context: name}
	}
	return SaveDOContext(ctx, api, cl, how, now)
}
