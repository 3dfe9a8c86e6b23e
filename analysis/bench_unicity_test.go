package analysis

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scantrail/scantrail/sim"
)

// The benchmarks run on the view of every data holder of a 28-day run of
// the default scenario, at two sizes so that the cost per person shows.
// Building the 100,000-person run takes about half a minute, once per test
// binary; it is not timed. Each reports, sampled every 5 ms with
// runtime/metrics, the peak heap above what the run's records and view
// already take (heap-extra-MB) and the peak of all the memory the process
// has mapped, records included (total-MB).

var unicityPeople = []int{10_000, 100_000}

// BenchmarkUnicity measures ε_1..ε_10 over 10,000 sampled accounts at
// venue/hour, the index build included.
func BenchmarkUnicity(b *testing.B) {
	points := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	r := parseRes(b, "venue/hour")
	for _, people := range unicityPeople {
		b.Run(fmt.Sprintf("people=%d", people), func(b *testing.B) {
			v := unicityView(b, people)
			sample := SampleAccounts(v, 10_000, sim.NewSource(1))
			peak := watchUnicityMemory(b)
			b.ResetTimer()
			for range b.N {
				Unicity(v, r, points, sample, sim.NewSource(2))
			}
			b.StopTimer()
			peak.report(b)
		})
	}
}

// BenchmarkRisk measures the location attack with k = 2 on 1,000 targets
// at venue/hour, the index build included.
func BenchmarkRisk(b *testing.B) {
	benchLocationRisk(b, "venue/hour", Risk)
}

// BenchmarkPlaceRisk is BenchmarkRisk with time left out of the points,
// scikit-mobility's LocationAttack proper.
func BenchmarkPlaceRisk(b *testing.B) {
	benchLocationRisk(b, "venue/hour", PlaceRisk)
}

type locationRiskFunc func(*View, Resolution, int, []int32) []float64

func benchLocationRisk(b *testing.B, spec string, risk locationRiskFunc) {
	r := parseRes(b, spec)
	for _, people := range unicityPeople {
		b.Run(fmt.Sprintf("people=%d", people), func(b *testing.B) {
			v := unicityView(b, people)
			targets := SampleAccounts(v, 1000, sim.NewSource(1))
			peak := watchUnicityMemory(b)
			b.ResetTimer()
			for range b.N {
				risk(v, r, 2, targets)
			}
			b.StopTimer()
			peak.report(b)
		})
	}
}

// BenchmarkIndex measures building the index alone.
func BenchmarkIndex(b *testing.B) {
	r := parseRes(b, "venue/hour")
	for _, people := range unicityPeople {
		b.Run(fmt.Sprintf("people=%d", people), func(b *testing.B) {
			v := unicityView(b, people)
			peak := watchUnicityMemory(b)
			b.ResetTimer()
			for range b.N {
				NewIndex(v, r)
			}
			b.StopTimer()
			peak.report(b)
			b.ReportMetric(float64(v.NumObservations()), "observations")
		})
	}
}

var (
	unicityViewsMu sync.Mutex
	unicityViews   = map[int]*View{}
)

// unicityView returns the all-holders view of a 28-day run of people.
func unicityView(b *testing.B, people int) *View {
	b.Helper()
	unicityViewsMu.Lock()
	defer unicityViewsMu.Unlock()
	if v, ok := unicityViews[people]; ok {
		return v
	}
	v := allHoldersView(b, people, 28)
	unicityViews[people] = v
	return v
}

// unicityMemory samples the process's memory until reported: the peak of
// everything the runtime has mapped, and the peak of the heap's objects
// above what they were at the start (after a collection), which is what
// the measured call itself holds.
type unicityMemory struct {
	base, heap, total atomic.Uint64
	stop, done        chan struct{}
}

var unicityMemoryMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/total:bytes",
}

func watchUnicityMemory(b *testing.B) *unicityMemory {
	b.Helper()
	runtime.GC()
	w := &unicityMemory{stop: make(chan struct{}), done: make(chan struct{})}
	sample := make([]metrics.Sample, len(unicityMemoryMetrics))
	for i, name := range unicityMemoryMetrics {
		sample[i].Name = name
	}
	metrics.Read(sample)
	w.base.Store(sample[0].Value.Uint64())
	go w.run(sample)
	return w
}

func (w *unicityMemory) run(sample []metrics.Sample) {
	defer close(w.done)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		metrics.Read(sample)
		w.heap.Store(max(w.heap.Load(), sample[0].Value.Uint64()))
		w.total.Store(max(w.total.Load(), sample[1].Value.Uint64()))
		select {
		case <-w.stop:
			return
		case <-tick.C:
		}
	}
}

func (w *unicityMemory) report(b *testing.B) {
	close(w.stop)
	<-w.done
	const mib = 1 << 20
	b.ReportMetric(float64(w.heap.Load()-min(w.base.Load(), w.heap.Load()))/mib, "heap-extra-MB")
	b.ReportMetric(float64(w.total.Load())/mib, "total-MB")
}
