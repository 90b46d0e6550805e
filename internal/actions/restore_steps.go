package actions

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
)

// webSelector is the web pods' labels when the scale subresource does
// not report its selector (blueprint: the component label).
const webSelector = "app.kubernetes.io/component=web"

// scaleBackBound bounds the scale-back's patch when ctx is already done:
// the site must not be left at 0 because the user pressed esc.
const scaleBackBound = 30 * time.Second

// scaleDown records web's replica count, scales it to 0 and waits until
// no web pod is left. replicas is -1 when nothing was changed (the read
// or the patch failed), else the count to scale back to.
func (r *restore) scaleDown(ctx context.Context) (replicas int32, err error) {
	const s = RestoreScaleDown
	r.begin(s, "reading web's replica count")
	deps := r.opt.Client.AppsV1().Deployments(r.opt.Namespace)
	sc, err := deps.GetScale(ctx, model.WebDeployment, metav1.GetOptions{})
	if err != nil {
		err = fmt.Errorf("reading deployment/web's scale: %w", err)
		r.end(s, err.Error(), err)
		return -1, err
	}
	n := sc.Spec.Replicas
	r.mu.Lock()
	r.rep.Replicas = n
	r.mu.Unlock()
	if err := r.scaleTo(ctx, 0); err != nil {
		err = fmt.Errorf("scaling web to 0: %w", err)
		r.end(s, err.Error(), err)
		return -1, err
	}
	selector := sc.Status.Selector
	if selector == "" {
		selector = webSelector
	}
	from := fmt.Sprintf("web scaled from %d to 0", n)
	r.note(s, from+"; waiting for its pods to stop")
	err = r.poll(ctx, func(ctx context.Context) (bool, error) {
		pods, err := r.opt.Client.CoreV1().Pods(r.opt.Namespace).List(ctx, metav1.ListOptions{LabelSelector: selector})
		if err != nil {
			return false, err
		}
		if left := len(pods.Items); left > 0 {
			r.note(s, fmt.Sprintf("%s; waiting for %s to stop", from, model.Plural(left, "web pod")))
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		err = fmt.Errorf("%s, but web pods did not all stop: %w", from, err)
		r.end(s, err.Error(), err)
		return n, err
	}
	r.end(s, from+"; no web pod left", nil)
	return n, nil
}

// scaleTo patches web's scale subresource, as kubectl scale does.
func (r *restore) scaleTo(ctx context.Context, n int32) error {
	patch := fmt.Appendf(nil, `{"spec":{"replicas":%d}}`, n)
	_, err := r.opt.Client.AppsV1().Deployments(r.opt.Namespace).Patch(ctx, model.WebDeployment, types.MergePatchType, patch,
		metav1.PatchOptions{}, "scale")
	return err
}

// poll calls check every Poll until it is done, fails, ctx ends or
// ScaleTimeout passes.
func (r *restore) poll(ctx context.Context, check func(context.Context) (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, r.opt.ScaleTimeout)
	defer cancel()
	for {
		done, err := check(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			return err
		case done:
			return nil
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("not within %s", r.opt.ScaleTimeout)
			}
			return ctx.Err()
		case <-time.After(r.opt.Poll):
		}
	}
}

// importBackup streams the backup, decompressed, into the mysql client
// in mysql-0.
func (r *restore) importBackup(ctx context.Context) error {
	const s = RestoreImport
	r.begin(s, "opening "+r.opt.Key)
	fail := func(err error) error {
		if n := r.sql.Load(); n > 0 {
			err = fmt.Errorf("%w (mysql had been sent %s of SQL: the database may now hold part of the backup)", err, model.FormatSize(n))
		}
		r.end(s, err.Error(), err)
		return err
	}
	body, err := r.opt.Open(ctx)
	if err != nil {
		return fail(fmt.Errorf("opening the backup: %w", err))
	}
	defer body.Close()
	compressed := &countingReader{r: body}
	gz, err := gzip.NewReader(compressed)
	if err != nil {
		return fail(fmt.Errorf("the backup is not gzip data: %w", err))
	}
	src := &countingReader{r: gz, n: &r.sql}
	stderr := &tailBuffer{max: stderrKeep}
	stop := r.tick(s, func() string {
		return fmt.Sprintf("%s of SQL into %s so far", model.FormatSize(r.sql.Load()), MySQLPod)
	})
	err = r.opt.Run(ctx, kube.ExecRequest{Namespace: r.opt.Namespace, Pod: MySQLPod, Container: MySQLContainer,
		Command: MySQLImportCommand(), Stdin: src, Stdout: io.Discard, Stderr: stderr})
	stop()
	said := strings.TrimSpace(stderr.String())
	r.mu.Lock()
	r.rep.Stderr = said
	r.mu.Unlock()
	if ctx.Err() != nil {
		return fail(fmt.Errorf("import into %s interrupted", MySQLPod))
	}
	if code, ok := kube.ExitCode(err); ok {
		msg := fmt.Sprintf("import into %s failed: mysql exited %d", MySQLPod, code)
		if said != "" {
			msg += ": " + strings.Join(strings.Fields(said), " ")
		}
		return fail(errors.New(msg))
	}
	if err != nil {
		return fail(fmt.Errorf("import into %s failed: %w", MySQLPod, err))
	}
	if err := src.Err(); err != nil {
		// mysql saw the end of its input early and may have exited 0.
		return fail(fmt.Errorf("reading the backup failed: %w", err))
	}
	r.end(s, fmt.Sprintf("imported %s of SQL (%s compressed) into %s", model.FormatSize(r.sql.Load()), model.FormatSize(compressed.total()), MySQLPod), nil)
	return nil
}

// tick notes step s's progress about twice a second until stop.
func (r *restore) tick(s RestoreStep, detail func() string) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				r.note(s, detail())
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// scaleUp scales web back to n and waits until n pods are Ready. The
// patch runs even when ctx is done; the wait ends with ctx.
func (r *restore) scaleUp(ctx context.Context, n int32) error {
	const s = RestoreScaleUp
	r.begin(s, fmt.Sprintf("scaling web back to %d", n))
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), scaleBackBound)
	err := r.scaleTo(pctx, n)
	cancel()
	if err != nil {
		err = fmt.Errorf("web was NOT scaled back to %d and serves nothing: %w; scale it by hand: kubectl scale deployment/web -n %s --replicas=%d",
			n, err, r.opt.Namespace, n)
		r.end(s, err.Error(), err)
		return err
	}
	to := fmt.Sprintf("web scaled back to %d", n)
	if ctx.Err() != nil {
		r.end(s, to+" (interrupted: not waiting for Ready)", nil)
		return nil
	}
	r.note(s, to+"; waiting for Ready")
	err = r.poll(ctx, func(ctx context.Context) (bool, error) {
		d, err := r.opt.Client.AppsV1().Deployments(r.opt.Namespace).Get(ctx, model.WebDeployment, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		st := d.Status
		r.note(s, fmt.Sprintf("%s; %d/%d Ready", to, st.ReadyReplicas, n))
		return st.ObservedGeneration >= d.Generation && st.ReadyReplicas >= n && st.Replicas == n, nil
	})
	if err != nil {
		err = fmt.Errorf("%s, but it was not Ready: %w", to, err)
		r.end(s, err.Error(), err)
		return err
	}
	r.end(s, fmt.Sprintf("%s; %d/%d Ready", to, n, n), nil)
	return nil
}

// countingReader counts what it reads (into n when set) and keeps the
// first error that is not the end.
type countingReader struct {
	r   io.Reader
	n   *atomic.Int64
	own atomic.Int64
	mu  sync.Mutex
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.own.Add(int64(n))
	if c.n != nil {
		c.n.Add(int64(n))
	}
	if err != nil && !errors.Is(err, io.EOF) {
		c.mu.Lock()
		if c.err == nil {
			c.err = err
		}
		c.mu.Unlock()
	}
	return n, err
}

func (c *countingReader) total() int64 { return c.own.Load() }

// Err is the first read error other than the end of the data.
func (c *countingReader) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
