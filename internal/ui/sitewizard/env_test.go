package sitewizard

import "testing"

func TestS3FromEnv(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want s3Defaults
	}{
		{name: "local MinIO", env: map[string]string{"FDTUI_S3_ENDPOINT": "127.0.0.1:39000", "FDTUI_S3_ACCESS_KEY": "k", "FDTUI_S3_SECRET_KEY": "s"},
			want: s3Defaults{Endpoint: "http://127.0.0.1:39000", Region: "us-east-1", AccessKey: "k", SecretKey: "s"}},
		{name: "spaces by region", env: map[string]string{"SPACES_ACCESS_KEY_ID": "DO00", "SPACES_SECRET_ACCESS_KEY": "s", "SPACES_REGION": "fra1"},
			want: s3Defaults{Endpoint: "https://fra1.digitaloceanspaces.com", Region: "fra1", AccessKey: "DO00", SecretKey: "s"}},
		{name: "spaces endpoint url", env: map[string]string{"AWS_ACCESS_KEY_ID": "DO00", "AWS_SECRET_ACCESS_KEY": "s", "SPACES_ENDPOINT": "https://ams3.digitaloceanspaces.com"},
			want: s3Defaults{Endpoint: "https://ams3.digitaloceanspaces.com", Region: "ams3", AccessKey: "DO00", SecretKey: "s"}},
		{name: "nothing set", env: map[string]string{},
			want: s3Defaults{Endpoint: "https://nyc3.digitaloceanspaces.com", Region: "nyc3"}},
		{name: "half a key pair", env: map[string]string{"FDTUI_S3_ACCESS_KEY": "k"},
			want: s3Defaults{Endpoint: "https://nyc3.digitaloceanspaces.com", Region: "nyc3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := s3FromEnv(func(k string) string { return tc.env[k] }); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
