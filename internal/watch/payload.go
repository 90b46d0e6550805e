package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// amAlert is one alert of an Alertmanager webhook v4 payload
// (prometheus.io/docs/alerting/latest/configuration/#webhook_config).
type amAlert struct {
	Status       string            `json:"status"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint"`
}

// amPayload is the Alertmanager webhook v4 body, so receivers written for
// Alertmanager (PagerDuty bridges, Grafana OnCall, custom hooks) work.
type amPayload struct {
	Version           string            `json:"version"`
	GroupKey          string            `json:"groupKey"`
	TruncatedAlerts   int               `json:"truncatedAlerts"`
	Status            string            `json:"status"`
	Receiver          string            `json:"receiver"`
	GroupLabels       map[string]string `json:"groupLabels"`
	CommonLabels      map[string]string `json:"commonLabels"`
	CommonAnnotations map[string]string `json:"commonAnnotations"`
	ExternalURL       string            `json:"externalURL"`
	Alerts            []amAlert         `json:"alerts"`
}

// webhookBody is the Alertmanager v4 JSON of one notification: one group
// per site, one alert in it.
func webhookBody(n Notification) amPayload {
	labels, ann := n.labels(), n.annotations()
	alert := amAlert{Status: n.Status, Labels: labels, Annotations: ann, StartsAt: n.StartsAt.UTC(),
		EndsAt: n.EndsAt.UTC(), Fingerprint: n.Fingerprint}
	group := map[string]string{"alertname": labels["alertname"], "cluster": n.Cluster, "site": n.Site}
	return amPayload{
		Version: "4", Status: n.Status, Receiver: "fdtui",
		GroupKey:    fmt.Sprintf(`{}:{alertname=%q, cluster=%q, site=%q}`, labels["alertname"], n.Cluster, n.Site),
		GroupLabels: group, CommonLabels: labels, CommonAnnotations: ann, Alerts: []amAlert{alert},
	}
}

// request builds the HTTP request of one notification for target t.
func (t Target) request(ctx context.Context, n Notification) (*http.Request, error) {
	var body []byte
	contentType := "application/json"
	header := http.Header{}
	switch t.Kind {
	case KindNtfy:
		body, contentType = []byte(n.Text()), "text/plain; charset=utf-8"
		prio, tags := t.Priority, t.Tags
		if n.Status == StatusResolved {
			prio, tags = "default", []string{"white_check_mark"}
		}
		if prio == "" {
			prio = "urgent"
		}
		if len(tags) == 0 {
			tags = []string{"rotating_light"}
		}
		header.Set("Title", n.Title())
		header.Set("Priority", prio)
		header.Set("Tags", strings.Join(tags, ","))
	case KindSlack:
		var err error
		if body, err = json.Marshal(map[string]string{"text": "*" + n.Title() + "*\n" + n.Text()}); err != nil {
			return nil, err
		}
	default:
		var err error
		if body, err = json.Marshal(webhookBody(n)); err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = header
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "fdtui-watch")
	if t.Token != "" {
		req.Header.Set("Authorization", "Bearer "+t.Token)
	}
	return req, nil
}
