package kube

import (
	"errors"
	"fmt"
	"testing"

	utilexec "k8s.io/client-go/util/exec"
)

func TestExitCode(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		code     int
		exit, nf bool
	}{
		{"kubelet's NonZeroExitCode", utilexec.CodeExitError{Err: errors.New("command terminated with non-zero exit code: 3"), Code: 3}, 3, true, false},
		{"kwok's words", errors.New("Internal error occurred: error executing command in container: cmd wait: drush updatedb -y: exit status 1"), 1, true, false},
		{"kwok's words, a script of several lines", errors.New("Internal error occurred: error executing command in container: cmd wait: sh -c set -e\nexec mysql: exit status 1"), 1, true, false},
		{"ours, wrapped", fmt.Errorf("drush: %w", &ExitError{Code: 2}), 2, true, false},
		{"not found (Go, runc)", errors.New(`cmd start: bash : exec: "bash": executable file not found in $PATH`), 0, false, true},
		{"not found as 127", utilexec.CodeExitError{Err: errors.New("x"), Code: 127}, 127, true, true},
		{"no error", nil, 0, false, false},
		{"forbidden", errors.New(`pods "web-0" is forbidden: User "u" cannot create resource "pods/exec"`), 0, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, ok := ExitCode(c.err)
			if ok != c.exit || code != c.code {
				t.Errorf("ExitCode = %d, %v; want %d, %v", code, ok, c.code, c.exit)
			}
			if got := IsCommandNotFound(c.err); got != c.nf {
				t.Errorf("IsCommandNotFound = %v, want %v", got, c.nf)
			}
		})
	}
}
