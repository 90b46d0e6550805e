package objstore

import "testing"

func TestConfigFromEnv(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want Config
		ok   bool
	}{
		{name: "no keys", env: map[string]string{"SPACES_ENDPOINT": "fra1.digitaloceanspaces.com"}},
		{name: "half a key pair", env: map[string]string{"SPACES_ACCESS_KEY_ID": "DO00AAAA"}},
		{name: "spaces keys default to nyc3 over TLS",
			env:  map[string]string{"SPACES_ACCESS_KEY_ID": "DO00AAAA", "SPACES_SECRET_ACCESS_KEY": "s3cr3t"},
			want: Config{Endpoint: "nyc3.digitaloceanspaces.com", Region: "nyc3", AccessKey: "DO00AAAA", SecretKey: "s3cr3t", Secure: true}, ok: true},
		{name: "region picks the endpoint",
			env:  map[string]string{"SPACES_ACCESS_KEY_ID": "k", "SPACES_SECRET_ACCESS_KEY": "s", "SPACES_REGION": "ams3"},
			want: Config{Endpoint: "ams3.digitaloceanspaces.com", Region: "ams3", AccessKey: "k", SecretKey: "s", Secure: true}, ok: true},
		{name: "endpoint names the region",
			env:  map[string]string{"SPACES_ACCESS_KEY_ID": "k", "SPACES_SECRET_ACCESS_KEY": "s", "SPACES_ENDPOINT": "https://sgp1.digitaloceanspaces.com"},
			want: Config{Endpoint: "https://sgp1.digitaloceanspaces.com", Region: "sgp1", AccessKey: "k", SecretKey: "s", Secure: true}, ok: true},
		{name: "AWS keys and a plain-http local endpoint",
			env:  map[string]string{"AWS_ACCESS_KEY_ID": "minio", "AWS_SECRET_ACCESS_KEY": "minio123", "SPACES_ENDPOINT": "http://127.0.0.1:9000"},
			want: Config{Endpoint: "http://127.0.0.1:9000", Region: "nyc3", AccessKey: "minio", SecretKey: "minio123"}, ok: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ConfigFromEnv(func(k string) string { return tc.env[k] })
			if ok != tc.ok || got != tc.want {
				t.Errorf("got %+v %v, want %+v %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestEndpointForms(t *testing.T) {
	cases := []struct {
		cfg        Config
		host       string
		secure, ok bool
	}{
		{Config{Endpoint: "127.0.0.1:9000"}, "127.0.0.1:9000", false, true},
		{Config{Endpoint: "nyc3.digitaloceanspaces.com", Secure: true}, "nyc3.digitaloceanspaces.com", true, true},
		{Config{Endpoint: "http://127.0.0.1:9000/", Secure: true}, "127.0.0.1:9000", false, true},
		{Config{Endpoint: "https://fra1.digitaloceanspaces.com"}, "fra1.digitaloceanspaces.com", true, true},
		{Config{Endpoint: "ftp://x"}, "", false, false},
		{Config{Endpoint: " "}, "", false, false},
	}
	for _, tc := range cases {
		host, secure, err := tc.cfg.hostAndTLS()
		if (err == nil) != tc.ok || host != tc.host || secure != tc.secure {
			t.Errorf("%q: %q %v %v", tc.cfg.Endpoint, host, secure, err)
		}
	}
}

func TestQuotaPercent(t *testing.T) {
	const gib = int64(1) << 30
	cases := []struct {
		bytes, quota int64
		want         int
	}{
		{0, 0, 0},
		{-5, 0, 0},
		{125 * gib, 0, 50},
		{250 * gib, 0, 100},
		{250*gib - 1, 0, 99},
		{375 * gib, 0, 150},
		{1 * gib, 4 * gib, 25},
		{1 << 62, 0, 1717986918}, // 2^32/250 quotas, no overflow
	}
	for _, tc := range cases {
		if got := QuotaPercent(tc.bytes, tc.quota); got != tc.want {
			t.Errorf("QuotaPercent(%d, %d) = %d, want %d", tc.bytes, tc.quota, got, tc.want)
		}
	}
}
