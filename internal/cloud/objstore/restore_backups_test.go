package objstore

import (
	"testing"
	"time"
)

func TestBackupTime(t *testing.T) {
	want := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	for key, ok := range map[string]bool{
		"site/backups/www.example.com-20261203T030000Z.sql.gz": true,
		"www-example-com-20261203T030000Z.sql.gz":              true,
		"site/backups/www.example.com-20261203T030000Z.sql":    false, // not compressed
		"site/backups/www.example.com20261203T030000Z.sql.gz":  false, // no dash
		"site/backups/20261203T030000Z.sql.gz":                 false, // no domain
		"site/backups/www.example.com-2026-12-03.sql.gz":       false,
	} {
		got, found := BackupTime(key)
		if found != ok || ok && !got.Equal(want) {
			t.Errorf("BackupTime(%q) = %v, %v; want ok=%v", key, got, found, ok)
		}
	}
}

// Newest first by the name's time; an object without one sorts by its
// LastModified.
func TestSortBackups(t *testing.T) {
	at := func(s string) time.Time { t, _ := time.Parse(BackupTimeLayout, s); return t }
	bs := []BackupObject{
		{Key: "a-20261201T030000Z.sql.gz", Taken: at("20261201T030000Z")},
		{Key: "manual.sql.gz", LastModified: at("20261202T120000Z")},
		{Key: "a-20261203T030000Z.sql.gz", Taken: at("20261203T030000Z")},
	}
	SortBackups(bs)
	if bs[0].Key != "a-20261203T030000Z.sql.gz" || bs[1].Key != "manual.sql.gz" || bs[2].Name() != "a-20261201T030000Z.sql.gz" {
		t.Errorf("order %v", bs)
	}
}
