package testenv

import (
	"regexp"
	"runtime"
	"strings"
	"testing"
)

func TestNamespaceName(t *testing.T) {
	dnsLabel := regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	tests := []struct {
		testName string
		want     string
	}{
		{"TestRollout", "fdtui-test-rollout-a1b2c3"},
		{"TestRollout/broken_image", "fdtui-test-rollout-broken-image-a1b2c3"},
		{"TestSites/example.com", "fdtui-test-sites-example-com-a1b2c3"},
		{"Test_", "fdtui-test-t-a1b2c3"},
	}
	for _, tt := range tests {
		t.Run(tt.testName, func(t *testing.T) {
			if got := namespaceName(tt.testName, "a1b2c3"); got != tt.want {
				t.Errorf("namespaceName(%q) = %q, want %q", tt.testName, got, tt.want)
			}
		})
	}

	long := namespaceName("TestA"+strings.Repeat("VeryLongSubtestName/", 10), "a1b2c3")
	if len(long) > 63 || !dnsLabel.MatchString(long) || !strings.HasSuffix(long, "-a1b2c3") {
		t.Errorf("long name %q (%d chars) is not a valid, suffixed DNS label", long, len(long))
	}
}

func TestSkipsWithoutEnvironment(t *testing.T) {
	t.Setenv(RequireEnv, "")
	t.Setenv(KubeconfigEnv, "")
	t.Setenv(S3EndpointEnv, "")
	for name, call := range map[string]func(testing.TB){
		"Kubeconfig": func(tb testing.TB) { Kubeconfig(tb) },
		"S3":         func(tb testing.TB) { S3(tb) },
	} {
		t.Run(name, func(t *testing.T) {
			ran := t.Run("inner", func(t *testing.T) { call(t); t.Error("did not skip") })
			if !ran {
				t.Errorf("%s failed instead of skipping", name)
			}
		})
	}
}

// recorder is a testing.TB that records whether the helper failed or
// skipped, and stops the helper like the real methods do.
type recorder struct {
	testing.TB
	failed, skipped bool
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(string, ...any) {
	r.failed = true
	runtime.Goexit()
}
func (r *recorder) Skipf(string, ...any) {
	r.skipped = true
	runtime.Goexit()
}

// TestFailsInsteadOfSkippingUnderMakeTest: with RequireEnv set (make test)
// a missing environment is a failure, so no integration test can pass by
// skipping.
func TestFailsInsteadOfSkippingUnderMakeTest(t *testing.T) {
	t.Setenv(RequireEnv, "1")
	t.Setenv(KubeconfigEnv, "")
	t.Setenv(S3EndpointEnv, "")
	for name, call := range map[string]func(testing.TB){
		"Kubeconfig": func(tb testing.TB) { Kubeconfig(tb) },
		"S3":         func(tb testing.TB) { S3(tb) },
	} {
		r := &recorder{TB: t}
		done := make(chan struct{})
		go func() { defer close(done); call(r) }()
		<-done
		if !r.failed || r.skipped {
			t.Errorf("%s: failed=%v skipped=%v, want a failure", name, r.failed, r.skipped)
		}
	}
}
