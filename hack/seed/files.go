package main

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
)

// fileSpec is one object of a site's bucket.
type fileSpec struct {
	Key  string
	Size int64
}

// fileKind is a family of Drupal public files with its size range.
type fileKind struct {
	weight   int
	min, max int64
	key      func(r *rand.Rand, month string, n int) string
}

const kib = 1024

var slugs = []string{
	"team-photo", "hero-banner", "annual-report", "summer-sale", "office-map", "logo",
	"product-shot", "event-flyer", "board-minutes", "newsletter", "staff-portrait", "gallery",
	"price-list", "menu", "brochure", "infographic", "press-kit", "floor-plan",
}

var imageStyles = []string{"thumbnail", "medium", "large", "wide", "hero_1920"}

// fileKinds mirror what a Drupal site's sites/default/files holds: uploads
// by month, derivative image styles, documents, and aggregated CSS/JS.
var fileKinds = []fileKind{
	{weight: 40, min: 15 * kib, max: 250 * kib, key: func(r *rand.Rand, month string, n int) string {
		return fmt.Sprintf("sites/default/files/%s/%s-%d.jpg", month, pick(r, slugs), n)
	}},
	{weight: 10, min: 4 * kib, max: 120 * kib, key: func(r *rand.Rand, month string, n int) string {
		return fmt.Sprintf("sites/default/files/%s/%s-%d.png", month, pick(r, slugs), n)
	}},
	{weight: 25, min: 3 * kib, max: 60 * kib, key: func(r *rand.Rand, month string, n int) string {
		return fmt.Sprintf("sites/default/files/styles/%s/public/%s/%s-%d.jpg", pick(r, imageStyles), month, pick(r, slugs), n)
	}},
	{weight: 8, min: 20 * kib, max: 800 * kib, key: func(r *rand.Rand, month string, n int) string {
		return fmt.Sprintf("sites/default/files/documents/%s/%s-%d.pdf", month, pick(r, slugs), n)
	}},
	{weight: 9, min: 5 * kib, max: 90 * kib, key: func(r *rand.Rand, _ string, _ int) string {
		return fmt.Sprintf("sites/default/files/css/css_%016x.css", r.Uint64())
	}},
	{weight: 8, min: 10 * kib, max: 180 * kib, key: func(r *rand.Rand, _ string, _ int) string {
		return fmt.Sprintf("sites/default/files/js/js_%016x.js", r.Uint64())
	}},
}

func pick(r *rand.Rand, from []string) string { return from[r.IntN(len(from))] }

// siteFiles lists d's objects. It depends only on the domain and the count,
// so every seed run uploads the same keys and sizes.
func siteFiles(d siteDef) []fileSpec {
	h := fnv.New64a()
	h.Write([]byte(d.Domain))
	r := rand.New(rand.NewPCG(h.Sum64(), uint64(d.Files)))
	total := 0
	for _, k := range fileKinds {
		total += k.weight
	}
	seen := map[string]bool{}
	files := make([]fileSpec, 0, d.Files)
	for n := 1; len(files) < d.Files; n++ {
		k := pickKind(r, total)
		month := fmt.Sprintf("%d-%02d", 2023+r.IntN(3), 1+r.IntN(12))
		key := k.key(r, month, n)
		size := k.min + r.Int64N(k.max-k.min)
		if !seen[key] {
			seen[key] = true
			files = append(files, fileSpec{Key: key, Size: size})
		}
	}
	return files
}

func pickKind(r *rand.Rand, total int) fileKind {
	w := r.IntN(total)
	for _, k := range fileKinds {
		if w < k.weight {
			return k
		}
		w -= k.weight
	}
	return fileKinds[len(fileKinds)-1]
}
