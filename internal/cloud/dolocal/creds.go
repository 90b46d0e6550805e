package dolocal

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/digitalocean/godo"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// KubeCredentials is the API server every local cluster hands out: DOKS
// gives a bearer token; a local cluster may only have a client certificate.
type KubeCredentials struct {
	Server                       string
	CA                           []byte
	Token                        string
	ClientCertificate, ClientKey []byte
}

// KubeCredentialsFromKubeconfig reads the server, CA and token or client
// certificate of a kubeconfig's context (its current one when context is
// empty), resolving file references.
func KubeCredentialsFromKubeconfig(path, context string) (KubeCredentials, error) {
	loader := &clientcmd.ClientConfigLoadingRules{ExplicitPath: path}
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(loader, &clientcmd.ConfigOverrides{CurrentContext: context})
	rc, err := cc.ClientConfig()
	if err != nil {
		return KubeCredentials{}, fmt.Errorf("kubeconfig %s: %w", path, err)
	}
	if err := rest.LoadTLSFiles(rc); err != nil {
		return KubeCredentials{}, fmt.Errorf("kubeconfig %s: %w", path, err)
	}
	token := strings.TrimSpace(rc.BearerToken)
	if token == "" && rc.BearerTokenFile != "" {
		data, err := os.ReadFile(rc.BearerTokenFile)
		if err != nil {
			return KubeCredentials{}, fmt.Errorf("kubeconfig %s: %w", path, err)
		}
		token = strings.TrimSpace(string(data))
	}
	return KubeCredentials{
		Server: rc.Host, CA: rc.CAData, Token: token,
		ClientCertificate: rc.CertData, ClientKey: rc.KeyData,
	}, nil
}

// handout is what one request gets: the configured credentials (or
// placeholders) and when they expire.
func (s *Server) handout(r *http.Request, c *cluster) (KubeCredentials, time.Time) {
	kc := s.cfg.Kube
	if kc.Server == "" {
		kc = KubeCredentials{
			Server: s.endpoint(c.k.ID), CA: []byte("-----BEGIN CERTIFICATE-----\nlocal placeholder\n-----END CERTIFICATE-----\n"),
			Token: "doks-local-" + c.k.ID[:8],
		}
	}
	return kc, s.cfg.Now().Add(s.lifetime(r)).UTC().Truncate(time.Second)
}

// lifetime is expiry_seconds (DO's seven days when absent or zero), capped
// by Config.MaxExpiry.
func (s *Server) lifetime(r *http.Request) time.Duration {
	d := time.Duration(queryInt(r, "expiry_seconds", 0)) * time.Second
	if d <= 0 {
		d = DefaultExpiry
	}
	if s.cfg.MaxExpiry > 0 && d > s.cfg.MaxExpiry {
		d = s.cfg.MaxExpiry
	}
	return d
}

// running finds the cluster and refuses while it provisions: DO has no
// credentials to give before the control plane is up.
func (s *Server) running(w http.ResponseWriter, id string) *cluster {
	c, _ := s.find(id)
	if c == nil {
		notFound(w)
		return nil
	}
	if state, _ := s.stateAt(c, s.cfg.Now()); state == godo.KubernetesClusterStatusProvisioning {
		writeError(w, http.StatusNotFound, "not_found", "credentials are not available until the cluster is running")
		return nil
	}
	return c
}

// credentials serves GET .../credentials: godo's struct, unwrapped.
func (s *Server) credentials(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.running(w, r.PathValue("id"))
	if c == nil {
		return
	}
	kc, expires := s.handout(r, c)
	writeJSON(w, http.StatusOK, godo.KubernetesClusterCredentials{
		Server: kc.Server, CertificateAuthorityData: kc.CA, Token: kc.Token,
		ClientCertificateData: kc.ClientCertificate, ClientKeyData: kc.ClientKey, ExpiresAt: expires,
	})
}

// kubeconfig serves GET .../kubeconfig as YAML, named as DO names it.
func (s *Server) kubeconfig(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.running(w, r.PathValue("id"))
	if c == nil {
		return
	}
	kc, _ := s.handout(r, c)
	data, err := clientcmd.Write(kubeconfigFor(c.k.RegionSlug, c.k.Name, kc))
	if err != nil {
		writeError(w, http.StatusInternalServerError, "server_error", "Server Error")
		return
	}
	w.Header().Set("Content-Type", "application/yaml")
	_, _ = w.Write(data)
}

func kubeconfigFor(region, name string, kc KubeCredentials) clientcmdapi.Config {
	ctx := "do-" + region + "-" + name
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[ctx] = &clientcmdapi.Cluster{Server: kc.Server, CertificateAuthorityData: kc.CA}
	cfg.AuthInfos[ctx+"-admin"] = &clientcmdapi.AuthInfo{
		Token: kc.Token, ClientCertificateData: kc.ClientCertificate, ClientKeyData: kc.ClientKey,
	}
	cfg.Contexts[ctx] = &clientcmdapi.Context{Cluster: ctx, AuthInfo: ctx + "-admin"}
	cfg.CurrentContext = ctx
	return *cfg
}
