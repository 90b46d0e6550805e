// Command doapi serves the local DigitalOcean API stand-in
// (internal/cloud/dolocal) for the demo and for manual runs:
//
//	go run ./hack/doapi --kubeconfig .local/kubeconfig --expiry 10s
//
// It prints the base URL on the first line of stdout. Faults can be
// injected while it runs: curl -X POST 'http://127.0.0.1:39080/_fault?status=429&count=2'.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
)

type flags struct {
	listen, token, kubeconfig, kubeContext, seed string
	provisionDelay, expiry, lintDelay            time.Duration
	verbose                                      bool
}

func parseFlags() flags {
	var f flags
	flag.StringVar(&f.listen, "listen", "127.0.0.1:39080", "address to listen on (loopback)")
	flag.StringVar(&f.token, "token", "", "bearer token to accept (default: any non-empty token)")
	flag.StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig of the cluster every DO cluster's credentials point at")
	flag.StringVar(&f.kubeContext, "context", "", "context in --kubeconfig (default: its current context)")
	flag.StringVar(&f.seed, "seed", "default", `clusters present at start: "default", "none", or a JSON file`)
	flag.DurationVar(&f.provisionDelay, "provision-delay", dolocal.DefaultProvisionDelay, "how long new clusters and nodes provision")
	flag.DurationVar(&f.expiry, "expiry", 0, "cap on kubeconfig/credential lifetime, e.g. 10s to exercise refresh (0: DO's 7 days)")
	flag.DurationVar(&f.lintDelay, "lint-delay", dolocal.DefaultLintDelay, "how long a clusterlint run takes before its results are served")
	flag.BoolVar(&f.verbose, "v", false, "log each request to stderr")
	flag.Parse()
	return f
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("doapi: ")
	if err := run(parseFlags()); err != nil {
		log.Fatal(err)
	}
}

func run(f flags) error {
	cfg, err := config(f)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return err
	}
	fmt.Printf("http://%s\n", ln.Addr())
	log.Printf("serving the DigitalOcean API on http://%s (%d seeded clusters)", ln.Addr(), len(cfg.Seed))
	srv := &http.Server{Handler: dolocal.New(cfg), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func config(f flags) (dolocal.Config, error) {
	cfg := dolocal.Config{Token: f.token, ProvisionDelay: f.provisionDelay, MaxExpiry: f.expiry, LintDelay: f.lintDelay}
	if f.verbose {
		cfg.Logf = log.Printf
	}
	if f.kubeconfig != "" {
		kc, err := dolocal.KubeCredentialsFromKubeconfig(f.kubeconfig, f.kubeContext)
		if err != nil {
			return cfg, err
		}
		cfg.Kube = kc
	}
	switch f.seed {
	case "default":
		cfg.Seed = dolocal.DefaultSeed()
	case "none", "":
	default:
		seed, err := dolocal.LoadSeed(f.seed)
		if err != nil {
			return cfg, err
		}
		cfg.Seed = seed
	}
	return cfg, nil
}
