package triage

import "github.com/flightdeck/fdtui/internal/ui/common"

// LogsAction is l (logs, following) alone, for pages whose pod is not a
// row of a pod table: the CronJobs page's failed Job pod.
func (f *Feature) LogsAction(p PodPage) common.Action {
	return common.Action{Key: f.keys.Logs, Need: capLogs, Do: func() common.Plan { return f.logs(p, false) }}
}
