package output

import (
	"path/filepath"
	"strings"
	"testing"
)

type pair struct {
	A int32  `parquet:"a"`
	B string `parquet:"b"`
}

// TestCommitRefusesFailedTable breaks a table's file under it and checks
// that the error is kept, reported by Write and Close, and stops Commit.
func TestCommitRefusesFailedTable(t *testing.T) {
	r, err := Create(filepath.Join(t.TempDir(), "run"), CSV,
		CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	tab, err := NewTable[pair](r, "pairs")
	if err != nil {
		t.Fatal(err)
	}
	tab.file.Close()
	rows := make([]pair, csvBufferSize) // more than the buffer holds
	werr := tab.Write(rows)
	if werr == nil {
		t.Fatal("Write to a closed file succeeded, want error")
	}
	if again := tab.Write(rows); again != werr {
		t.Errorf("second Write = %v, want the kept error %v", again, werr)
	}
	if cerr := tab.Close(); cerr != werr {
		t.Errorf("Close = %v, want the kept error %v", cerr, werr)
	}
	err = r.Commit(Manifest{})
	if err == nil || !strings.Contains(err.Error(), "pairs") {
		t.Errorf("Commit after a failed table = %v, want an error naming "+
			"pairs", err)
	}
}
