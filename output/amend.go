package output

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Amend reopens the finished run in dir to add tables to it, such as the
// metrics of a later analysis. It prepares a partial folder holding the
// run's files (hard links where the file system allows, copies
// otherwise), except those of the tables named in drop, which the caller
// means to write anew. Commit then replaces the run as a whole, with a
// manifest listing old and new files; Abort leaves the run as it was.
// The returned manifest is the run's, for the caller to update.
func Amend(dir string, drop ...string) (*Run, *Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, nil, err
	}
	r, err := Create(dir, m.Format, CreateOptions{Overwrite: true})
	if err != nil {
		return nil, nil, err
	}
	for _, info := range m.Files {
		table := strings.TrimSuffix(info.Name, filepath.Ext(info.Name))
		if slices.Contains(drop, table) {
			continue
		}
		src, dst := filepath.Join(r.dir, info.Name), filepath.Join(r.tmp, info.Name)
		if err := carry(src, dst); err != nil {
			r.Abort()
			return nil, nil, fmt.Errorf("output: amend %s: %w", dir, err)
		}
		r.files[info.Name] = info
	}
	return r, m, nil
}

// carry makes dst a hard link to src, or a copy where links fail.
func carry(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
