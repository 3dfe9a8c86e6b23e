package output_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/scantrail/scantrail/output"
)

// sample has one field of each kind the simulator's row types use.
type sample struct {
	Person int32   `parquet:"person_id"`
	Time   int64   `parquet:"time,timestamp(millisecond)"`
	Score  float64 `parquet:"score"`
	Weight float32 `parquet:"weight"`
	Seen   bool    `parquet:"seen"`
	Kind   string  `parquet:"kind,dict"`
	Note   string  `parquet:"note"`
	Memo   int     `parquet:"-"`
}

// t0 is 2022-05-02T08:45:00Z in milliseconds since the Unix epoch.
const t0 = 1651481100000

func samples(n int) []sample {
	kinds := []string{"cafe", "bank", "metro_station"}
	rows := make([]sample, n)
	for i := range rows {
		rows[i] = sample{
			Person: int32(i),
			Time:   t0 + int64(i)*61_001,
			Score:  float64(i) / 3,
			Weight: float32(i) / 4,
			Seen:   i%2 == 0,
			Kind:   kinds[i%len(kinds)],
			Note:   []string{"", "a, b", `say "hi"`, " lead"}[i%4],
		}
	}
	return rows
}

// commitTable writes rows as table name of a new run in dir and commits.
func commitTable(t *testing.T, dir string, f output.Format,
	rows []sample) {
	t.Helper()
	r, err := output.Create(dir, f, output.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	if err := output.WriteTable(r, "samples", rows); err != nil {
		t.Fatal(err)
	}
	if err := r.Commit(output.Manifest{Seed: 7}); err != nil {
		t.Fatal(err)
	}
}

// entries lists the names in dir, sorted.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// checkEntries fails the test unless dir holds exactly the names want.
func checkEntries(t *testing.T, dir string, want ...string) {
	t.Helper()
	if got := entries(t, dir); !slices.Equal(got, want) {
		t.Errorf("%s holds %q, want %q", dir, got, want)
	}
}

func readFile(t *testing.T, path ...string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(path...))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
