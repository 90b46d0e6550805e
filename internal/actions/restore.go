package actions

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// RestoreStep is a step of RestoreDatabase, in order.
type RestoreStep int

const (
	// RestoreScaleDown: web scaled to 0, then waiting until no web pod is
	// left (none serves, none writes to the database).
	RestoreScaleDown RestoreStep = iota
	// RestoreImport: the backup streamed from the bucket, decompressed,
	// into the mysql client in mysql-0.
	RestoreImport
	// RestoreScaleUp: web scaled back to its replica count, then waiting
	// until that many pods are Ready.
	RestoreScaleUp
	// RestoreSteps is how many steps there are.
	RestoreSteps
)

// StepState is where one step is.
type StepState int

const (
	StepPending StepState = iota
	StepRunning
	StepOK
	StepFailed
	// StepSkipped: not run because an earlier step failed.
	StepSkipped
)

// StepReport is one step's state, what it did (Detail, one line, no
// secret) and how long it took (so far, while running).
type StepReport struct {
	State    StepState
	Detail   string
	Duration time.Duration
}

// RestoreReport is what RestoreDatabase did, or has done so far.
type RestoreReport struct {
	Namespace string
	// Key is the backup object's key in the bucket.
	Key string
	// Replicas is web's replica count before the restore: what it is
	// scaled back to.
	Replicas int32
	Steps    [RestoreSteps]StepReport
	// SQLBytes counts the decompressed bytes sent to mysql.
	SQLBytes int64
	// Stderr is the end (at most stderrKeep bytes) of what mysql wrote to
	// its standard error.
	Stderr string
}

// RestoreOptions is one restore and what it runs with.
type RestoreOptions struct {
	Namespace string
	// Key names the backup (for the report).
	Key string
	// Open streams the backup object as stored (gzip); called once, in
	// the import step.
	Open   func(ctx context.Context) (io.ReadCloser, error)
	Client kubernetes.Interface
	// Run execs in a container (ExecOn in the app).
	Run Run
	// Now is the clock durations are measured with; nil is time.Now.
	Now func() time.Time
	// Poll is how often pods and the Deployment are read while waiting
	// (0: 500 ms).
	Poll time.Duration
	// ScaleTimeout bounds each wait: web pods gone, web Ready again
	// (0: 5 min, web's terminationGracePeriodSeconds is 30 s).
	ScaleTimeout time.Duration
}

// The database pod and container of a Flight Deck site (the mysql
// StatefulSet's only pod).
const (
	MySQLPod       = model.MySQLStatefulSet + "-0"
	MySQLContainer = blueprint.ComponentMySQL
)

// stderrKeep is how much of mysql's stderr is kept: its error is at the
// end, and a dump's import writes nothing there when it goes well.
const stderrKeep = 4096

// MySQLImportCommand is the command that reads SQL on stdin into the
// site's database in the mysql container. The credentials are read in
// the container from the Secret files mounted there
// (/secrets/mysql/drupal-db-*.txt, blueprint.KeyDB*): the password goes
// to the client through an option file on file descriptor 3 (a here-doc,
// written by the shell's builtins), never through an argument or the
// environment, so it is in no process list, exec request or log. It
// runs as the site's database user (who owns the database), with
// mariadb (MariaDB 11 images have no mysql command) or mysql. The
// password is quoted for the option file: a value with a double quote
// or a backslash in it would be misread.
func MySQLImportCommand() []string {
	const dir = "/secrets/" + blueprint.SecretMySQL + "/"
	script := `set -e
db=$(cat ` + dir + blueprint.KeyDBName + `)
user=$(cat ` + dir + blueprint.KeyDBUser + `)
pass=$(cat ` + dir + blueprint.KeyDBPass + `)
exec 3<<EOF
[client]
user="$user"
password="$pass"
EOF
unset pass
client=mariadb
command -v mariadb >/dev/null 2>&1 || client=mysql
exec "$client" --defaults-extra-file=/dev/fd/3 --database="$db"`
	return []string{"sh", "-c", script}
}

