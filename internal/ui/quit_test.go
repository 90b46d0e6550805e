package ui_test

import (
	"bytes"
	"io"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// q in the real program loop ends the program, leaves the alternate
// screen (the terminal is restored) and closes every page and the
// connection, whose context ends.
func TestQuitRestoresTheTerminalAndClosesEverything(t *testing.T) {
	static, err := kube.NewStatic("demo", uitest.Objects(uitest.DemoSites())...)
	if err != nil {
		t.Fatal(err)
	}
	conn := common.NewConn(1, "demo", "https://127.0.0.1:36443", "v1.36.3", static.Cluster)
	app := ui.New(ui.Config{Common: &common.Common{Now: func() time.Time { return uitest.Now() }}, Conn: conn})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(120, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Sites")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	out, err := io.ReadAll(tm.FinalOutput(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("\x1b[?1049l")) {
		t.Errorf("the alternate screen was not left on quit")
	}
	select {
	case <-conn.Ctx().Done():
	default:
		t.Error("the connection was not closed on quit")
	}
}
