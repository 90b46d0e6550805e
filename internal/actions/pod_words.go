package actions

import (
	"fmt"

	"github.com/flightdeck/fdtui/internal/model"
)

// PodDeleteWords is what deleting a pod is confirmed with and what its
// result then says follows: the TUI's ctrl+d/ctrl+k and `fdtui
// delete-pod` ask the same, by the pod's state.
type PodDeleteWords struct {
	Title string
	Lines []string
	// Then is DeletePod's then: what follows the delete.
	Then string
}

// DeletePodWordsFor words pod's delete. replaced is what follows when its
// controller recreates it (the TUI waits for the replacement, a command
// does not); normal names a normal delete for the force hint ("ctrl+d",
// "without --force"); node is shown as given ("" as is).
func DeletePodWordsFor(pod model.PodRow, force bool, replaced, then, normal, node string) PodDeleteWords {
	name := pod.Name
	w := PodDeleteWords{Title: "Delete pod " + name, Then: then, Lines: []string{
		fmt.Sprintf("%s is %s (%d/%d ready, %s) on %s.", name, pod.Status, pod.ReadyContainers, pod.Containers,
			model.Plural(int(pod.Restarts), "restart"), node),
		replaced,
	}}
	if force {
		w.Title = "Force delete pod " + name
		w.Lines = append(w.Lines,
			"Force delete removes the pod from the API at once, without waiting for its node to confirm",
			"the containers stopped (kubectl delete --force --grace-period=0). Use it for a pod stuck Terminating.")
		if pod.Status != "Terminating" {
			w.Lines = append(w.Lines, "This pod is not Terminating: a normal delete ("+normal+") is usually the right choice.")
		}
	}
	// An evicted pod was replaced long ago; an unowned one never is.
	switch {
	case pod.Terminal:
		w.Lines[1] = "It will not run again and its controller has already replaced it: deleting it only removes the record."
		w.Then = "its controller had already replaced it"
	case pod.Owner == "":
		w.Lines[1] = "No controller owns it: nothing recreates it."
		w.Then = "no controller owns it, so nothing recreates it"
	}
	return w
}
