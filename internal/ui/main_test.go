package ui_test

import (
	"os"
	"testing"

	"github.com/flightdeck/fdtui/internal/ui/triage"
)

// TestMain wires the features the way cmd/fdtui does.
func TestMain(m *testing.M) {
	triage.Register()
	os.Exit(m.Run())
}