// RestoreDatabase replaces the site's database with a backup, in three
// steps (RestoreStep): web scaled to 0 and no web pod left, the backup
// imported, web scaled back to the count it had and Ready. The backup is
// decompressed here (compress/gzip), so a truncated or corrupt object is
// caught by its checksum and the container needs no gzip; the cost is
// that the exec stream carries the uncompressed SQL.
//
// Whatever happens after web was scaled down (the wait times out, the
// import fails, ctx is cancelled), web is scaled back: the scale-back
// runs even when ctx is done (under its own 30 s bound), and only its
// wait for Ready ends with ctx. The error then says what failed and what
// state web was left in; a failed scale-back says to do it by hand.
//
// progress (may be nil) gets the report at every change and about twice
// a second during the import, one call at a time, from RestoreDatabase's
// goroutines. Errors: the steps', each naming the step.
func RestoreDatabase(ctx context.Context, opt RestoreOptions, progress func(RestoreReport)) (RestoreReport, error) {
	r := &restore{opt: opt.withDefaults(), progress: progress}
	r.rep = RestoreReport{Namespace: opt.Namespace, Key: opt.Key}
	return r.run(ctx)
}

func (o RestoreOptions) withDefaults() RestoreOptions {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Poll <= 0 {
		o.Poll = 500 * time.Millisecond
	}
	if o.ScaleTimeout <= 0 {
		o.ScaleTimeout = 5 * time.Minute
	}
	return o
}

// restore is one run: its report, guarded for the progress ticker.
type restore struct {
	opt      RestoreOptions
	progress func(RestoreReport)

	mu      sync.Mutex
	rep     RestoreReport
	started [RestoreSteps]time.Time
	sql     atomic.Int64
}

func (r *restore) run(ctx context.Context) (RestoreReport, error) {
	replicas, err := r.scaleDown(ctx)
	if err != nil && replicas < 0 {
		r.skipFrom(RestoreImport) // nothing changed: web was not scaled
		return r.snapshot(), err
	}
	if err != nil {
		r.skip(RestoreImport)
		return r.snapshot(), r.withScaleBack(fmt.Errorf("%w; nothing was imported", err), r.scaleUp(ctx, replicas))
	}
	importErr := r.importBackup(ctx)
	upErr := r.scaleUp(ctx, replicas)
	if importErr != nil {
		return r.snapshot(), r.withScaleBack(importErr, upErr)
	}
	return r.snapshot(), upErr
}

// withScaleBack adds the scale-back's outcome to an earlier step's
// failure: the user must know whether the site serves again.
func (r *restore) withScaleBack(err, upErr error) error {
	if upErr != nil {
		return fmt.Errorf("%w; and %w", err, upErr)
	}
	r.mu.Lock()
	back := r.rep.Steps[RestoreScaleUp].Detail
	r.mu.Unlock()
	return fmt.Errorf("%w; %s", err, back)
}

// begin marks step s running.
func (r *restore) begin(s RestoreStep, detail string) {
	r.mu.Lock()
	r.started[s] = r.opt.Now()
	r.rep.Steps[s] = StepReport{State: StepRunning, Detail: detail}
	r.mu.Unlock()
	r.report()
}

// note updates a running step's detail.
func (r *restore) note(s RestoreStep, detail string) {
	r.mu.Lock()
	r.rep.Steps[s].Detail = detail
	r.mu.Unlock()
	r.report()
}

// end marks step s done (err nil) or failed.
func (r *restore) end(s RestoreStep, detail string, err error) {
	r.mu.Lock()
	st := StepOK
	if err != nil {
		st = StepFailed
	}
	r.rep.Steps[s] = StepReport{State: st, Detail: detail, Duration: r.opt.Now().Sub(r.started[s])}
	r.mu.Unlock()
	r.report()
}

func (r *restore) skip(s RestoreStep) {
	r.mu.Lock()
	r.rep.Steps[s].State = StepSkipped
	r.mu.Unlock()
}

func (r *restore) skipFrom(s RestoreStep) {
	for ; s < RestoreSteps; s++ {
		r.skip(s)
	}
	r.report()
}

// snapshot is the report now, with running steps' durations so far.
func (r *restore) snapshot() RestoreReport {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := r.rep
	rep.SQLBytes = r.sql.Load()
	for s := range rep.Steps {
		if rep.Steps[s].State == StepRunning {
			rep.Steps[s].Duration = r.opt.Now().Sub(r.started[s])
		}
	}
	return rep
}

// report sends the snapshot to progress, one call at a time.
func (r *restore) report() {
	if r.progress == nil {
		return
	}
	rep := r.snapshot()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.progress(rep)
}
