package blueprint

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"strings"
	"testing"
)

// countingReader yields 0, 1, 2, ... 255, 0, ... — deterministic and
// covering the bytes randomString must reject.
type countingReader struct{ next byte }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.next
		r.next++
	}
	return len(p), nil
}

func TestGenerateSecretsDeterministic(t *testing.T) {
	a, err := GenerateSecrets(&countingReader{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := GenerateSecrets(&countingReader{})
	if a != b {
		t.Fatal("same reader, different secrets")
	}
	if a.DBName != "drupal" || a.DBUser != "drupal" {
		t.Errorf("names = %q/%q", a.DBName, a.DBUser)
	}
	if len(a.DBPass) != passwordLength || len(a.DBRootPass) != passwordLength || len(a.HashSalt) != hashSaltLength {
		t.Errorf("lengths %d/%d/%d", len(a.DBPass), len(a.DBRootPass), len(a.HashSalt))
	}
	if a.DBPass == a.DBRootPass {
		t.Error("database and root passwords are equal")
	}
	if !strings.HasPrefix(a.DBPass, "ABCDEFGHIJ") {
		t.Errorf("DBPass = %q, want the alphabet in order from a counting reader", a.DBPass)
	}
}

func TestGenerateSecretsRandom(t *testing.T) {
	a, err := GenerateSecrets(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := GenerateSecrets(rand.Reader)
	if a.DBPass == b.DBPass || a.HashSalt == b.HashSalt {
		t.Fatal("two runs gave the same password")
	}
	for _, r := range a.DBPass + a.DBRootPass + a.HashSalt {
		if !strings.ContainsRune(alphanumerics, r) {
			t.Fatalf("symbol %q outside the alphabet", r)
		}
	}
}

// TestRandomStringRejectsBiasedBytes feeds only bytes >= 248, which must
// all be dropped, then a usable one.
func TestRandomStringRejectsBiasedBytes(t *testing.T) {
	input := append(bytes.Repeat([]byte{255, 248}, 4), 61, 0)
	got, err := randomString(bytes.NewReader(input), 2)
	if err != nil {
		t.Fatal(err)
	}
	if got != "9A" {
		t.Fatalf("got %q, want %q", got, "9A")
	}
}

func TestGenerateSecretsReaderError(t *testing.T) {
	_, err := GenerateSecrets(io.LimitReader(&countingReader{}, 10))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v", err)
	}
}

func TestKeepExisting(t *testing.T) {
	gen := fixedSecrets()
	tests := []struct {
		name     string
		existing map[string]map[string][]byte
		want     GeneratedSecrets
	}{
		{name: "new site", existing: nil, want: gen},
		{
			name: "re-run keeps every stored value",
			existing: map[string]map[string][]byte{
				SecretMySQL: {
					KeyDBName: []byte("acme"), KeyDBUser: []byte("acme_user"),
					KeyDBPass: []byte("storedPass"), KeyRootPass: []byte("storedRoot"),
				},
				SecretDrupal: {KeyHashSalt: []byte("storedSalt")},
			},
			want: GeneratedSecrets{"acme", "acme_user", "storedPass", "storedRoot", "storedSalt"},
		},
		{
			name: "missing or empty keys are generated",
			existing: map[string]map[string][]byte{
				SecretMySQL: {KeyDBPass: []byte("storedPass"), KeyRootPass: {}},
			},
			want: GeneratedSecrets{gen.DBName, gen.DBUser, "storedPass", gen.DBRootPass, gen.HashSalt},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KeepExisting(gen, tt.existing); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
