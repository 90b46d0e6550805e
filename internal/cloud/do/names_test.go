package do

import (
	"strings"
	"testing"
)

func TestValidateClusterName(t *testing.T) {
	valid := []string{"a", "flightdeck-prod", "site-1", "a1", "x" + strings.Repeat("y", 62)}
	for _, name := range valid {
		if err := ValidateClusterName(name); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
	hostile := map[string]string{
		"":                            "required",
		"-leading":                    "start with a lowercase letter",
		"1st":                         "start with a lowercase letter",
		"trailing-":                   "end with a letter or digit",
		"Upper":                       "start with a lowercase letter",
		"mIxed":                       "may only contain",
		"under_score":                 "may only contain",
		"dot.ted":                     "may only contain",
		"sp ace":                      "may only contain",
		"new\nline":                   "may only contain",
		"nul\x00byte":                 "may only contain",
		"../../etc/passwd":            "start with a lowercase letter",
		"a$(rm -rf ~)":                "may only contain",
		"caf\u00e9":                   "may only contain",
		"\u0430dmin":                  "start with a lowercase letter", // Cyrillic a
		"esc\x1b[31mred":              "may only contain",
		"x" + strings.Repeat("y", 63): "at most 63",
		strings.Repeat("a", 10000):    "at most 63",
	}
	for name, want := range hostile {
		err := ValidateClusterName(name)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", name, err, want)
			continue
		}
		if strings.ContainsAny(err.Error(), "\n\x00\x1b") {
			t.Errorf("%q: error message carries control characters: %q", name, err)
		}
	}
}

// validateCreate sent any pool name to DO until FuzzValidatePoolName
// compared it with the rule the wizard applies.
func TestValidateCreateChecksPoolNames(t *testing.T) {
	for pools, want := range map[string]string{
		"web_1":   `pool name "web_1" may only contain`,
		"Web":     "must start with a lowercase letter",
		"web,web": `pool name "web" is used twice`,
		",":       "", // two unnamed pools: doctl's default names
		"web,db":  "",
	} {
		req := createRequest("flightdeck", "")
		req.Pools = nil
		for _, name := range strings.Split(pools, ",") {
			req.Pools = append(req.Pools, PoolRequest{Name: name, Size: "s-2vcpu-4gb", Count: 1})
		}
		err := validateCreate(req)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("pools %q: err = %v, want %q", pools, err, want)
		}
	}
}
