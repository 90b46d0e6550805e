package main

import (
	"fmt"
	"strings"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
)

// raw is every number measured, run by run.
func raw(b *strings.Builder, s size) {
	fmt.Fprintf(b, "\n### %s pods (%s bench pods asked), %s sites, %d nodes\n\n", thousands(s.Pods), thousands(s.Requested), thousands(s.Sites), s.Nodes)
	fmt.Fprintf(b, "Started %s, load average %s. Windows: settle %s, idle %s, churn %s at %d pod updates/s. Filter text %q (%d pods whose namespace contains it).\n\n",
		s.Start.UTC().Format("15:04:05 MST"), s.LoadAvg, dur(s.Settle), dur(s.Idle), dur(s.Churn), s.ChurnRate, s.FilterText, s.FilterWant)
	b.WriteString("| run | informer: exec → synced | in process | watch-list | pods | LIST: exec → last page | in process | pages | pods |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for i, r := range s.Reps {
		fmt.Fprintf(b, "| %d | %s | %s | %v | %d | %s | %s | %d | %d |\n", i+1, floorSecs(r.Informer), secs(r.Informer.InProcess),
			r.Informer.WatchList, r.Informer.Pods, floorSecs(r.List), secs(r.List.InProcess), r.List.Pages, r.List.Pods)
	}
	b.WriteString("\n| run | program | first full screen | pods, sites shown | idle CPU | churn CPU | patches | RSS | peak | keys: median, worst, misses |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	for i, r := range s.Reps {
		for _, p := range r.Programs {
			fmt.Fprintf(b, "| %d | %s | %s | %d, %d | %.2f s | %.2f s | %d | %s | %s | %s |\n", i+1, p.Name, secs(p.FirstScreen),
				p.ShownPods, p.ShownSites, p.IdleCPU, p.ChurnCPU, p.ChurnPatches, mib(p.RSS), mib(p.Peak), keySummary(p.Keys))
		}
	}
	keyTable(b, s)
	for i, r := range s.Reps {
		for _, e := range []struct{ name, err string }{{"floor informer", r.Informer.Err}, {"floor LIST", r.List.Err}} {
			if e.err != "" {
				fmt.Fprintf(b, "\n**run %d, %s failed:** %s\n", i+1, e.name, firstLine(e.err))
			}
		}
		for _, p := range r.Programs {
			if p.Err != "" {
				fmt.Fprintf(b, "\n**run %d, %s stopped:** %s\n", i+1, p.Name, firstLine(p.Err))
			}
		}
	}
}

func floorSecs(f benchdata.Floor) string {
	if f.Err != "" {
		return "failed"
	}
	return secs(f.Seconds)
}

func keySummary(keys []benchdata.Key) string {
	if len(keys) == 0 {
		return "—"
	}
	var seen []float64
	for _, k := range keys {
		if k.Seconds > 0 {
			seen = append(seen, k.Seconds)
		}
	}
	st := of(seen)
	if st.N == 0 {
		return fmt.Sprintf("none of %d shown", len(keys))
	}
	return fmt.Sprintf("%s, %s, %d", ms(st.Median), ms(st.Max), len(keys)-st.N)
}

// keyTable lists each keystroke: time to its result frame in ms and the
// pods that frame counted.
func keyTable(b *strings.Builder, s size) {
	type col struct {
		name string
		keys []benchdata.Key
	}
	var cols []col
	for _, name := range []string{fdtuiPods, k9s} {
		for i, p := range s.programs(name) {
			if len(p.Keys) > 0 {
				cols = append(cols, col{fmt.Sprintf("%s run %d", name, i+1), p.Keys})
			}
		}
	}
	if len(cols) == 0 {
		return
	}
	b.WriteString("\nFilter keystrokes: ms from the key to its result frame (pods on that frame; — not shown within the limit).\n\n| key | filter | fdtui's count |")
	for _, c := range cols {
		b.WriteString(" " + c.name + " |")
	}
	b.WriteString("\n|---|---|---|" + strings.Repeat("---|", len(cols)) + "\n")
	for k := range len(s.FilterText) {
		want := "?"
		for _, c := range cols {
			if k < len(c.keys) && c.keys[k].Want >= 0 && strings.HasPrefix(c.name, fdtuiPods) {
				want = fmt.Sprint(c.keys[k].Want)
				break
			}
		}
		fmt.Fprintf(b, "| %d | `%s` | %s |", k+1, s.FilterText[:k+1], want)
		for _, c := range cols {
			cell := ""
			if k < len(c.keys) {
				key := c.keys[k]
				cell = "— (" + fmt.Sprint(key.Shown) + ")"
				if key.Seconds > 0 {
					cell = fmt.Sprintf("%.1f (%d)", key.Seconds*1000, key.Shown)
				}
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
