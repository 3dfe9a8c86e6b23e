package output_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/scantrail/scantrail/output"
)

func TestParquetRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	want := samples(1000)
	commitTable(t, dir, output.Parquet, want)

	got, err := output.ReadParquet[sample](filepath.Join(dir,
		"samples.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("read back %d rows that differ from the %d written",
			len(got), len(want))
	}
}

func TestEmptyTables(t *testing.T) {
	for _, f := range []output.Format{output.Parquet, output.CSV} {
		dir := filepath.Join(t.TempDir(), "run")
		commitTable(t, dir, f, nil)
		if err := output.VerifyFiles(dir); err != nil {
			t.Errorf("%v: VerifyFiles() = %v", f, err)
		}
		m, err := output.ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Rows["samples"]; got != 0 || len(m.Rows) != 1 {
			t.Errorf("%v: manifest rows = %v, want samples: 0", f, m.Rows)
		}
	}
}

func TestParquetSchema(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	commitTable(t, dir, output.Parquet, samples(10))
	pf := openParquet(t, filepath.Join(dir, "samples.parquet"))

	want := []string{
		"person_id INT32 INT(32,true)",
		"time INT64 TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS)",
		"score DOUBLE <nil>",
		"weight FLOAT <nil>",
		"seen BOOLEAN <nil>",
		"kind BYTE_ARRAY STRING",
		"note BYTE_ARRAY STRING",
	}
	var got []string
	for _, f := range pf.Schema().Fields() {
		typ := f.Type()
		got = append(got, strings.Join([]string{f.Name(),
			typ.Kind().String(), stringOf(typ.LogicalType())}, " "))
	}
	if !slices.Equal(got, want) {
		t.Errorf("columns:\n got %q\nwant %q", got, want)
	}
	if got := pf.NumRows(); got != 10 {
		t.Errorf("NumRows() = %d, want 10", got)
	}
}

func stringOf(v interface{ String() string }) string {
	if v == nil || v == (*format.LogicalType)(nil) {
		return "<nil>"
	}
	return v.String()
}

func TestParquetEncodings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	commitTable(t, dir, output.Parquet, samples(10))
	pf := openParquet(t, filepath.Join(dir, "samples.parquet"))

	for _, c := range pf.Metadata().RowGroups[0].Columns {
		md := c.MetaData
		name := strings.Join(md.PathInSchema, ".")
		if md.Codec != format.Zstd {
			t.Errorf("column %s codec = %v, want ZSTD", name, md.Codec)
		}
		dict := slices.Contains(md.Encoding, format.RLEDictionary)
		if want := name == "kind"; dict != want {
			t.Errorf("column %s dictionary encoded = %v, want %v",
				name, dict, want)
		}
	}
}

func TestParquetRowGroups(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	r, err := output.Create(dir, output.Parquet,
		output.CreateOptions{RowGroupRows: 100}) // rounded up to 128
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	if err := output.WriteTable(r, "samples", samples(1000)); err != nil {
		t.Fatal(err)
	}
	if err := r.Commit(output.Manifest{}); err != nil {
		t.Fatal(err)
	}
	pf := openParquet(t, filepath.Join(dir, "samples.parquet"))
	if got, want := len(pf.RowGroups()), 8; got != want {
		t.Errorf("row groups = %d, want %d", got, want)
	}
	if got, want := pf.NumRows(), int64(1000); got != want {
		t.Errorf("NumRows() = %d, want %d", got, want)
	}
}

func openParquet(t *testing.T, path string) *parquet.File {
	t.Helper()
	data := readFile(t, path)
	pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return pf
}

func TestCSV(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	commitTable(t, dir, output.CSV, samples(4))

	got := string(readFile(t, dir, "samples.csv"))
	want := `person_id,time,score,weight,seen,kind,note
0,2022-05-02T08:45:00.000Z,0,0,true,cafe,
1,2022-05-02T08:46:01.001Z,0.3333333333333333,0.25,false,bank,"a, b"
2,2022-05-02T08:47:02.002Z,0.6666666666666666,0.5,true,metro_station,"say ""hi"""
3,2022-05-02T08:48:03.003Z,1,0.75,false,cafe," lead"
`
	if got != want {
		t.Errorf("samples.csv:\n got %q\nwant %q", got, want)
	}
}

