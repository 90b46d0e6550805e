package triage

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// fetchPod GETs the selected pod from the apiserver: the informer cache
// holds a slimmed copy (no volumes, environment, probes), while describe
// and YAML must show the whole, current object.
// The GET runs under the asking page's context (it stops if that page
// closes); show builds the page on the UI goroutine.
func (f *Feature) fetchPod(d PodPage, show func(pod *corev1.Pod) (common.Page, error)) common.Plan {
	e, ok := d.SelectedPod()
	if !ok {
		return common.Refuse("no pod selected")
	}
	cs, ns, name, parent := f.c.Conn.Cluster.Client, e.Namespace, e.Name, d.Ctx()
	return open(func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, 10*time.Second)
		defer cancel()
		pod, err := cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			if parent.Err() != nil {
				return nil // the page that asked is gone
			}
			return common.ToastMsg{Text: "reading pod " + name + ": " + err.Error(), Error: true}
		}
		return common.PushMsg{Build: func() common.Page {
			page, err := show(pod)
			if err != nil {
				return newTextPage(f.c, "error", err.Error())
			}
			return page
		}}
	})
}

// describe shows the selected pod like kubectl describe: key fields,
// container states with reasons and exit codes, conditions, events.
func (f *Feature) describe(d PodPage) common.Plan {
	c := f.c
	e, ok := d.SelectedPod()
	if !ok {
		return common.Refuse("no pod selected")
	}
	events := c.Conn.Store.Events(e.Namespace) // read here, on the UI goroutine
	now := c.Now()
	return f.fetchPod(d, func(pod *corev1.Pod) (common.Page, error) {
		var lines []string
		for _, l := range kube.DescribePod(pod) {
			lines = append(lines, describeLine(c.Styles, l))
		}
		lines = append(lines, "", c.Styles.Section.Render("Events"))
		for _, ev := range events {
			if !model.EventIsAbout(ev, "Pod", pod.Name, pod.UID) {
				continue // another pod of that name (a recreated mysql-0) is not this one
			}
			age := model.FormatAge(now.Sub(model.EventTime(ev)))
			line := fmt.Sprintf("  %5s %-8s %-16s %s", age, ev.Type, ev.Reason, strings.Join(strings.Fields(ev.Message), " "))
			if ev.Type == corev1.EventTypeWarning {
				line = c.Styles.Paint(styles.Bad, line)
			}
			lines = append(lines, line)
		}
		return newTextPage(c, "describe "+pod.Name, joinLines(lines)), nil
	})
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
func (f *Feature) yaml(d PodPage) common.Plan {
	c := f.c
	return f.fetchPod(d, func(pod *corev1.Pod) (common.Page, error) {
		out, err := kube.ObjectYAML(pod)
		if err != nil {
			return nil, err
		}
		return newTextPage(c, "yaml "+pod.Name, string(out)), nil
	})
}
