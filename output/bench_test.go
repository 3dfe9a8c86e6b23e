package output_test

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/scantrail/scantrail/output"
)

// visit has the shape of sim.Visit, the simulator's largest table.
type visit struct {
	Person    int32 `parquet:"person_id"`
	Venue     int32 `parquet:"venue_id"`
	Arrival   int64 `parquet:"arrival,timestamp(millisecond)"`
	Departure int64 `parquet:"departure,timestamp(millisecond)"`
	Group     int64 `parquet:"group_id"`
}

// visits makes n visits in person order, about four per person in a
// day, with venues and times drawn from a fixed seed, as the simulator
// writes them.
func visits(n int) []visit {
	rng := rand.New(rand.NewPCG(1, 2))
	rows := make([]visit, n)
	for i := range rows {
		arrival := t0 + rng.Int64N(16*3_600_000)
		group := int64(0)
		if rng.IntN(5) == 0 {
			group = int64(i)
		}
		rows[i] = visit{
			Person:    int32(i / 4),
			Venue:     rng.Int32N(50_000),
			Arrival:   arrival,
			Departure: arrival + rng.Int64N(3*3_600_000),
			Group:     group,
		}
	}
	return rows
}

func BenchmarkParquetWrite(b *testing.B) { benchmarkWrite(b, output.Parquet) }

func BenchmarkCSVWrite(b *testing.B) { benchmarkWrite(b, output.CSV) }

// benchmarkWrite writes 1e6 visits per iteration, in daily batches of
// 10,000, and reports rows per second and bytes per row.
func benchmarkWrite(b *testing.B, f output.Format) {
	const n, batch = 1_000_000, 10_000
	rows := visits(n)
	var bytes int64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(b.TempDir(), "run")
		r, err := output.Create(dir, f, output.CreateOptions{})
		if err != nil {
			b.Fatal(err)
		}
		tab, err := output.NewTable[visit](r, "visits")
		if err != nil {
			b.Fatal(err)
		}
		for j := 0; j < n; j += batch {
			tab.Write(rows[j : j+batch])
		}
		if err := tab.Close(); err != nil {
			b.Fatal(err)
		}
		if err := r.Commit(output.Manifest{}); err != nil {
			b.Fatal(err)
		}
		m, err := output.ReadManifest(dir)
		if err != nil {
			b.Fatal(err)
		}
		bytes = m.Files[0].Bytes
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(bytes)/n, "B/row")
}
