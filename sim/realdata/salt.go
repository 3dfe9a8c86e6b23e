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

// ErrSalt is wrapped by the error for a salt file that cannot be used: a
// folder, an empty file, or anything but one line of 2·SaltBytes hex
// digits.
var ErrSalt = errors.New("bad salt file")

// ReadSalt reads the salt kept in path: 2·SaltBytes hex digits on one
// line. found is false, with no error, when path does not exist (and its
// folder could be made); errors about the file wrap ErrSalt. Nothing is
// created: a new salt is made by NewSalt and kept by SaveSalt once it has
// been used.
func ReadSalt(path string) (salt []byte, found bool, err error) {
	want := fmt.Sprintf("want a file holding %d hex digits on one line", 2*SaltBytes)
	if path == "" {
		return nil, false, fmt.Errorf("realdata: %w: no path given; %s", ErrSalt, want)
	}
	info, err := os.Stat(path)
	if err != nil {
		if ferr := checkSaltFolder(path); ferr != nil {
			return nil, false, ferr
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("realdata: salt file %s: %w: %v", path, ErrSalt, err)
	}
	if info.IsDir() {
		return nil, false, fmt.Errorf("realdata: salt file %s: %w: a folder; %s", path,
			ErrSalt, want)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, fmt.Errorf("realdata: salt file %s: %w: %v", path, ErrSalt, err)
	}
	text := strings.TrimSpace(string(data))
	if text == "" {
		return nil, false, fmt.Errorf("realdata: salt file %s: %w: the file is empty; %s",
			path, ErrSalt, want)
	}
	salt, err = hex.DecodeString(text)
	if err != nil || len(salt) != SaltBytes {
		return nil, false, fmt.Errorf("realdata: salt file %s: %w: %s (is it a salt file?)",
			path, ErrSalt, want)
	}
	return salt, true, nil
}

// checkSaltFolder checks that a salt file could be made at path: the
// nearest existing folder above it is a folder, not a file.
func checkSaltFolder(path string) error {
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		switch {
		case err == nil && info.IsDir():
			return nil
		case err == nil:
			return fmt.Errorf("realdata: salt file %s: %w: %s is a file, not a folder", path,
				ErrSalt, dir)
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("realdata: salt file %s: %w: %v", path, ErrSalt, err)
		}
		if parent := filepath.Dir(dir); parent == dir {
			return nil
		}
	}
}

// NewSalt returns a new random salt of SaltBytes bytes.
func NewSalt() ([]byte, error) {
	salt := make([]byte, SaltBytes)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("realdata: new salt: %w", err)
	}
	return salt, nil
}

// SaveSalt keeps salt in path as hex on one line, in a new file readable
// by its owner only, making its folder (readable by its owner only) when
// needed. It refuses to replace an existing file, whose salt others may
// depend on.
func SaveSalt(path string, salt []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("realdata: salt file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("realdata: salt file: %w", err)
	}
	_, err = fmt.Fprintln(f, hex.EncodeToString(salt))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("realdata: salt file: %w", err)
	}
	return nil
}
