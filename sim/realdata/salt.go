package realdata

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// SaltBytes is the length of a salt.
const SaltBytes = 32

// Pseudonymizer replaces raw user ids by salted hashes,
//
//	pseudonym(id) = first 16 hex digits of HMAC-SHA256(salt, id)
//
// Without the salt, which stays with whoever imported the data and is
// never written into a run folder, a pseudonym cannot be traced back to
// its id by hashing candidate ids; with the same salt, the same id gets
// the same pseudonym in every import, so imports can be joined.
type Pseudonymizer struct {
	salt []byte
}

// NewPseudonymizer returns a pseudonymizer with the given salt, which must
// be SaltBytes long.
func NewPseudonymizer(salt []byte) (*Pseudonymizer, error) {
	if len(salt) != SaltBytes {
		return nil, fmt.Errorf("realdata: salt of %d bytes, want %d", len(salt), SaltBytes)
	}
	return &Pseudonymizer{salt: slices.Clone(salt)}, nil
}

// Pseudonym returns the pseudonym of a raw user id.
func (p *Pseudonymizer) Pseudonym(raw string) string {
	m := hmac.New(sha256.New, p.salt)
	m.Write([]byte(raw))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// labels returns the pseudonym of each person: labels[person] is the
// pseudonym of raw[users[person]].
func (p *Pseudonymizer) labels(raw []string, users []int32) []string {
	out := make([]string, len(users))
	for person, u := range users {
		out[person] = p.Pseudonym(raw[u])
	}
	return out
}

// LoadSalt reads the salt kept in path (hex, one line), or creates the
// file with a new random salt, readable by its owner only, when it does
// not exist. created reports the latter.
func LoadSalt(path string) (salt []byte, created bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		salt, err = newSalt(path)
		return salt, err == nil, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("realdata: salt file: %w", err)
	}
	salt, err = hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(salt) != SaltBytes {
		return nil, false, fmt.Errorf("realdata: salt file %s: want %d hex digits on one line",
			path, 2*SaltBytes)
	}
	return salt, false, nil
}

func newSalt(path string) ([]byte, error) {
	salt := make([]byte, SaltBytes)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("realdata: new salt: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("realdata: salt file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("realdata: salt file: %w", err)
	}
	_, err = fmt.Fprintln(f, hex.EncodeToString(salt))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("realdata: salt file: %w", err)
	}
	return salt, nil
}
