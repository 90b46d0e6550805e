package main

import (
	"fmt"
	"path/filepath"

	"github.com/adrg/xdg"

	"github.com/flightdeck/fdtui/internal/cli"
	"github.com/flightdeck/fdtui/internal/fleet"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/fleetui"
)

// fleetConfig reads the fleet file and the flags: the TUI opens on the
// fleet with --fleet, with several --context, or when the fleet file
// names a fleet. A fleet file that does not parse, or names a context the
// kubeconfig lacks, is an error before anything starts.
func fleetConfig(kc *kube.Kubeconfig, g *cli.Globals, f *tuiFlags) (fleetui.Config, error) {
	path := f.fleetFile
	if path == "" {
		// Read only: xdg.ConfigFile would create the directory.
		path = filepath.Join(xdg.ConfigHome, "fdtui", "fleet.yaml")
	}
	file, found, err := fleet.Load(path)
	if err != nil {
		return fleetui.Config{}, err
	}
	if !found && f.fleetFile != "" {
		// Named on the command line: a typo must not quietly give
		// another fleet (kubectl refuses a --kubeconfig that is not there).
		return fleetui.Config{}, fmt.Errorf("fleet file %s: no such file", path)
	}
	named := found && (len(file.Contexts) > 0 || file.DigitalOcean != nil)
	cfg := fleetui.Config{Contexts: uniqueContexts(g.Contexts), File: file}
	cfg.Start = f.fleet || named || len(cfg.Contexts) > 1
	if !cfg.Start {
		cfg.Contexts = nil // one --context picks the cluster, as kubectl's does
		return cfg, nil
	}
	ctxs, err := kc.Contexts()
	if err != nil {
		return fleetui.Config{}, err
	}
	names := make([]string, 0, len(ctxs))
	for _, c := range ctxs {
		names = append(names, c.Name)
	}
	_, err = fleet.Choose(names, cfg.Contexts, file)
	return cfg, err
}

// uniqueContexts drops repeats, keeping the order.
func uniqueContexts(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range in {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}
