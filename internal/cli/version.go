package cli

import (
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// VersionItem is fdtui's version (fdtui/v1).
type VersionItem struct {
	Version   string `json:"version"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
}

func versionCommand(env *Env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print fdtui's version (like --version)",
		Args:  Args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutput(format); err != nil {
				return err
			}
			if format == FormatTable {
				_, err := fmt.Fprintln(env.Out, "fdtui", env.Version)
				return err
			}
			item := VersionItem{Version: env.Version, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
			return writeDocument(env.Out, format, Document[VersionItem]{Kind: KindVersion, Items: []VersionItem{item}})
		},
	}
	addOutput(cmd, &format)
	return cmd
}

// completionTimeout bounds the cluster read behind a TAB: a shell that
// hangs is worse than no suggestion.
const completionTimeout = 5 * time.Second

// completeSites suggests site domains for the first argument.
func completeSites(env *Env) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return siteNames(cmd, env, prefix), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeSitePods suggests sites, then the chosen site's pods.
func completeSitePods(env *Env) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		switch len(args) {
		case 0:
			return siteNames(cmd, env, prefix), cobra.ShellCompDirectiveNoFileComp
		case 1:
			w, err := env.load(cmd.Context(), completionTimeout)
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			defer w.Close()
			s, err := w.Site(args[0])
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, e := range w.Store.PodsOf(s.Namespace) {
				if strings.HasPrefix(e.Name, prefix) {
					out = append(out, cobra.CompletionWithDesc(e.Name, e.Status))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

func siteNames(cmd *cobra.Command, env *Env, prefix string) []cobra.Completion {
	w, err := env.load(cmd.Context(), completionTimeout)
	if err != nil {
		return nil
	}
	defer w.Close()
	var out []cobra.Completion
	for _, s := range w.Store.Sites() {
		if strings.HasPrefix(s.Domain, prefix) {
			out = append(out, cobra.CompletionWithDesc(s.Domain, s.Label()))
		}
	}
	return out
}
