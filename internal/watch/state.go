package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// stateVersion is the state file's format version.
const stateVersion = 1

// stateFile is $STATE_DIR/incidents.json: {"version":1,"incidents":[...]}.
type stateFile struct {
	Version   int        `json:"version"`
	Incidents []Incident `json:"incidents"`
}

// loadState reads the incidents in dir; a missing file is an empty book.
// A file of another version or that does not parse is an error: the
// watcher refuses to start rather than re-page or forget.
func loadState(dir string) ([]Incident, error) {
	path := filepath.Join(dir, "incidents.json")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	var s stateFile
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("state %s: %w (move it aside to start afresh)", path, err)
	}
	if s.Version != stateVersion {
		return nil, fmt.Errorf("state %s: version %d, this fdtui reads version %d", path, s.Version, stateVersion)
	}
	return s.Incidents, nil
}

// saveState writes the incidents atomically: a temporary file in the same
// directory, synced, then renamed over the old one, so a crash leaves
// either the old or the new state, never half of one.
func saveState(dir string, incidents []Incident) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	data, err := json.MarshalIndent(stateFile{Version: stateVersion, Incidents: incidents}, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".incidents-*.json")
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing to remove
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, "incidents.json")); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}
