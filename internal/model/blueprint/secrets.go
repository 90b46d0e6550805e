package blueprint

import (
	"fmt"
	"io"
)

// Secret names and the file names (keys) inside them, as the containers
// read them under /secrets/<secret>/<key>.
const (
	SecretMySQL  = "mysql"
	SecretDrupal = "drupal"
	SecretS3     = "s3"

	KeyDBName     = "drupal-db-name.txt"
	KeyDBUser     = "drupal-db-user.txt"
	KeyDBPass     = "drupal-db-pass.txt"
	KeyRootPass   = "root-pass.txt"
	KeyHashSalt   = "hash-salt.txt"
	KeyEndpoint   = "endpoint.txt"
	KeyRegion     = "region.txt"
	KeyBucket     = "bucket.txt"
	KeyPrefix     = "prefix.txt"
	KeyAccessKey  = "access-key.txt"
	KeySecretKey  = "secret-key.txt"
	defaultDBName = "drupal"
	defaultDBUser = "drupal"
)

// GeneratedSecrets are the credentials fdtui makes up for a new site.
type GeneratedSecrets struct {
	DBName, DBUser, DBPass, DBRootPass, HashSalt string
}

const (
	passwordLength = 32 // ~190 bits of entropy from 62 symbols
	hashSaltLength = 64
	alphanumerics  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// GenerateSecrets makes new passwords and a hash salt from rand
// (crypto/rand.Reader in production). Alphanumeric values need no quoting in
// any config file or shell.
func GenerateSecrets(rand io.Reader) (GeneratedSecrets, error) {
	gen := GeneratedSecrets{DBName: defaultDBName, DBUser: defaultDBUser}
	for _, f := range []struct {
		dst *string
		n   int
	}{{&gen.DBPass, passwordLength}, {&gen.DBRootPass, passwordLength}, {&gen.HashSalt, hashSaltLength}} {
		s, err := randomString(rand, f.n)
		if err != nil {
			return GeneratedSecrets{}, fmt.Errorf("generating secrets: %w", err)
		}
		*f.dst = s
	}
	return gen, nil
}

// randomString draws n symbols from alphanumerics without modulo bias:
// bytes at or above the largest multiple of the alphabet size are dropped.
func randomString(rand io.Reader, n int) (string, error) {
	const limit = 256 - 256%len(alphanumerics)
	out := make([]byte, 0, n)
	buf := make([]byte, n)
	for len(out) < n {
		if _, err := io.ReadFull(rand, buf); err != nil {
			return "", err
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphanumerics[int(b)%len(alphanumerics)])
			}
		}
	}
	return string(out), nil
}

// KeepExisting replaces generated values with the ones already stored in the
// cluster, so re-running the blueprint never changes a password (MariaDB
// only reads them on first start; a new value would lock Drupal out).
// existing maps secret name -> data, as read from the cluster.
func KeepExisting(gen GeneratedSecrets, existing map[string]map[string][]byte) GeneratedSecrets {
	keep := func(dst *string, secret, key string) {
		if v := existing[secret][key]; len(v) > 0 {
			*dst = string(v)
		}
	}
	keep(&gen.DBName, SecretMySQL, KeyDBName)
	keep(&gen.DBUser, SecretMySQL, KeyDBUser)
	keep(&gen.DBPass, SecretMySQL, KeyDBPass)
	keep(&gen.DBRootPass, SecretMySQL, KeyRootPass)
	keep(&gen.HashSalt, SecretDrupal, KeyHashSalt)
	return gen
}

// withGiven lets the values the user typed in the spec win.
func (g GeneratedSecrets) withGiven(db DBCredentials) GeneratedSecrets {
	orString(&db.Name, g.DBName)
	orString(&db.User, g.DBUser)
	orString(&db.Pass, g.DBPass)
	orString(&db.RootPass, g.DBRootPass)
	g.DBName, g.DBUser, g.DBPass, g.DBRootPass = db.Name, db.User, db.Pass, db.RootPass
	return g
}
