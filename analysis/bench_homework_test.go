package analysis

import (
	"fmt"
	"sync"
	"testing"

	"github.com/scantrail/scantrail/sim"
)

// Benchmarks of the home and work, tracking and companion attacks on the
// all-holders view of 28-day runs, at 10,000 people for scaling and at
// 100,000. The first use of a size simulates it (20-30 s at 100,000).

var (
	benchViewMu sync.Mutex
	benchViews  = map[int]*View{}
)

// benchView returns the Records and the all-holders view of the default
// scenario at the given size over 28 days, built once per test binary.
func benchView(b *testing.B, people int) (*Records, *View) {
	b.Helper()
	r := simulated(b, people, 28, "", nil)
	benchViewMu.Lock()
	defer benchViewMu.Unlock()
	if v, ok := benchViews[people]; ok {
		return r, v
	}
	v, err := r.View("all", r.Holders(), Window{})
	if err != nil {
		b.Fatal(err)
	}
	benchViews[people] = v
	return r, v
}

var benchSizes = []int{10_000, 100_000}

func BenchmarkHomeWork(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			r, v := benchView(b, n)
			for b.Loop() {
				HomeWork(v, r)
			}
		})
	}
}

// BenchmarkTrack asks 20 questions about each of 1,000 identified
// accounts.
func BenchmarkTrack(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			r, v := benchView(b, n)
			var accounts []int32
			for a := int32(0); a < int32(v.NumAccounts()) && len(accounts) < 1000; a++ {
				if v.Accounts[a].Identified {
					accounts = append(accounts, a)
				}
			}
			for b.Loop() {
				TrackAccounts(v, r, accounts, 20, sim.NewSource(1))
			}
		})
	}
}

func BenchmarkCompanions(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			r, v := benchView(b, n)
			b.ReportAllocs()
			for b.Loop() {
				Companions(v, r, CompanionOptions{})
			}
		})
	}
}
