package do

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// DefaultKubeconfigExpiry is how long DigitalOcean's kubeconfig tokens
// live when no expiry is asked for (godo GetKubeConfigWithExpiry with 0:
// DO's default of seven days).
const DefaultKubeconfigExpiry = 7 * 24 * time.Hour

// execAPIVersion is the client.authentication.k8s.io version doctl's exec
// credential speaks (--version=v1beta1).
const execAPIVersion = "client.authentication.k8s.io/v1beta1"

// Doctl is doctl as a kubeconfig's exec credential runs it.
type Doctl struct {
	// Command is what kubectl runs: "doctl" when it is found on PATH (doctl
	// writes the name it was invoked by, os.Args[0], which from a shell is
	// "doctl"), or the path fdtui was given.
	Command string
	// Context is doctl's auth context, whose token doctl uses to fetch
	// credentials (see DoctlContext).
	Context string
}

// ExecUser is the user entry `doctl kubernetes cluster kubeconfig save`
// writes for a cluster when no --expiry-seconds is given (doctl
// commands/kubernetes.go, mergeKubeconfig): an exec credential of
// client.authentication.k8s.io/v1beta1 running
// `doctl kubernetes cluster kubeconfig exec-credential --version=v1beta1
// --context=<auth context> <cluster id>`, and nothing else (no token, no
// environment, no interactive mode).
func ExecUser(d Doctl, clusterID string) *clientcmdapi.AuthInfo {
	return &clientcmdapi.AuthInfo{Exec: &clientcmdapi.ExecConfig{
		APIVersion: execAPIVersion,
		Command:    d.Command,
		Args: []string{
			"kubernetes", "cluster", "kubeconfig", "exec-credential",
			"--version=v1beta1", "--context=" + firstNonEmpty(d.Context, defaultContext), clusterID,
		},
	}}
}

// DoctlManagedError says a context's credentials come from an exec
// credential (doctl's), which fdtui leaves alone: it never replaces one
// with a static token.
type DoctlManagedError struct{ Context string }

func (e *DoctlManagedError) Error() string {
	return "the credentials of " + e.Context + " come from doctl (an exec credential); fdtui leaves them to doctl: check `doctl auth list`, or `kubectl config delete-user " + e.Context + "-admin` to let fdtui save a token"
}

// IsDoctlManaged says err is a *DoctlManagedError.
func IsDoctlManaged(err error) bool {
	var d *DoctlManagedError
	return errors.As(err, &d)
}

// UserKind is how a saved context authenticates.
type UserKind int

const (
	// UserNone: no such context, or no user for it.
	UserNone UserKind = iota
	// UserToken: a static bearer token.
	UserToken
	// UserDoctl: doctl's exec credential.
	UserDoctl
	// UserExec: another exec credential plugin.
	UserExec
	// UserCert: a client certificate (DigitalOcean's credentials endpoint
	// may hand one out instead of a token; it is static like a token).
	UserCert
)

// Exec says the user runs an exec credential (doctl's or another).
func (k UserKind) Exec() bool { return k == UserDoctl || k == UserExec }

// SavedUser reads how contextName in the kubeconfig at path (empty: the
// default file) authenticates. A missing file is UserNone.
func SavedUser(path, contextName string) (UserKind, error) {
	if path == "" {
		path = clientcmd.NewDefaultPathOptions().GetDefaultFilename()
	}
	cfg, err := clientcmd.LoadFromFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return UserNone, nil
	}
	if err != nil {
		return UserNone, errors.New("reading kubeconfig " + path + ": not a kubeconfig")
	}
	u := userOf(cfg, contextName)
	switch {
	case u == nil:
		return UserNone, nil
	case u.Exec != nil && filepath.Base(u.Exec.Command) == "doctl":
		return UserDoctl, nil
	case u.Exec != nil:
		return UserExec, nil
	case u.Token == "" && u.TokenFile == "" && (len(u.ClientCertificateData) > 0 || u.ClientCertificate != ""):
		return UserCert, nil
	}
	return UserToken, nil
}

// execUserOf says the context (or the user doctl names for it) runs an
// exec credential.
func execUserOf(cfg *clientcmdapi.Config, contextName string) bool {
	if u := userOf(cfg, contextName); u != nil && u.Exec != nil {
		return true
	}
	u := cfg.AuthInfos[contextName+"-admin"]
	return u != nil && u.Exec != nil
}

func userOf(cfg *clientcmdapi.Config, contextName string) *clientcmdapi.AuthInfo {
	kctx := cfg.Contexts[contextName]
	if kctx == nil {
		return nil
	}
	return cfg.AuthInfos[kctx.AuthInfo]
}

// DoctlContext is the auth context doctl itself would use, as doctl picks
// it (commands/kubernetes.go, defaultGetCurrentAuthContextFn): the chosen
// one (--do-context, doctl's --context), else DIGITALOCEAN_CONTEXT, else
// the `context` key of doctl's config.yaml (default path as ResolveToken),
// else "default". An unreadable config counts as none.
func DoctlContext(env func(string) string, doctlConfigPath, authContext string) string {
	if c := firstNonEmpty(authContext, env(envContext)); c != "" {
		return c
	}
	if path, err := doctlConfigFile(doctlConfigPath); err == nil {
		if cfg, err := readDoctlConfig(path); err == nil && cfg.Context != "" {
			return cfg.Context
		}
	}
	return defaultContext
}
