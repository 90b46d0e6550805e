package pfui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// ParseLocalPort reads the local port field: blank or 0 is a free port
// chosen by the system; else 1-65535. Ports below 1024 need privileges
// fdtui should not have, so they are refused with the reason.
func ParseLocalPort(s string) (uint16, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(s, 10, 16)
	switch {
	case err != nil:
		return 0, fmt.Errorf("local port %q: a number from 1024 to 65535, or blank for a free one", s)
	case n != 0 && n < 1024:
		return 0, fmt.Errorf("local port %d: ports below 1024 need root; pick 1024-65535 or leave blank", n)
	}
	return uint16(n), nil
}

// localPortField is the form's local port input.
func localPortField(v *string) *huh.Input {
	return huh.NewInput().Title("Local port").Description("on 127.0.0.1; blank: a free port").
		Value(v).Validate(func(s string) error { _, err := ParseLocalPort(s); return err })
}

// siteForm asks which of the site's Services to forward and on which
// local port.
func (f *Feature) siteForm(ns string) common.Plan {
	targets := actions.SiteForwardTargets(ns)
	opts := make([]huh.Option[int], len(targets))
	for i, t := range targets {
		opts[i] = huh.NewOption(t.String(), i)
	}
	var pick int
	var local string
	form := huh.NewForm(huh.NewGroup(
		huh.NewSelect[int]().Title("Forward").Description("follows the Service: when its pod goes, the next Ready one takes over").
			Options(opts...).Value(&pick),
		localPortField(&local)))
	return common.Plan{Open: common.Push(pages.NewForm(f.c, "port-forward "+ns, form, func() tea.Cmd {
		port, err := ParseLocalPort(local)
		if err != nil {
			return common.Toast(err.Error(), true)
		}
		return f.start(targets[pick], port)
	}))}
}

// podForm asks which of the selected pod's ports to forward (those its
// containers declare, or one typed) and on which local port.
func (f *Feature) podForm(p PodPage) common.Plan {
	e, ok := p.SelectedPod()
	if !ok {
		return common.Refuse("no pod selected")
	}
	pod, err := f.c.Conn.Store.L.Pods.Pods(e.Namespace).Get(e.Name)
	if err != nil {
		return common.Refuse(err.Error())
	}
	if pod.Status.Phase != "Running" {
		return common.Refuse(e.Name + " is " + e.Status + ": a port-forward needs a running pod")
	}
	var opts []huh.Option[string]
	for _, c := range pod.Spec.Containers {
		for _, cp := range c.Ports {
			label := fmt.Sprintf("%d (%s", cp.ContainerPort, c.Name)
			if cp.Name != "" {
				label += ", " + cp.Name
			}
			opts = append(opts, huh.NewOption(label+")", strconv.Itoa(int(cp.ContainerPort))))
		}
	}
	var remote, local string
	var field huh.Field
	if len(opts) > 0 {
		remote = opts[0].Value
		field = huh.NewSelect[string]().Title("Pod port").Options(opts...).Value(&remote)
	} else {
		field = huh.NewInput().Title("Pod port").Description("its containers declare none: type one").Value(&remote).
			Validate(func(s string) error { _, err := parseRemote(s); return err })
	}
	form := huh.NewForm(huh.NewGroup(field, localPortField(&local)))
	ns, name := e.Namespace, e.Name
	return common.Plan{Open: common.Push(pages.NewForm(f.c, "port-forward "+name, form, func() tea.Cmd {
		port, err := ParseLocalPort(local)
		if err != nil {
			return common.Toast(err.Error(), true)
		}
		r, err := parseRemote(remote)
		if err != nil {
			return common.Toast(err.Error(), true)
		}
		return f.start(actions.ForwardTarget{Namespace: ns, Pod: name, Port: r}, port)
	}))}
}

func parseRemote(s string) (uint16, error) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 16)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("pod port %q: a number from 1 to 65535", s)
	}
	return uint16(n), nil
}
