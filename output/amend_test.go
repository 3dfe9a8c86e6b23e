package output_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/scantrail/scantrail/output"
)

type metricRow struct {
	Name  string  `parquet:"name"`
	Value float64 `parquet:"value"`
}

func TestAmendAddsTablesAndKeepsTheRest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	r, err := output.Create(dir, output.Parquet, output.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := output.WriteTable(r, "visits", []metricRow{{"a", 1}, {"b", 2}}); err != nil {
		t.Fatal(err)
	}
	if err := r.Commit(output.Manifest{ScenarioName: "s", Seed: 4}); err != nil {
		t.Fatal(err)
	}

	for round := 0; round < 2; round++ {
		a, m, err := output.Amend(dir, "metrics")
		if err != nil {
			t.Fatal(err)
		}
		rows := []metricRow{{"unicity", float64(round)}}
		if err := output.WriteTableAs(a, "metrics", output.Parquet, rows); err != nil {
			t.Fatal(err)
		}
		if err := output.WriteTableAs(a, "metrics", output.CSV, rows); err != nil {
			t.Fatal(err)
		}
		if err := a.Commit(*m); err != nil {
			t.Fatal(err)
		}
	}
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(m.Files), 3; got != want {
		t.Errorf("%d files after amending twice, want %d: %+v", got, want, m.Files)
	}
	if m.Seed != 4 || m.Rows["visits"] != 2 || m.Rows["metrics"] != 1 {
		t.Errorf("manifest lost what it knew: seed %d rows %v", m.Seed, m.Rows)
	}
	if err := output.VerifyFiles(dir); err != nil {
		t.Errorf("amended run does not verify: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("amending left %d entries beside the run", len(entries)-1)
	}
}

func TestAmendAbortLeavesRunAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	r, _ := output.Create(dir, output.CSV, output.CreateOptions{})
	output.WriteTable(r, "people", []metricRow{{"x", 1}})
	if err := r.Commit(output.Manifest{}); err != nil {
		t.Fatal(err)
	}
	a, _, err := output.Amend(dir)
	if err != nil {
		t.Fatal(err)
	}
	output.WriteTable(a, "metrics", []metricRow{{"y", 2}})
	a.Abort()
	if err := output.VerifyFiles(dir); err != nil {
		t.Errorf("aborted amendment changed the run: %v", err)
	}
	if _, _, err := output.Amend(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("amending a folder that is not a run succeeded")
	}
}
