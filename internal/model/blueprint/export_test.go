package blueprint

import (
	"reflect"
	"strings"
	"testing"
)

func TestSecretKeys(t *testing.T) {
	objs, err := Build(fullSpec(), fixedSecrets())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"mysql":         {KeyDBName, KeyDBPass, KeyDBUser, KeyRootPass},
		"drupal":        {KeyHashSalt},
		"s3":            {KeyAccessKey, KeyBucket, KeyEndpoint, KeyPrefix, KeyRegion, KeySecretKey},
		"acme-registry": {".dockerconfigjson"},
	}
	if got := SecretKeys(objs); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}

func TestExportYAMLRedactsWithoutTouchingInput(t *testing.T) {
	objs, err := Build(fullSpec(), fixedSecrets())
	if err != nil {
		t.Fatal(err)
	}
	out, err := ExportYAML(objs, true)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), "\n---\n") + 1; n != len(objs) {
		t.Errorf("%d documents, want %d", n, len(objs))
	}
	if strings.Count(string(out), Redacted) != 12 {
		t.Errorf("want 12 redacted values:\n%s", out)
	}
	data := find(t, objs, "Secret", "mysql").Object["data"].(map[string]any)
	if data[KeyDBPass] == Redacted {
		t.Fatal("ExportYAML redacted the caller's object")
	}
}
