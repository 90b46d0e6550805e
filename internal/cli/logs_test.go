package cli_test

import (
	"strings"
	"testing"

	"k8s.io/client-go/kubernetes/fake"

	"github.com/flightdeck/fdtui/internal/cli"
)

// Without POD, logs reads the pod and container the TUI would: the
// crash-looping new pod's web container; a pod whose image cannot be
// pulled has no logs yet, so its events say why (exit 1). The fake
// clientset answers every log request with "fake logs".
func TestLogsPicksTheTroubledPod(t *testing.T) {
	load := demoWorld(t, fake.NewClientset(demoObjects()...))
	// A healthy site's first web pod, by its note.
	note := runOn(t, load, false, "", "logs", "www.example.com").err
	pod, _, _ := strings.Cut(strings.TrimPrefix(note, "fdtui: logs of pod "), " ")
	if !strings.HasPrefix(pod, "web-") {
		t.Fatalf("healthy site's pod: %q", note)
	}
	for _, tc := range []struct {
		name      string
		args      []string
		code      int
		out, note string
	}{
		{"crashloop", []string{"logs", "blog.kittens.io"}, cli.ExitOK, "fake logs", "pod web-5c6dae9-x7k2p container web"},
		{"previous", []string{"logs", "blog.kittens.io", "--previous"}, cli.ExitOK, "fake logs", "pod web-5c6dae9-x7k2p container web"},
		{"healthy", []string{"logs", "www.example.com"}, cli.ExitOK, "fake logs", "pod web-"},
		{"named", []string{"logs", "www.example.com", pod, "-c", "varnish"}, cli.ExitOK, "fake logs", ""},
		{"imagepull", []string{"logs", "shop.acme.org"}, cli.ExitFailure, "", "web-5cac23b-x7k2p has no logs yet (ImagePullBackOff); its events:"},
		{"no previous", []string{"logs", "www.example.com", pod, "-c", "varnish", "--previous"}, cli.ExitFailure, "", "has not restarted"},
		{"no container", []string{"logs", "www.example.com", pod, "-c", "nope"}, cli.ExitUsage, "", `has no container "nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runOn(t, load, false, "", tc.args...)
			r.wantCode(t, tc.code)
			if !strings.Contains(r.out, tc.out) || !strings.Contains(r.err, tc.note) {
				t.Errorf("stdout %q, stderr %q", r.out, r.err)
			}
		})
	}
}
