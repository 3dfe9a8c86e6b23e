package output_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/scantrail/scantrail/output"
)

// TestDeterminism writes the same rows several times, split into Write
// calls in different ways, and wants byte-identical files.
func TestDeterminism(t *testing.T) {
	rows := samples(100_000)
	batchings := []struct {
		name  string
		sizes []int
	}{
		{"one call", []int{len(rows)}},
		{"one call again", []int{len(rows)}},
		{"odd sizes", []int{1, 63, 64, 65, 1000, 7, 30_000}},
		{"one by one", []int{1}},
	}
	for _, f := range []output.Format{output.Parquet, output.CSV} {
		want := writeInBatches(t, f, rows, batchings[0].sizes)
		for _, b := range batchings[1:] {
			got := writeInBatches(t, f, rows, b.sizes)
			if !bytes.Equal(got, want) {
				t.Errorf("%v, %s: the file differs from one written in "+
					"one call", f, b.name)
			}
		}
	}
}

// writeInBatches writes rows as one table, in Write calls whose sizes
// cycle through sizes, and returns the file's bytes.
func writeInBatches(t *testing.T, f output.Format, rows []sample,
	sizes []int) []byte {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "run")
	opts := output.CreateOptions{RowGroupRows: 20_000}
	r, err := output.Create(dir, f, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	tab, err := output.NewTable[sample](r, "samples")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; len(rows) > 0; i++ {
		n := min(sizes[i%len(sizes)], len(rows))
		if err := tab.Write(rows[:n]); err != nil {
			t.Fatal(err)
		}
		rows = rows[n:]
	}
	if err := tab.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Commit(output.Manifest{}); err != nil {
		t.Fatal(err)
	}
	return readFile(t, dir, "samples"+f.Ext())
}
