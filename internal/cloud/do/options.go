package do

import (
	"context"
	"time"

	"github.com/digitalocean/godo"
)

// Options returns regions, versions and node sizes for a new cluster. DOKS's
// options carry no prices, so sizes are joined with the droplet size
// catalogue by slug, which gives their prices and regions. A size missing
// from the catalogue keeps zero prices and no regions: Size.Priced reports
// its price unknown, and pricing leaves it out of totals.
func (c *Client) Options(ctx context.Context) (Options, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	opts, _, err := c.godo.Kubernetes.GetOptions(ctx)
	if err != nil {
		return Options{}, wrap("kubernetes options", err)
	}
	catalogue, err := c.listSizes(ctx)
	if err != nil {
		return Options{}, wrap("list sizes", err)
	}
	c.storePrices(catalogue)
	return joinOptions(opts, catalogue), nil
}

func joinOptions(opts *godo.KubernetesOptions, catalogue map[string]godo.Size) Options {
	var out Options
	if opts == nil {
		return out
	}
	for _, r := range opts.Regions {
		if r != nil {
			out.Regions = append(out.Regions, Region{Slug: r.Slug, Name: r.Name})
		}
	}
	for _, v := range opts.Versions {
		if v != nil {
			out.Versions = append(out.Versions, Version{Slug: v.Slug, KubernetesVersion: v.KubernetesVersion})
		}
	}
	for _, s := range opts.Sizes {
		if s == nil {
			continue
		}
		full, ok := catalogue[s.Slug]
		if !ok {
			full = godo.Size{Slug: s.Slug}
		}
		out.Sizes = append(out.Sizes, toSize(full, s.Name))
	}
	return out
}

// listSizes reads the whole droplet size catalogue, following pages.
func (c *Client) listSizes(ctx context.Context) (map[string]godo.Size, error) {
	out := map[string]godo.Size{}
	opt := &godo.ListOptions{PerPage: c.pageSize}
	for {
		page, resp, err := c.godo.Sizes.List(ctx, opt)
		if err != nil {
			return nil, err
		}
		for _, s := range page {
			out[s.Slug] = s
		}
		next, more, err := nextPage(resp)
		if err != nil || !more {
			return out, err
		}
		opt.Page = next
	}
}

func (c *Client) storePrices(catalogue map[string]godo.Size) {
	prices := make(map[string]Size, len(catalogue))
	for slug, s := range catalogue {
		prices[slug] = toSize(s, "")
	}
	c.pricesMu.Lock()
	c.prices, c.pricesAge = prices, time.Now()
	c.pricesMu.Unlock()
}

// cachedPrices returns the size catalogue for costing clusters, reading it
// at most once per priceTTL. Costs are a nicety: on failure it returns nil
// and the caller shows no cost rather than failing the listing.
func (c *Client) cachedPrices(ctx context.Context) map[string]Size {
	c.pricesMu.Lock()
	prices, age := c.prices, c.pricesAge
	c.pricesMu.Unlock()
	if prices != nil && time.Since(age) < priceTTL {
		return prices
	}
	catalogue, err := c.listSizes(ctx)
	if err != nil {
		return prices
	}
	c.storePrices(catalogue)
	c.pricesMu.Lock()
	defer c.pricesMu.Unlock()
	return c.prices
}
