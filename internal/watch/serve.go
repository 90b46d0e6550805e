package watch

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"time"
)

// heartbeatInterval is how often --heartbeat is pinged (a dead-man's
// switch such as healthchecks.io expects a ping a minute).
const heartbeatInterval = time.Minute

// healthz answers /healthz with the clusters and open incidents as JSON:
// 200 while the engine runs (a dead cluster is reported in the body, not
// by failing the probe: restarting the watcher would not revive it).
func (e *Engine) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "clusters": e.Statuses(), "openIncidents": len(e.OpenIncidents())})
}

// serveHealth listens on addr until ctx ends. The listener is opened
// before it returns, so a bad address is an error at start.
func (e *Engine) serveHealth(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", e.healthz)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.logf("healthz: %v", err)
		}
	}()
	return nil
}

// heartbeat GETs url every interval while at least one cluster is
// connected: when the watcher dies or loses every cluster, the pings stop
// and the dead-man's switch pages.
func (e *Engine) heartbeat(ctx context.Context, url string, interval time.Duration) {
	client := &http.Client{Timeout: 10 * time.Second}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !e.anyConnected() {
			continue
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			e.logf("heartbeat: %v", err)
			return
		}
		resp, err := client.Do(req)
		if err != nil {
			e.logf("heartbeat: %v", unwrapURLError(err))
			continue
		}
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			e.logf("heartbeat: answered %s", resp.Status)
		}
	}
}

func (e *Engine) anyConnected() bool {
	for _, s := range e.Statuses() {
		if s.State == "connected" && s.Name != DOStatusName {
			return true
		}
	}
	return false
}
