package triage

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	corev1 "k8s.io/api/core/v1"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

func (h *siteHook) selectedPod(d podPage) (*corev1.Pod, error) {
	e, ok := d.SelectedPod()
	if !ok {
		return nil, fmt.Errorf("no pod selected")
	}
	return h.c.Conn.Store.L.Pods.Pods(e.Namespace).Get(e.Name)
}

// describe shows the selected pod like kubectl describe: key fields,
// container states with reasons and exit codes, conditions, events.
func (h *siteHook) describe(d podPage) tea.Cmd {
	pod, err := h.selectedPod(d)
	if err != nil {
		return common.Toast(err.Error(), true)
	}
	var lines []string
	for _, l := range kube.DescribePod(pod) {
		lines = append(lines, describeLine(h.c.Styles, l))
	}
	lines = append(lines, "", h.c.Styles.Section.Render("Events"))
	for _, e := range h.c.Conn.Store.Events(pod.Namespace) {
		if e.InvolvedObject.Name != pod.Name {
			continue
		}
		age := model.FormatAge(h.c.Now().Sub(store.EventTime(e)))
		line := fmt.Sprintf("  %5s %-8s %-16s %s", age, e.Type, e.Reason, strings.Join(strings.Fields(e.Message), " "))
		if e.Type == corev1.EventTypeWarning {
			line = h.c.Styles.Paint(styles.Bad, line)
		}
		lines = append(lines, line)
	}
	return common.Push(newTextPage(h.c, "describe "+pod.Name, joinLines(lines)))
}

func describeLine(st *styles.Styles, l kube.DescribeLine) string {
	indent := strings.Repeat("  ", l.Depth)
	value := l.Value
	if l.Warn {
		value = st.Paint(styles.Bad, value)
	}
	if l.Label == "" {
		return indent + value
	}
	return indent + st.Label.Render(l.Label+":") + " " + value
}

// yaml shows the selected pod as YAML (managed fields dropped).
func (h *siteHook) yaml(d podPage) tea.Cmd {
	pod, err := h.selectedPod(d)
	if err != nil {
		return common.Toast(err.Error(), true)
	}
	out, err := kube.ObjectYAML(pod)
	if err != nil {
		return common.Toast(err.Error(), true)
	}
	return common.Push(newTextPage(h.c, "yaml "+pod.Name, string(out)))
}
