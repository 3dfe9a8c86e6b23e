package analysis

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/scantrail/scantrail/scenarios"
)

// BenchmarkLink links the venue operators' salted pseudonyms against the
// health authority's real identities (the same scans under two labels,
// the densest case: every pseudonym co-occurs with its identity at each
// of its scans) and against the payment provider's real identities, on
// the default scenario over 28 days. With 100,000 people the views hold
// about 85,000 scanners and 80,000 payers; the target is at most 30 s and
// 2 GiB for Link on a 2-core machine. The 10,000-person cases show how it
// scales. Run it with
//
//	go test ./analysis -run '^$' -bench Link -benchtime 1x
//
// link-MiB is the peak growth of the Go heap during Link over the heap
// before it (the run's records and views are already resident);
// peak-MiB is the peak of all memory the process holds from the system.
//
// The phones=all cases give everyone a smartphone, so that every person
// scans: 100,000 pseudonyms against 100,000 identities, the size the
// target names.
func BenchmarkLink(b *testing.B) {
	for _, people := range []int{10000, 100000} {
		for _, to := range []string{"health_authority", "payment_provider"} {
			name := fmt.Sprintf("people=%d/to=%s", people, to)
			b.Run(name, func(b *testing.B) { benchLink(b, people, to, false) })
		}
		name := fmt.Sprintf("people=%d/to=health_authority/phones=all", people)
		b.Run(name, func(b *testing.B) { benchLink(b, people, "health_authority", true) })
	}
}

func benchLink(b *testing.B, people int, holder string, allPhones bool) {
	key, edit := "", func(*scenarios.Scenario) {}
	if allPhones {
		key = "phones=all"
		edit = func(s *scenarios.Scenario) {
			s.Population.Smartphone = scenarios.AgeShares{Child: 1, Student: 1, Adult: 1, Senior: 1}
		}
	}
	r := simulated(b, people, 28, key, edit)
	from, err := r.View("venue operators", []string{"venue_operators"}, Window{})
	if err != nil {
		b.Fatal(err)
	}
	to, err := r.View(holder, []string{holder}, Window{})
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	b.ResetTimer()
	for b.Loop() {
		mem := linkWatchMemory()
		res := Link(from, to, LinkOptions{})
		grown, peak := mem()
		b.ReportMetric(float64(res.From), "from")
		b.ReportMetric(float64(res.To), "to")
		b.ReportMetric(res.Matching, "matching")
		b.ReportMetric(grown/(1<<20), "link-MiB")
		b.ReportMetric(peak/(1<<20), "peak-MiB")
	}
}

// linkWatchMemory samples memory every 10 ms until the returned function
// is called; that returns the peak growth of the heap's objects over
// their size at the start and the peak of all memory held from the
// system, in bytes.
func linkWatchMemory() func() (grown, peak float64) {
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/total:bytes"},
	}
	metrics.Read(samples)
	base := float64(samples[0].Value.Uint64())
	var heap, total float64
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(samples)
			heap = max(heap, float64(samples[0].Value.Uint64()))
			total = max(total, float64(samples[1].Value.Uint64()))
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() (float64, float64) {
		close(done)
		<-stopped
		return heap - base, total
	}
}
