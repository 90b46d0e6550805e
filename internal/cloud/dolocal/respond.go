package dolocal

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/digitalocean/godo"
)

// rateLimit is DO's default of 5,000 requests per hour.
const rateLimit = 5000

// apiError is DO's error body.
type apiError struct {
	ID      string `json:"id"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, id, message string) {
	writeJSON(w, status, apiError{ID: id, Message: message})
}

func notFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, "not_found", "The resource you were accessing could not be found.")
}

func unprocessable(w http.ResponseWriter, format string, args ...any) {
	writeError(w, http.StatusUnprocessableEntity, "unprocessable_entity", fmt.Sprintf(format, args...))
}

// setRateHeaders sends DO's RateLimit-* headers, which godo parses into
// Response.Rate.
func setRateHeaders(w http.ResponseWriter, served int, now time.Time) {
	remaining := rateLimit - served%rateLimit
	w.Header().Set("RateLimit-Limit", strconv.Itoa(rateLimit))
	w.Header().Set("RateLimit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("RateLimit-Reset", strconv.FormatInt(now.Truncate(time.Hour).Add(time.Hour).Unix(), 10))
}

// page cuts [0,total) per DO's page/per_page (default 20, max 200) and
// builds the links and meta DO returns, absolute URLs included, since godo
// reads the current page from links.pages.prev.
type page struct {
	start, end int
	links      *godo.Links
	meta       *godo.Meta
}

func paginate(r *http.Request, total int) page {
	perPage := queryInt(r, "per_page", 20)
	if perPage < 1 || perPage > 200 {
		perPage = 20
	}
	last := max(1, (total+perPage-1)/perPage)
	current := min(max(1, queryInt(r, "page", 1)), last)
	link := func(n int) string { return pageURL(r, n, perPage) }
	pages := &godo.Pages{}
	if current > 1 {
		pages.First, pages.Prev = link(1), link(current-1)
	}
	if current < last {
		pages.Next, pages.Last = link(current+1), link(last)
	}
	start := min((current-1)*perPage, total)
	return page{
		start: start, end: min(start+perPage, total),
		links: &godo.Links{Pages: pages},
		meta:  &godo.Meta{Total: total},
	}
}

func pageURL(r *http.Request, n, perPage int) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return fmt.Sprintf("%s://%s%s?page=%d&per_page=%d", scheme, r.Host, r.URL.Path, n, perPage)
}

func queryInt(r *http.Request, key string, def int) int {
	v, err := strconv.Atoi(r.URL.Query().Get(key))
	if err != nil {
		return def
	}
	return v
}

// decodeBody reads a JSON request body into v; on malformed JSON it
// answers 400 the way DO does and reports false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "request body is not valid JSON")
		return false
	}
	return true
}
