package ui_test

import (
	"regexp"
	"strings"
	"testing"

	authorizationv1 "k8s.io/api/authorization/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/flightdeck/fdtui/internal/kube"
)

// viewOnly answers SelfSubjectAccessReviews like the built-in "view"
// ClusterRole: reads allowed, every write denied with RBAC's wording.
func viewOnly() *kube.Access {
	cs := fake.NewClientset()
	cs.PrependReactor("create", "selfsubjectaccessreviews", func(a k8stesting.Action) (bool, runtime.Object, error) {
		r := a.(k8stesting.CreateAction).GetObject().(*authorizationv1.SelfSubjectAccessReview)
		attr := r.Spec.ResourceAttributes
		read := attr.Verb == "get" || attr.Verb == "list" || attr.Verb == "watch"
		if attr.Subresource == "log" || attr.Subresource == "exec" {
			read = attr.Subresource == "log"
		}
		r.Status.Allowed = read
		if !read {
			r.Status.Reason = `RBAC: user "viewer" cannot ` + attr.Verb + " " + attr.Resource
		}
		return true, r, nil
	})
	return kube.NewAccess(cs)
}

// A user who may only view sees every action, the changing ones marked
// "(forbidden)", and is refused with the reason; nothing is asked first.
func TestViewOnlyUserSeesForbiddenActions(t *testing.T) {
	d, _ := newDemoAppAs(t, nil, viewOnly())
	d.Keys("?")
	help := d.Screen()
	for _, want := range []string{"n new site (forbidden)", "D delete site (forbidden)"} {
		if !helpHas(help, want) {
			t.Errorf("sites help lacks %q:\n%s", want, help)
		}
	}
	d.Keys("esc")
	openSite(d, "www-example-com")
	d.Keys("?")
	help = d.Screen()
	for _, want := range []string{"U update site (forbidden)", "D delete site (forbidden)", "u roll back (undo) (forbidden)",
		"ctrl+d delete pod (forbidden)", "i roll image (forbidden)"} {
		if !helpHas(help, want) {
			t.Errorf("site help lacks %q:\n%s", want, help)
		}
	}
	for _, allowed := range []string{"l logs", "d describe", "h history"} {
		if !helpHas(help, allowed) || helpHas(help, allowed+" (forbidden)") {
			t.Errorf("site help should offer %q:\n%s", allowed, help)
		}
	}
	d.Keys("esc")
	for _, k := range []string{"D", "U", "u", "ctrl+d"} {
		d.Keys(k)
		s := d.Screen()
		if !strings.Contains(s, "not allowed to ") || !strings.Contains(s, `RBAC: user "viewer" cannot`) {
			t.Errorf("%s was not refused with the reason:\n%s", k, s)
		}
		if strings.Contains(s, "Proceed?") || strings.Contains(s, "Type ") {
			t.Errorf("%s asked for a confirmation although it is forbidden:\n%s", k, s)
		}
	}
	// The history's enter is gated like every other action.
	d.Keys("h")
	if !strings.Contains(d.Screen(), "revisions of web") {
		t.Fatalf("history not shown:\n%s", d.Screen())
	}
	d.Keys("down", "enter")
	if s := d.Screen(); !strings.Contains(s, "not allowed to patch") || strings.Contains(s, "Roll back web") {
		t.Errorf("history enter was not refused:\n%s", s)
	}
}

// helpHas finds "key description" in the help, whose columns pad the
// space between key and description.
func helpHas(help, entry string) bool {
	k, desc, _ := strings.Cut(entry, " ")
	return regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(k) + `\s+` + regexp.QuoteMeta(desc) + `(\s|$)`).MatchString(help)
}
