package sitewizard

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// export is what the export form collects.
type export struct {
	Path           string
	IncludeSecrets bool
}

// exportPage writes the site's manifests to a YAML file instead of
// applying them (for GitOps). Secret values are redacted unless the user
// explicitly asks for them.
func (w *Feature) exportPage(spec blueprint.SiteSpec, ns string) *formPage {
	c := w.c
	e := &export{Path: ns + ".yaml"}
	form := huh.NewForm(huh.NewGroup(
		huh.NewInput().Title("Write the manifests to").Value(&e.Path).Validate(validateExportPath),
		huh.NewConfirm().Title("Include Secret values?").Value(&e.IncludeSecrets).
			Affirmative("Include them").Negative("Redact (default)").
			Description("Redacted: Secret values are written as "+blueprint.Redacted+" and only their keys show, so the file can be "+
				"committed; fill them in from your secret manager. Included: the file holds passwords and keys (written mode 0600)."),
	).Title("Export " + spec.Domain + " as YAML instead of applying"))
	header := func() string {
		return " " + c.Styles.Paint(styles.Dim, "Nothing is applied; the file is what the plan would apply.")
	}
	b := w.backend(c)
	return newFormPage(c, "Export "+ns, form, header, func() tea.Cmd {
		path, redact := e.Path, !e.IncludeSecrets
		return common.NewTask("exporting "+ns, func(ctx context.Context) (string, error) {
			return writeExport(ctx, b, spec, path, redact)
		}).Cmd()
	})
}

func writeExport(ctx context.Context, b Backend, spec blueprint.SiteSpec, path string, redact bool) (string, error) {
	data, err := b.Export(ctx, spec, redact)
	if err != nil {
		return "", err
	}
	mode, how := os.FileMode(0o644), "Secret values redacted"
	if !redact {
		mode, how = 0o600, "Secret values INCLUDED, mode 0600: do not commit it"
	}
	if err := writeFile(path, data, mode); err != nil {
		return "", err
	}
	n := strings.Count(string(data), "---\n")
	return fmt.Sprintf("wrote %d objects to %s (%s)", n, path, how), nil
}

// validateExportPath wants a file in an existing directory.
func validateExportPath(path string) error {
	if strings.TrimSpace(path) == "" {
		return errors.New("the file name is empty")
	}
	dir := filepath.Dir(path)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("directory %q does not exist", clip(dir)) // %q: the path may hold escape sequences
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("%q is a directory", clip(path))
	}
	return nil
}

// writeFile also sets the mode of a file that already existed: an export
// with secrets must not inherit an earlier export's 0644.
func writeFile(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
