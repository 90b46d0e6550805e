package cloudui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// FormatBytes is "512 B", "1.2 KiB", "34.5 MiB", "1.2 GiB".
func FormatBytes(n int64) string {
	units := []string{"KiB", "MiB", "GiB", "TiB", "PiB"}
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n)/1024, 0
	for v >= 1024 && i < len(units)-1 {
		v, i = v/1024, i+1
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}

// usageView is what the screens show for one site.
type usageView struct {
	Text   string // the column's text
	Tone   styles.Tone
	Target siteTarget
	Usage  objstore.BucketUsage
	Known  bool // Usage holds a figure (maybe partial or stale)
}

// viewUsage reads what is known of a site's usage; it starts nothing
// (the column's Prepare does, from Update).
func viewUsage(c *common.Common, s *service, namespace string) (usageView, bool) {
	if c.Conn == nil {
		return usageView{}, false
	}
	t, ok := s.usage.get(c.Conn.ID, namespace)
	if !ok {
		return usageView{Text: "…", Tone: styles.Dim}, true
	}
	v := usageView{Target: t}
	switch {
	case t.loading && t.readAt.IsZero():
		v.Text, v.Tone = "…", styles.Dim
	case errors.Is(t.err, actions.ErrNoS3Secret):
		v.Text, v.Tone = "—", styles.Dim
	case t.err != nil:
		v.Text, v.Tone = "no access", styles.Bad
	default:
		v.Usage, v.Known = s.usage.cache.Get(t.storeKey)
		v.Text, v.Tone = usageText(v.Usage, v.Known, s.cfg.S3Quota)
	}
	return v, true
}

// usageText is the STORAGE cell: "1.2 GiB 0%", "1.2 GiB…" while counting,
// "unreachable" when the endpoint does not answer.
func usageText(u objstore.BucketUsage, known bool, quota int64) (string, styles.Tone) {
	switch {
	case !known:
		return "scanning…", styles.Dim
	case u.Err != nil && !u.Done:
		return errorWord(u.Err), styles.Bad
	case !u.Done:
		return FormatBytes(u.Bytes) + "…", styles.Dim
	}
	pct := objstore.QuotaPercent(u.Bytes, quota)
	text := fmt.Sprintf("%s %d%%", FormatBytes(u.Bytes), pct)
	tone := styles.Normal
	switch {
	case u.Err != nil:
		text, tone = text+" !", styles.Warn // an older figure; the rescan failed
	case pct >= 100:
		tone = styles.Bad
	case pct >= 90:
		tone = styles.Warn
	}
	return text, tone
}

// errorWord names a failed scan in one word for the column.
func errorWord(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "cannot reach"):
		return "unreachable"
	case strings.Contains(msg, "timed out"):
		return "unreachable (slow)"
	case strings.Contains(msg, "denied"), strings.Contains(msg, "rejected"):
		return "no access"
	case strings.Contains(msg, "does not exist"):
		return "no bucket"
	}
	return "error"
}

var storageColumnHead = table.Column{Title: "STORAGE", Width: 14, Right: true}

func (f *Feature) storageCell(site model.Site) table.Cell {
	v, ok := viewUsage(f.c, f.s, site.Namespace)
	if !ok {
		return table.Cell{}
	}
	return table.Cell{Text: v.Text, Tone: v.Tone}
}

// storageSection is the site detail's object-store block. It is always
// two lines, so the page's layout does not jump when the figures arrive.
func (f *Feature) storageSection(namespace string, _ int) string {
	c, s := f.c, f.s
	v, ok := viewUsage(c, s, namespace)
	if !ok {
		return ""
	}
	st := c.Styles
	label := " " + st.Label.Render("object store") + " "
	indent := strings.Repeat(" ", 14)
	t := v.Target
	switch {
	case t.readAt.IsZero() && t.err == nil:
		return label + st.Paint(styles.Dim, "reading the site's s3 Secret…") + "\n" + indent
	case errors.Is(t.err, actions.ErrNoS3Secret):
		return label + st.Paint(styles.Dim, "no s3 Secret: this site keeps no files in an object store") + "\n" + indent
	case t.err != nil:
		return label + st.Paint(styles.Bad, t.err.Error()) + "\n" + indent
	}
	prefix := t.target.Prefix
	if prefix == "" {
		prefix = "(whole bucket)"
	}
	head := label + fmt.Sprintf("bucket %s · prefix %s · endpoint %s", t.target.Bucket, prefix, t.endpoint)
	return head + "\n" + indent + usageLine(c, v, s.cfg.S3Quota)
}

func usageLine(c *common.Common, v usageView, quota int64) string {
	st := c.Styles
	u := v.Usage
	switch {
	case !v.Known:
		return st.Paint(styles.Dim, "scanning…")
	case !u.Done && u.Err == nil:
		return st.Paint(styles.Dim, fmt.Sprintf("scanning… %s objects, %s so far", thousands(u.Objects), FormatBytes(u.Bytes)))
	case !u.Done:
		return st.Paint(styles.Bad, errorWord(u.Err)+": "+u.Err.Error())
	}
	line := fmt.Sprintf("%s objects · %s (%s bytes) · %d%% of %s quota · scanned %s ago", thousands(u.Objects), FormatBytes(u.Bytes),
		thousands(u.Bytes), objstore.QuotaPercent(u.Bytes, quota), FormatBytes(quota), model.FormatAge(c.Now().Sub(u.Scanned)))
	if u.Err != nil {
		line += st.Paint(styles.Warn, " · rescan failed: "+u.Err.Error())
	}
	return line
}

// thousands is 12345 -> "12,345".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