func TestReadCSVRows(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	commitTable(t, dir, output.CSV, samples(4))

	header, rows, err := output.ReadCSVRows(filepath.Join(dir,
		"samples.csv"))
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"person_id", "time", "score", "weight", "seen",
		"kind", "note"}
	if !slices.Equal(header, wantHeader) {
		t.Errorf("header = %q, want %q", header, wantHeader)
	}
	if len(rows) != 4 {
		t.Fatalf("got %d rows, want 4", len(rows))
	}
	if got, want := rows[2][6], `say "hi"`; got != want {
		t.Errorf("rows[2] note = %q, want %q", got, want)
	}

	empty := filepath.Join(t.TempDir(), "empty.csv")
	os.WriteFile(empty, nil, 0o644)
	if _, _, err := output.ReadCSVRows(empty); !errors.Is(err,
		output.ErrNoHeader) {
		t.Errorf("ReadCSVRows(empty) error = %v, want ErrNoHeader", err)
	}
}

func TestNewTableErrors(t *testing.T) {
	type unsupported struct {
		Tags []string `parquet:"tags"`
	}
	type badTag struct {
		Time int64 `parquet:"time,timestamp(fortnight)"`
	}
	dir := filepath.Join(t.TempDir(), "run")
	r, err := output.Create(dir, output.CSV, output.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	if _, err := output.NewTable[sample](r, "dup"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		new  func() error
	}{
		{"empty name", newTable[sample](r, "")},
		{"hidden name", newTable[sample](r, ".x")},
		{"path", newTable[sample](r, "a/b")},
		{"duplicate", newTable[sample](r, "dup")},
		{"not a struct", newTable[int](r, "ints")},
		{"slice field", newTable[unsupported](r, "unsupported")},
		{"bad timestamp", newTable[badTag](r, "bad")},
	}
	for _, tt := range tests {
		if err := tt.new(); err == nil {
			t.Errorf("%s: NewTable succeeded, want error", tt.name)
		}
	}
	if got, want := entries(t, filepath.Dir(dir)), 1; len(got) != want {
		t.Errorf("folders beside the run = %q, want only the partial", got)
	}
}

func TestNewTableBadParquetTag(t *testing.T) {
	type badTag struct {
		Time int64 `parquet:"time,timestamp(fortnight)"`
	}
	r, err := output.Create(filepath.Join(t.TempDir(), "run"),
		output.Parquet, output.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	if err := newTable[badTag](r, "bad")(); err == nil {
		t.Errorf("NewTable with a bad tag succeeded, want error")
	}
	if err := newTable[badTag](r, "bad")(); err == nil ||
		strings.Contains(err.Error(), "already exists") {
		t.Errorf("second NewTable error = %v, want the tag error again", err)
	}
}

func newTable[T any](r *output.Run, name string) func() error {
	return func() error {
		_, err := output.NewTable[T](r, name)
		return err
	}
}

func TestTableWriteAfterClose(t *testing.T) {
	r, err := output.Create(filepath.Join(t.TempDir(), "run"),
		output.Parquet, output.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	tab, err := output.NewTable[sample](r, "samples")
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.Close(); err != nil {
		t.Fatal(err)
	}
	if err := tab.Write(samples(1)); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Write after Close error = %v, want fs.ErrClosed", err)
	}
	if err := tab.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
}

// TestWriteKeepsNoReference reuses one buffer for every Write, as the
// simulator reuses a day's slices, and wants the same file as from one
// Write of all rows.
func TestWriteKeepsNoReference(t *testing.T) {
	rows := samples(1000)
	for _, f := range []output.Format{output.Parquet, output.CSV} {
		dir := filepath.Join(t.TempDir(), "run")
		r, err := output.Create(dir, f, output.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Abort()
		tab, err := output.NewTable[sample](r, "samples")
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]sample, 0, 90)
		for i := 0; i < len(rows); i += 90 {
			buf = append(buf[:0], rows[i:min(i+90, len(rows))]...)
			tab.Write(buf)
			clear(buf)
		}
		if err := tab.Close(); err != nil {
			t.Fatal(err)
		}
		if err := r.Commit(output.Manifest{}); err != nil {
			t.Fatal(err)
		}
		got := readFile(t, dir, "samples"+f.Ext())
		want := writeInBatches(t, f, rows, []int{len(rows)})
		if !bytes.Equal(got, want) {
			t.Errorf("%v: reusing the buffer changed the file", f)
		}
	}
}

// Reading in batches gives the rows written, in order, in batches no
// larger than asked; a missing file is the open error itself.
func TestReadParquetBatches(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	want := samples(1000)
	commitTable(t, dir, output.Parquet, want)
	var got []sample
	err := output.ReadParquetBatches(filepath.Join(dir, "samples.parquet"), 64,
		func(rows []sample) error {
			if len(rows) > 64 {
				t.Errorf("a batch of %d rows, want at most 64", len(rows))
			}
			got = append(got, rows...)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("read back %d rows that differ from the %d written", len(got), len(want))
	}
	err = output.ReadParquetBatches(filepath.Join(dir, "none.parquet"), 64,
		func([]sample) error { return nil })
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error = %v, want fs.ErrNotExist", err)
	}
}
