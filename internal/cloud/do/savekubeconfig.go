package do

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"sigs.k8s.io/yaml"
)

// ContextName is the name doctl gives a cluster's kubeconfig context and
// cluster entry; the user entry gets an "-admin" suffix.
func ContextName(region, clusterName string) string {
	return "do-" + region + "-" + clusterName
}

// SaveKubeconfig merges a cluster's kubeconfig into the file at path (the
// first $KUBECONFIG entry or ~/.kube/config when path is empty), as
// `doctl kubernetes cluster kubeconfig save --expiry-seconds N` does: the
// kubeconfig's own (token) user is saved. Cluster and context are named
// do-<region>-<name>, the user do-<region>-<name>-admin, the context
// becomes current, other entries are kept, and the file is written
// atomically with mode 0600 (it holds credentials). A context whose user
// runs an exec credential (doctl's) is never given a static token: that
// is a *DoctlManagedError and the file is left as it was.
func SaveKubeconfig(path string, kubeconfig []byte, clusterName, region string) (string, error) {
	return saveKubeconfig(path, kubeconfig, clusterName, region, nil)
}

// SaveKubeconfigExec merges the kubeconfig's cluster like SaveKubeconfig,
// with the user `doctl kubernetes cluster kubeconfig save` writes when
// doctl is installed: ExecUser(d, clusterID), which asks doctl for a fresh
// token whenever kubectl (or fdtui) needs one. The kubeconfig's own token
// is dropped, as doctl drops it.
func SaveKubeconfigExec(path string, kubeconfig []byte, clusterName, region, clusterID string, d Doctl) (string, error) {
	if clusterID == "" || d.Command == "" {
		return "", errors.New("save kubeconfig: the cluster ID and doctl's command are required")
	}
	return saveKubeconfig(path, kubeconfig, clusterName, region, ExecUser(d, clusterID))
}

// saveKubeconfig merges; execUser nil saves the kubeconfig's own user.
func saveKubeconfig(path string, kubeconfig []byte, clusterName, region string, execUser *clientcmdapi.AuthInfo) (string, error) {
	if clusterName == "" || region == "" {
		return "", errors.New("save kubeconfig: cluster name and region are required")
	}
	incoming, err := clientcmd.Load(kubeconfig)
	if err != nil {
		return "", fmt.Errorf("save kubeconfig: the cluster's kubeconfig does not parse: %w", err)
	}
	cluster, user, err := currentEntries(incoming)
	if err != nil {
		return "", fmt.Errorf("save kubeconfig: %w", err)
	}
	if path == "" {
		path = clientcmd.NewDefaultPathOptions().GetDefaultFilename()
	}
	merged, err := loadOrEmpty(path)
	if err != nil {
		return "", err
	}
	name := ContextName(region, clusterName)
	if execUser != nil {
		user = execUser
	} else if execUserOf(merged, name) {
		return name, &DoctlManagedError{Context: name}
	}
	merged.Clusters[name] = cluster
	merged.AuthInfos[name+"-admin"] = user
	merged.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name + "-admin"}
	merged.CurrentContext = name
	return name, writeAtomically(path, merged)
}

// currentEntries picks the cluster and user the incoming kubeconfig's
// current context (or its only context) points at.
func currentEntries(cfg *clientcmdapi.Config) (*clientcmdapi.Cluster, *clientcmdapi.AuthInfo, error) {
	ctxName := cfg.CurrentContext
	if ctxName == "" && len(cfg.Contexts) == 1 {
		for n := range cfg.Contexts {
			ctxName = n
		}
	}
	kctx, ok := cfg.Contexts[ctxName]
	if !ok {
		return nil, nil, errors.New("the cluster's kubeconfig has no current context")
	}
	cluster, user := cfg.Clusters[kctx.Cluster], cfg.AuthInfos[kctx.AuthInfo]
	if cluster == nil || user == nil {
		return nil, nil, fmt.Errorf("context %q lacks its cluster or user", ctxName)
	}
	return cluster, user, nil
}

// loadOrEmpty refuses to touch a file that is not clearly a kubeconfig, so
// a user's file is never replaced by ours alone. clientcmd alone is too
// lenient: it reads many non-kubeconfig YAML maps as an empty config.
func loadOrEmpty(path string) (*clientcmdapi.Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return clientcmdapi.NewConfig(), nil
	}
	if err == nil {
		err = checkKubeconfigKeys(data)
	}
	var cfg *clientcmdapi.Config
	if err == nil {
		cfg, err = clientcmd.Load(data)
	}
	if err != nil {
		return nil, fmt.Errorf("save kubeconfig: %s is not a kubeconfig I can merge into, leaving it alone: %w", path, err)
	}
	return cfg, nil
}

var kubeconfigKeys = map[string]bool{
	"apiVersion": true, "kind": true, "clusters": true, "contexts": true, "users": true,
	"current-context": true, "preferences": true, "extensions": true,
}

func checkKubeconfigKeys(data []byte) error {
	var top map[string]any
	if err := yaml.Unmarshal(data, &top); err != nil {
		return errors.New("not YAML") // yaml errors may quote secrets
	}
	for k := range top {
		if !kubeconfigKeys[k] {
			return fmt.Errorf("unexpected top-level key %q", k)
		}
	}
	return nil
}

func writeAtomically(path string, cfg *clientcmdapi.Config) error {
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return fmt.Errorf("save kubeconfig: %w", err)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real // keep a symlinked kubeconfig a symlink
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save kubeconfig: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".kubeconfig-*")
	if err != nil {
		return fmt.Errorf("save kubeconfig: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := writeAndClose(tmp, data); err != nil {
		return fmt.Errorf("save kubeconfig: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save kubeconfig: %w", err)
	}
	return nil
}

func writeAndClose(f *os.File, data []byte) error {
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
