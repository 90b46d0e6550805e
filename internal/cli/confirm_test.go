package cli_test

import (
	"context"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/flightdeck/fdtui/internal/cli"
)

// Without a terminal a destructive command refuses unless --yes (exit 2,
// nothing read or changed: the world has no client to change it with);
// --readonly refuses even with --yes.
func TestDestructiveCommandsRefuseWithoutATerminal(t *testing.T) {
	for _, args := range [][]string{
		{"rollback", "shop.acme.org"},
		{"restart", "shop.acme.org"},
		{"delete-pod", "shop.acme.org", "web-5cac23b-x7k2p"},
	} {
		r := run(t, args...)
		r.wantCode(t, cli.ExitUsage)
		if !strings.Contains(r.err, "not a terminal") || !strings.Contains(r.err, "--yes") {
			t.Errorf("%v: stderr %q", args, r.err)
		}
		r = run(t, append(args, "--yes", "--readonly")...)
		r.wantCode(t, cli.ExitUsage)
		if !strings.Contains(r.err, "--readonly") {
			t.Errorf("%v --readonly: stderr %q", args, r.err)
		}
	}
}

// On a terminal the command shows the TUI's confirmation and asks y/N:
// anything but y is no (exit 1, nothing changed); y rolls back.
func TestRollbackAsksOnATerminal(t *testing.T) {
	client := fake.NewClientset(demoObjects()...)
	load := demoWorld(t, client)
	for _, answer := range []string{"\n", "n\n", "maybe\n", ""} {
		r := runOn(t, load, true, answer, "rollback", "shop.acme.org")
		r.wantCode(t, cli.ExitFailure)
		for _, want := range []string{"Roll back web in shop-acme-org", "from revision 5", "broken-7d1e9a2", "to   revision 4", "Proceed? [y/N]", "cancelled"} {
			if !strings.Contains(r.err, want) {
				t.Errorf("answer %q: stderr lacks %q:\n%s", answer, want, r.err)
			}
		}
	}
	if img := webImage(t, client); !strings.HasSuffix(img, ":broken-7d1e9a2") {
		t.Fatalf("a no changed web's image to %s", img)
	}
	r := runOn(t, load, true, "y\n", "rollback", "shop.acme.org")
	r.wantCode(t, cli.ExitOK)
	if !strings.Contains(r.out, "rolled back from revision 5 to 4") {
		t.Errorf("stdout: %q", r.out)
	}
	if img := webImage(t, client); !strings.HasSuffix(img, ":3b8d0c1") {
		t.Errorf("after yes web runs %s, want the previous image", img)
	}
}

func webImage(t *testing.T, client *fake.Clientset) string {
	t.Helper()
	d, err := client.AppsV1().Deployments("shop-acme-org").Get(context.Background(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range d.Spec.Template.Spec.Containers {
		if c.Name == "web" {
			return c.Image
		}
	}
	return ""
}

// A pod that is not the site's is refused before anything is changed.
func TestDeletePodOfAnotherSite(t *testing.T) {
	r := run(t, "delete-pod", "shop.acme.org", "web-nope", "--yes")
	r.wantCode(t, cli.ExitFailure)
	if !strings.Contains(r.err, `has no pod "web-nope"`) {
		t.Errorf("stderr: %q", r.err)
	}
}
