package sitewizard

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// The field validators run as the user leaves a field. They wrap the
// blueprint's rules (one source of truth) and add what only the cluster
// knows: existing namespaces, node count, the volume already created.

// nsInfo is what the cluster holds under a namespace name.
type nsInfo struct {
	Exists     bool
	FlightDeck bool   // labelled part-of=flightdeck
	Domain     string // its flightdeck.dev/domain annotation
}

// validateDomain accepts a new domain, or the domain of an existing
// Flight Deck site (the wizard then asks whether to update it). It refuses
// a namespace that belongs to another domain or is not a site at all.
func validateDomain(lookup func(ns string) nsInfo) func(string) error {
	return func(domain string) error {
		if err := blueprint.ValidateDomain(domain); err != nil {
			return err
		}
		ns, err := blueprint.NamespaceFor(domain)
		if err != nil {
			return err
		}
		info := lookup(ns)
		switch {
		case !info.Exists:
			return nil
		case info.Domain != "" && info.Domain != domain:
			return fmt.Errorf("namespace %s already belongs to %s (domains that differ only in dots and hyphens share a namespace)", ns, shownDomain(info.Domain))
		case !info.FlightDeck:
			return fmt.Errorf("namespace %s exists and is not a Flight Deck site; choose another domain", ns)
		}
		return nil
	}
}

// shownDomain is a domain read from the cluster (an annotation anyone who
// can edit the namespace may write), quoted and clipped unless it is a
// valid domain: an escape sequence in it must not reach the terminal.
func shownDomain(domain string) string {
	if blueprint.ValidateDomain(domain) == nil {
		return domain
	}
	return strconv.Quote(clip(domain))
}

// validateUpdateConfirmed stops the wizard when the user does not want to
// touch the existing site.
func validateUpdateConfirmed(yes bool) error {
	if !yes {
		return errors.New("choose another domain: shift+tab goes back, esc cancels")
	}
	return nil
}

// validateSiteImage requires a pinned, rollback-able site image.
func validateSiteImage(ref string) error {
	if err := blueprint.ValidateImage(ref); err != nil {
		return err
	}
	if img, _ := blueprint.ParseImage(ref); img.Tag == "latest" {
		return fmt.Errorf("the tag \"latest\" cannot be rolled back; tag the image with the git short SHA")
	}
	return nil
}

func validateImage(ref string) error { return blueprint.ValidateImage(ref) }

func validateQuantity(q string) error { return blueprint.ValidateQuantity(q) }

// validateFixed refuses a change to a value the cluster cannot change in
// place (a StatefulSet's volume claim template is immutable).
func validateFixed(original, what string, inner func(string) error) func(string) error {
	return func(v string) error {
		if original != "" && strings.TrimSpace(v) != original {
			return fmt.Errorf("%s cannot change after the site is created (it is %s); the StatefulSet's volume claim is immutable", what, original)
		}
		if inner != nil {
			return inner(v)
		}
		return nil
	}
}

const maxReplicas = 50

// validateReplicas accepts least..maxReplicas (leastWhy explains the
// minimum), and no more than limit when limit > 0 (limitWhy explains it).
func validateReplicas(least int, leastWhy string, limit int, limitWhy string) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		switch {
		case err != nil:
			return fmt.Errorf("%q is not a whole number", clip(v))
		case n < least:
			return fmt.Errorf("at least %d%s", least, leastWhy)
		case n > maxReplicas:
			return fmt.Errorf("%d is more than %d replicas; scale up later if you really need it", n, maxReplicas)
		case limit > 0 && n > limit:
			return fmt.Errorf("%d replicas but %s", n, limitWhy)
		}
		return nil
	}
}

func validateBucket(name string) error { return blueprint.ValidateBucket(name) }

// required checks a value that must not be empty. It never quotes the
// value: it may be a password.
func required(what string) func(string) error {
	return func(v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("%s is empty", what)
		}
		return nil
	}
}

// validateSchedule is a CronJob schedule as the apiserver takes it.
func validateSchedule(v string) error { return blueprint.ValidateSchedule(v) }

// specField validates one field through SiteSpec.Validate, for rules the
// blueprint does not export one by one (endpoint, region, prefix, registry
// host, request not above limit): set puts the typed value into a copy of
// the draft, and only the errors of that field are reported.
func specField(d *draft, field string, set func(d *draft, v string)) func(string) error {
	return func(v string) error {
		c := *d
		set(&c, v)
		return fieldError(c.spec().Validate(), field)
	}
}

func fieldError(err error, field string) error {
	if err == nil {
		return nil
	}
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	for _, e := range errs {
		if msg, ok := strings.CutPrefix(e.Error(), field+": "); ok {
			return errors.New(msg)
		}
	}
	return nil
}

// all runs validators in order and returns the first error.
func all(vs ...func(string) error) func(string) error {
	return func(v string) error {
		for _, f := range vs {
			if err := f(v); err != nil {
				return err
			}
		}
		return nil
	}
}

// clip keeps error messages about hostile input on one screen line.
func clip(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}
