package triage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	appsv1 "k8s.io/api/apps/v1"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// imageRoll is what the roll-image wizard collects.
type imageRoll struct {
	container   string
	image       string
	notSHAOK    bool
	setStrategy bool
	confirm     bool
}

// currentImages maps container name to its image in the Deployment.
func currentImages(d *appsv1.Deployment) map[string]string {
	out := map[string]string{}
	for _, c := range d.Spec.Template.Spec.Containers {
		out[c.Name] = c.Image
	}
	return out
}

// validateNewImage refuses a malformed reference and a reused one: a
// reused tag never redeploys (the template does not change).
func validateNewImage(image, running string) error {
	image = strings.TrimSpace(image)
	if err := blueprint.ValidateImage(image); err != nil {
		return err
	}
	if image == running {
		return errors.New("this is the running image: a reused tag never redeploys; esc and press r to restart instead")
	}
	return nil
}

// tagOf reads the tag as validateNewImage and imageTask do, trimmed: with
// the spaces kept, " web:4f9c2e1" parsed as no tag and the wizard asked
// whether "" was a git short SHA (found by FuzzValidateNewImage).
func tagOf(image string) string {
	ref, err := blueprint.ParseImage(strings.TrimSpace(image))
	if err != nil {
		return ""
	}
	return ref.Tag
}

// rollImage opens the wizard: container, new image, checks, review.
func (f *Feature) rollImage(d *pages.SiteDetail) common.Plan {
	dep, _, err := f.web(d.Namespace())
	if err != nil {
		return common.Refuse(err.Error())
	}
	images := currentImages(dep)
	strategy := kube.StrategyDiff(dep, f.c.Options.ProgressDeadline)
	r := &imageRoll{container: model.MainContainerName, setStrategy: true}
	if _, ok := images[r.container]; !ok {
		r.container = dep.Spec.Template.Spec.Containers[0].Name
	}
	r.image = repoOf(images[r.container])
	// huh runs the *Func functions off the UI goroutine: they read a copy.
	answers := pages.NewAnswers(func() imageRoll { return *r })
	zero, zeroWarning := scaledToZero(d.Site()) // read here: the site changes on the UI goroutine
	ns := d.Namespace()
	form := huh.NewForm(
		huh.NewGroup(
			huh.NewSelect[string]().Title("Container").Options(containerOptions(dep)...).Value(&r.container),
			huh.NewInput().Title("New image").
				DescriptionFunc(func() string { return "running: " + images[answers.Get().container] }, &r.container).
				Placeholder("registry/name:tag").Value(&r.image).
				Validate(func(s string) error { return validateNewImage(s, images[r.container]) }),
		),
		huh.NewGroup(
			huh.NewConfirm().TitleFunc(func() string {
				return fmt.Sprintf("Tag %q is not a git short SHA", tagOf(answers.Get().image))
			}, &r.image).
				Description("Flight Deck tags images by commit (7-12 hex digits), so a tag names exactly one build.\nRoll this tag anyway?").
				Affirmative("Roll it anyway").Negative("Go back").Value(&r.notSHAOK).
				Validate(func(ok bool) error {
					if !ok {
						return errors.New("press shift+tab to go back and enter a commit tag")
					}
					return nil
				}),
		).WithHideFunc(func() bool { return blueprint.IsGitShortSHA(tagOf(r.image)) }),
		huh.NewGroup(
			huh.NewConfirm().Title("Also apply the Flight Deck rollout strategy?").
				Description("web differs:\n  "+strings.Join(strategy, "\n  ")+"\nWith maxSurge 1 and maxUnavailable 0 the site keeps serving during the rollout.").
				Value(&r.setStrategy),
		).WithHideFunc(func() bool { return len(strategy) == 0 }),
		huh.NewGroup(
			huh.NewNote().Title("Review").DescriptionFunc(func() string {
				a := answers.Get()
				sum := a.summary(ns, images[a.container], len(strategy) > 0)
				if zero {
					sum += "\n\n" + zeroWarning
				}
				return sum
			}, r),
			huh.NewConfirm().Title("Roll it out?").Affirmative("Roll out").Negative("Cancel").Value(&r.confirm),
		),
	)
	page := pages.NewForm(f.c, "roll image", form, func() tea.Cmd {
		if !r.confirm {
			return common.Toast("roll image: cancelled, nothing changed", false)
		}
		task := f.imageTask(d.Namespace(), *r, images[r.container], len(strategy) > 0, d.Site().Web.Revision)
		task.Page = d.ID() // the rollout is watched on the site's page
		if zero, _ := scaledToZero(d.Site()); zero {
			task.Watch = nil // no pod runs it: "complete" would mean nothing
		}
		return task.Cmd()
	})
	return open(common.Push(page.Copies(answers.Refresh)))
}

func (r *imageRoll) summary(ns, running string, strategyDiffers bool) string {
	lines := []string{
		fmt.Sprintf("web in %s, container %s:", ns, r.container),
		"  from " + running,
		"  to   " + strings.TrimSpace(r.image),
	}
	if strategyDiffers && r.setStrategy {
		lines = append(lines, "and set the Flight Deck rollout strategy")
	}
	return strings.Join(lines, "\n")
}

// imageTask rolls the image after the wizard's own review said yes; its
// follow-up reports the rollout's end.
func (f *Feature) imageTask(ns string, r imageRoll, running string, strategyDiffers bool, fromRevision int64) *common.Task {
	cs, pd := f.c.Conn.Cluster.Client, f.c.Options.ProgressDeadline
	image := strings.TrimSpace(r.image)
	cause := fmt.Sprintf("fdtui: %s image %s -> %s", r.container, model.ImageTag(running), image)
	setStrategy := strategyDiffers && r.setStrategy
	task := common.NewTask("rolling "+ns+" to "+model.ImageTag(image), func(ctx context.Context) (string, error) {
		return actions.RollImage(ctx, cs, ns, r.container, image, cause, setStrategy, pd)
	})
	w := newRolloutWatch(ns, "roll to "+model.ImageTag(image), fromRevision)
	w.then = f.afterNewCode
	task.Watch = w
	return task
}

func containerOptions(d *appsv1.Deployment) []huh.Option[string] {
	var opts []huh.Option[string]
	for _, c := range d.Spec.Template.Spec.Containers {
		opts = append(opts, huh.NewOption(c.Name+"  ("+c.Image+")", c.Name))
	}
	return opts
}

// repoOf keeps "registry/name:" so the user only types the new tag.
func repoOf(image string) string {
	if i := strings.LastIndexByte(image, ':'); i > strings.LastIndexByte(image, '/') {
		return image[:i+1]
	}
	return image + ":"
}
