# shellcheck shell=bash
# Shared by the stand-ins in this directory. kwok (hack/localcluster/
# kwokctl.yaml: ClusterExec, and an Exec object a test creates for one pod)
# runs them on this machine for `kubectl exec` and port-forward to a
# simulated pod; kwok's PATH is this directory only, so a container has
# exactly these commands (no bash: clients fall back to sh).
#
# Per pod behaviour: the Exec object kwok matches for a pod (namespace/name)
# sets its environment. FDTUI_STANDIN_FAIL is a comma-separated list of
# stand-in names that fail in that pod (e.g. "varnishadm"), each with the
# real tool's message and exit code.
#
# Backup Jobs' pods are run by the local job runner (hack/localcluster/
# jobrunner), with this directory as PATH too; it sets FDTUI_STANDIN_FAIL
# and FDTUI_STANDIN_NOOP from the pod's annotations fdtui.dev/standin-fail
# and fdtui.dev/standin-noop. A stand-in listed in FDTUI_STANDIN_NOOP says
# what it would say and exits 0 having done nothing (mc: an upload that
# uploads nothing).
PATH=/usr/bin:/bin
export PATH

# standin_fails NAME: NAME is listed in FDTUI_STANDIN_FAIL.
standin_fails() {
  case ",${FDTUI_STANDIN_FAIL:-}," in
  *",$1,"*) return 0 ;;
  esac
  return 1
}

# standin_noop NAME: NAME is listed in FDTUI_STANDIN_NOOP.
standin_noop() {
  case ",${FDTUI_STANDIN_NOOP:-}," in
  *",$1,"*) return 0 ;;
  esac
  return 1
}
