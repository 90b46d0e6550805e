package pages

import (
	"fmt"
	"time"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// podColumns are the pod table's columns; withNamespace adds NAMESPACE.
func podColumns(withNamespace bool) []table.Column {
	cols := []table.Column{
		{Title: "NAME", Width: 20, Flex: 2},
		{Title: "READY", Width: 5, Right: true},
		{Title: "STATUS", Width: 26},                // CreateContainerConfigError whole
		{Title: "RESTARTS", Width: 14, Right: true}, // "12 (4m12s ago)"
		{Title: "NODE", Width: 10, Flex: 1},
		{Title: "AGE", Width: 5, Right: true},
		{Title: "TAG", Width: 10, Flex: 1}, // a tag longer than a short SHA is read whole when there is room
		{Title: "REV", Width: 3, Right: true},
	}
	if withNamespace {
		cols = append([]table.Column{{Title: "NAMESPACE", Width: 14, Flex: 1}}, cols...)
	}
	return cols
}

// podSource renders pod entries.
type podSource struct {
	c             *common.Common
	rows          []*store.PodEntry
	withNamespace bool
}

func (s podSource) Len() int         { return len(s.rows) }
func (s podSource) Key(i int) string { return s.rows[i].Key }
func (s podSource) Row(i int, dst []table.Cell) []table.Cell {
	p := s.rows[i]
	if s.withNamespace {
		dst = append(dst, table.Cell{Text: p.Namespace})
	}
	now := s.c.Now()
	restarts := table.Cell{Text: model.FormatRestarts(p.Restarts, p.LastRestart, now), Tone: styles.Normal}
	if p.Restarts >= 3 && (p.LastRestart.IsZero() || now.Sub(p.LastRestart) < time.Hour) {
		restarts.Tone = styles.Warn // restarting lately
	}
	ready := table.Cell{Text: fmt.Sprintf("%d/%d", p.ReadyContainers, p.Containers), Tone: styles.Good}
	if p.ReadyContainers < p.Containers {
		ready.Tone = styles.Warn
	}
	return append(dst,
		table.Cell{Text: p.Name},
		ready,
		table.Cell{Text: p.Status, Tone: podStatusTone(p.PodRow)},
		restarts,
		table.Cell{Text: p.Node, Tone: styles.Dim},
		table.Cell{Text: model.FormatAge(s.c.Now().Sub(p.Created)), Tone: styles.Dim},
		table.Cell{Text: p.ImageTag},
		table.Cell{Text: p.Revision, Tone: styles.Dim},
	)
}

func podStatusTone(p model.PodRow) styles.Tone {
	switch {
	case p.Problem:
		return styles.Bad
	case p.Status == "Running" && p.ReadyContainers == p.Containers:
		return styles.Good
	case p.Status == "Completed":
		return styles.Dim
	}
	return styles.Warn
}
