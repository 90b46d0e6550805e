package main

import "testing"

func TestMapPaths(t *testing.T) {
	m := mounts{"/backup": "/w/vol/backup", "/secrets/mysql": "/w/vol/secret-mysql", "/secrets": "/w/vol/all", "/mc": "/w/vol/mc"}
	for _, tt := range []struct{ in, want string }{
		{"cat /secrets/mysql/drupal-db-pass.txt", "cat /w/vol/secret-mysql/drupal-db-pass.txt"},
		{"cat /secrets/s3/bucket.txt", "cat /w/vol/all/s3/bucket.txt"},
		{">/backup/stamp", ">/w/vol/backup/stamp"},
		{"/backup", "/w/vol/backup"},
		{"--config-dir /mc --quiet", "--config-dir /w/vol/mc --quiet"},
		{`key="${prefix}backups/x"`, `key="${prefix}backups/x"`},
		{"/backups/x", "/backups/x"},
		{"s3://b/backup/x", "s3://b/backup/x"},
		{"/var/backup", "/var/backup"},
		{"x=/backup:/mc", "x=/w/vol/backup:/w/vol/mc"},
	} {
		if got := m.mapPaths(tt.in); got != tt.want {
			t.Errorf("mapPaths(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
