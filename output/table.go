package output

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"reflect"
)

// Table writes rows of the struct type T to one file of a run, named
// after the table with the run's extension: table "visits" of a Parquet
// run is visits.parquet. A Table is not safe for concurrent use; distinct
// tables of one run may be written from distinct goroutines.
//
// Writes are buffered and Close flushes them. The first error is kept:
// later Writes do nothing and return it, and Close returns it again, so a
// caller that checks only Close still learns of it.
type Table[T any] struct {
	run    *Run
	name   string
	key    string // the file name: name plus the format's extension
	file   *os.File
	digest *digestWriter
	enc    encoder[T]
	rows   int64
	err    error
	closed bool
}

// encoder turns rows into the bytes of one file format.
type encoder[T any] interface {
	// encode appends rows to the file, buffering as it likes.
	encode(rows []T) error
	// finish writes everything still buffered and any file footer.
	finish() error
}

// NewTable starts the table name in run r. The name becomes the file name
// and the key in Manifest.Rows; it may hold letters, digits, '_', '-' and
// '.', not first. T must be a struct; its exported fields are the
// columns, named by their `parquet` struct tags.
func NewTable[T any](r *Run, name string) (*Table[T], error) {
	return NewTableAs[T](r, name, r.format)
}

// NewTableAs is NewTable in a format other than the run's, for a table
// that readers want in both (the metrics, say). The two files of such a
// table share its entry in Manifest.Rows.
func NewTableAs[T any](r *Run, name string, format Format) (*Table[T], error) {
	if reflect.TypeFor[T]().Kind() != reflect.Struct {
		return nil, fmt.Errorf("output: table %s: row type %v is not a "+
			"struct", name, reflect.TypeFor[T]())
	}
	if !format.valid() {
		return nil, fmt.Errorf("output: table %s: invalid format %d", name, format)
	}
	key := name + format.Ext()
	f, err := r.openTable(name, key)
	if err != nil {
		return nil, err
	}
	t := &Table[T]{run: r, name: name, key: key, file: f, digest: newDigestWriter(f)}
	t.enc, err = newEncoder[T](format, t.digest, r.opts)
	if err != nil {
		r.dropTable(key, f)
		return nil, fmt.Errorf("output: table %s: %w", name, err)
	}
	return t, nil
}

func newEncoder[T any](f Format, w io.Writer, opts CreateOptions) (
	encoder[T], error) {
	if f == CSV {
		return newCSVEncoder[T](w)
	}
	return newParquetEncoder[T](w, opts.RowGroupRows)
}

// Write appends rows to the table. It keeps no reference to rows, so the
// caller may reuse the slice as soon as Write returns.
func (t *Table[T]) Write(rows []T) error {
	if t.err != nil {
		return t.err
	}
	if t.closed {
		return fmt.Errorf("output: write table %s: %w", t.name, fs.ErrClosed)
	}
	if err := t.enc.encode(rows); err != nil {
		return t.fail(err)
	}
	t.rows += int64(len(rows))
	return nil
}

// Close flushes the table, closes its file and records the file in the
// run for the manifest. Closing twice returns the first result.
func (t *Table[T]) Close() error {
	if t.closed {
		return t.err
	}
	t.closed = true
	if t.err == nil {
		t.fail(t.enc.finish())
	}
	if t.err == nil {
		t.fail(t.file.Sync())
	}
	if err := t.file.Close(); t.err == nil {
		t.fail(err)
	}
	if !t.run.closeTable(t.key, t.info(), t.err) {
		t.err = fmt.Errorf("output: close table %s: %w", t.name, errAborted)
	}
	return t.err
}

var errAborted = errors.New("run was aborted")

// fail keeps err, wrapped once with the table's name, if it is the first.
func (t *Table[T]) fail(err error) error {
	if err != nil && t.err == nil {
		t.err = fmt.Errorf("output: write table %s: %w", t.name, err)
	}
	return t.err
}

func (t *Table[T]) info() FileInfo {
	return FileInfo{
		Name:   t.key,
		Rows:   t.rows,
		Bytes:  t.digest.n,
		SHA256: t.digest.sum(),
	}
}

// WriteTable writes rows as the whole table name of run r: it creates the
// table, writes the rows and closes it.
func WriteTable[T any](r *Run, name string, rows []T) error {
	return WriteTableAs(r, name, r.format, rows)
}

// WriteTableAs is WriteTable in the given format.
func WriteTableAs[T any](r *Run, name string, format Format, rows []T) error {
	t, err := NewTableAs[T](r, name, format)
	if err != nil {
		return err
	}
	t.Write(rows) // Close reports the same error
	return t.Close()
}

// digestWriter passes writes to a file while hashing and counting them,
// so the manifest's digest needs no second pass over the file.
type digestWriter struct {
	w    io.Writer
	hash hash.Hash
	n    int64
}

func newDigestWriter(f io.Writer) *digestWriter {
	h := sha256.New()
	return &digestWriter{w: io.MultiWriter(f, h), hash: h}
}

// Write writes p to the file and the hash, counting the bytes.
func (d *digestWriter) Write(p []byte) (int, error) {
	n, err := d.w.Write(p)
	d.n += int64(n)
	return n, err
}

func (d *digestWriter) sum() string {
	return hex.EncodeToString(d.hash.Sum(nil))
}
