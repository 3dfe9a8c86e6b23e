package engine

import (
	"context"
	"fmt"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// BenchmarkRunToParquet runs whole scenarios into a Parquet run folder.
// The target is 100,000 people for 28 days in at most 20 s with a
// peak of at most 2 GiB on a 2-core machine; the days=7 case shows that
// memory does not grow with the number of days. Run it with
//
//	go test ./sim/engine -run '^$' -bench RunToParquet -benchtime 1x
func BenchmarkRunToParquet(b *testing.B) {
	cases := []struct{ people, days int }{
		{10000, 28}, {100000, 7}, {100000, 28},
	}
	for _, c := range cases {
		b.Run(fmt.Sprintf("people=%d/days=%d", c.people, c.days), func(b *testing.B) {
			s := small(b, c.people, c.days)
			for i := 0; i < b.N; i++ {
				peak := watchMemory()
				rows := runToParquet(b, s)
				b.ReportMetric(float64(rows)/b.Elapsed().Seconds()*float64(i+1), "rows/s")
				b.ReportMetric(peak()/(1<<20), "peak-MiB")
			}
		})
	}
}

// runToParquet simulates s into a fresh run folder and returns the rows
// written.
func runToParquet(b *testing.B, sc *scenarios.Scenario) int64 {
	b.Helper()
	run, err := output.Create(b.TempDir()+"/run", output.Parquet, output.CreateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	sink := output.NewSink(run)
	if _, err := Run(context.Background(), sc, sink, Options{}); err != nil {
		b.Fatal(err)
	}
	if err := sink.Close(); err != nil {
		b.Fatal(err)
	}
	if err := run.Commit(output.Manifest{ScenarioName: sc.Name, Seed: sc.Seed}); err != nil {
		b.Fatal(err)
	}
	m, err := output.ReadManifest(run.Dir())
	if err != nil {
		b.Fatal(err)
	}
	var rows int64
	for _, n := range m.Rows {
		rows += n
	}
	return rows
}

// watchMemory samples the memory the Go runtime holds from the operating
// system every 20 ms and returns a function that stops sampling and
// returns the peak in bytes.
func watchMemory() func() float64 {
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	var mu sync.Mutex
	peak := 0.0
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, float64(sample[0].Value.Uint64()))
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

var _ sim.Sink = (*output.Sink)(nil)
