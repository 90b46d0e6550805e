// Package benchdata is the raw record of make bench (issue 13): what
// hack/bench/measure writes for each cluster size, as JSON, and
// hack/bench/report turns into the committed results file. Times are in
// seconds, memory in MiB; a zero time means "not reached".
package benchdata

import (
	"encoding/json"
	"os"
	"time"
)

// Size is every measurement at one cluster size.
type Size struct {
	Requested int       `json:"requested_pods"` // bench pods asked for
	Start     time.Time `json:"start"`
	LoadAvg   string    `json:"loadavg"` // /proc/loadavg when this size started
	Server    string    `json:"server"`  // kube-apiserver version
	Nodes     int       `json:"nodes"`
	// Pods and Sites are what a full screen must count: every pod in the
	// cluster, and the sites fdtui's own store derives from the listed
	// namespaces and Deployments.
	Pods, BenchPods, Sites int
	Width, Height          int
	Idle, Churn            float64 // window lengths
	Settle                 float64 // pause between the first full screen and the idle window
	ChurnRate              int     // pod updates per second in the churn window
	FilterText             string  // a bench site's namespace, typed key by key
	FilterWant             int     // pods whose namespace contains it
	Reps                   []Rep
}

// Rep is one interleaved repetition: the floors, then each program, one
// after the other on the same cluster.
type Rep struct {
	Informer, List Floor
	Programs       []Program
}

// Floor is one run of hack/bench/floor.
type Floor struct {
	Seconds   float64  `json:"seconds"`    // exec to the done line
	InProcess float64  `json:"in_process"` // from the program's main
	Pods      int      `json:"pods"`
	Pages     int      `json:"pages,omitempty"`
	WatchList bool     `json:"watch_list"`
	Requests  []string `json:"requests,omitempty"`
	QPS       float32  `json:"qps"`
	Burst     int      `json:"burst"`
	// The informer floor left running after HasSynced, with one event
	// handler that counts, through the dashboards' windows: CPU seconds
	// idle and under churn, RSS after the idle window (MiB).
	IdleCPU      float64 `json:"idle_cpu,omitempty"`
	ChurnCPU     float64 `json:"churn_cpu,omitempty"`
	ChurnPatches int     `json:"churn_patches,omitempty"`
	RSS          float64 `json:"rss,omitempty"`
	Err          string  `json:"err,omitempty"`
}

// Program is one run of a dashboard in tmux.
type Program struct {
	Name        string  `json:"name"` // fdtui-sites, fdtui-pods, k9s
	FirstScreen float64 `json:"first_screen"`
	ShownPods   int     `json:"shown_pods"`
	ShownSites  int     `json:"shown_sites,omitempty"`
	// Poll is how often the pane was read while waiting for the first
	// full screen: its resolution.
	Poll         float64 `json:"poll"`
	IdleCPU      float64 `json:"idle_cpu"`  // CPU seconds in the idle window
	ChurnCPU     float64 `json:"churn_cpu"` // CPU seconds in the churn window
	ChurnPatches int     `json:"churn_patches"`
	RSS          float64 `json:"rss"` // VmRSS after the idle window
	// RSSAnon and RSSFile split RSS (RssAnon, RssFile of /proc/PID/status):
	// the heap and stacks, and the binary's pages mapped from disk.
	RSSAnon float64 `json:"rss_anon,omitempty"`
	RSSFile float64 `json:"rss_file,omitempty"`
	Peak    float64 `json:"peak"` // VmHWM after the churn window
	Keys    []Key   `json:"keys,omitempty"`
	// KeyPoll is the mean time one pane read took while timing keys
	// (a tmux control-mode capture, made after each write the program
	// made to its pane); KeyMethod says how a key's result frame was
	// recognised.
	KeyPoll   float64 `json:"key_poll,omitempty"`
	KeyMethod string  `json:"key_method,omitempty"`
	Err       string  `json:"err,omitempty"`
}

// Key is one filter keystroke: the filter text after it, how long from
// sending the key to the frame showing its result (0: not seen within
// the limit, a miss), and the pod count on that frame. Want is the count
// fdtui's filter gives for Text (computed from the cluster, so the frame
// is known to be the new result), or -1 when not known beforehand.
type Key struct {
	Text    string  `json:"text"`
	Seconds float64 `json:"seconds"`
	Shown   int     `json:"shown"`
	Want    int     `json:"want"`
}

// Write stores s as indented JSON.
func Write(path string, s Size) error { return writeJSON(path, s) }

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// Read loads one Size.
func Read(path string) (Size, error) {
	var s Size
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	return s, json.Unmarshal(b, &s)
}

// Fleet is every measurement of fdtui's fleet screen (issue 17): one
// fdtui on a kubeconfig with a context per cluster, started on the fleet
// screen, Runs times.
type Fleet struct {
	Start    time.Time `json:"start"`
	LoadAvg  string    `json:"loadavg"`
	Clusters []Cluster `json:"clusters"`
	// Await is the text a full fleet screen shows, every string of it
	// (the fleet header's "3/3 connected" and "3000 sites").
	Await  []string  `json:"await"`
	Width  int       `json:"width"`
	Height int       `json:"height"`
	Idle   float64   `json:"idle"` // seconds from the full screen to the RSS reading
	Runs   []Program `json:"runs"`
}

// Cluster is one context of the fleet as the bench found it.
type Cluster struct {
	Context string `json:"context"`
	Server  string `json:"server"` // kube-apiserver version
	Nodes   int    `json:"nodes"`
	Pods    int    `json:"pods"`
	// Sites is what fdtui's own store derives from the cluster.
	Sites int `json:"sites"`
}

// WriteFleet stores f as indented JSON.
func WriteFleet(path string, f Fleet) error { return writeJSON(path, f) }
