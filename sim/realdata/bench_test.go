package realdata

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scantrail/scantrail/output"
)

// writeCheckIns writes n Foursquare check-in rows of 2,000 users at
// 20,000 venues, one every few minutes from June 2012.
func writeCheckIns(tb testing.TB, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "user_id,POI_id,POI_catid,POI_catname,latitude,longitude,timezone,"+
		"UTC_time,trajectory_id,time_period")
	start := time.Date(2012, 6, 1, 0, 0, 0, 0, time.UTC)
	cats := []string{"Bar", "Office", "Home (private)", "Subway", "Coffee Shop"}
	for i := range n {
		venue := (i * 7919) % 20000
		t := start.Add(time.Duration(i) * 3 * time.Minute)
		fmt.Fprintf(w, "%d,v%05d,c,%s,%.6f,%.6f,-240,%s,%d_1,0.5\n", i%2000, venue,
			cats[venue%len(cats)], 40.6+float64(venue%100)/500, -74.1+float64(venue/100)/500,
			t.Format(time.RubyDate), i%2000)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
}

// BenchmarkImportCheckIns imports a million Foursquare check-in rows:
// parsing, pseudonymising, sorting, dropping duplicates and writing the
// Parquet run folder. The target is at most 10 s.
func BenchmarkImportCheckIns(b *testing.B) {
	const rows = 1_000_000
	dir := b.TempDir()
	path := filepath.Join(dir, "checkins.csv")
	writeCheckIns(b, path, rows)
	p := pseudonymizer(b)
	b.ResetTimer()
	for i := range b.N {
		bd := NewBuilder(Options{})
		if err := bd.ReadFoursquare(context.Background(), path); err != nil {
			b.Fatal(err)
		}
		imp, err := bd.Build(context.Background(), "foursquare", p)
		if err != nil {
			b.Fatal(err)
		}
		run, err := output.Create(filepath.Join(dir, fmt.Sprint("run", i)), output.Parquet,
			output.CreateOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := imp.Write(context.Background(), run); err != nil {
			b.Fatal(err)
		}
		if err := run.Commit(output.Manifest{Scantrail: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
