package analysis

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/scantrail/scantrail/sim"
)

// handRiskView has three points at venue/hour, X = v0 h0, Y = v1 h0 and
// Z = v2 h1:
//
//	account 0: X, Y, Z
//	account 1: X, Y
//	account 2: X twice, Y
//	account 3: Z
//	account 4: v0 h5, v0 h6   (venue 0 twice, at hours nobody shares)
//	account 5: nothing
//	account 6: v3 h0          (a venue of its own)
func handRiskView() *View {
	return handView(4,
		[3]int32{0, 0, 0}, [3]int32{0, 1, 10}, [3]int32{0, 2, 70},
		[3]int32{1, 0, 5}, [3]int32{1, 1, 20},
		[3]int32{2, 0, 1}, [3]int32{2, 0, 30}, [3]int32{2, 1, 40},
		[3]int32{3, 2, 80},
		[3]int32{4, 0, 300}, [3]int32{4, 0, 360},
		[3]int32{6, 3, 0})
}

func TestRiskHand(t *testing.T) {
	const third = 1.0 / 3
	targets := []int32{0, 1, 2, 3, 4, 5, 6}
	tests := []struct {
		name  string
		risk  func(*View, Resolution, int, []int32) []float64
		k     int
		want  []float64
		notes string
	}{
		// k = 1: X and Y are held by 0, 1 and 2, Z by 0 and 3; account
		// 4's points and account 6's are their own.
		{"Risk", Risk, 1, []float64{0.5, third, third, 0.5, 1, 0, 1}, ""},
		// k = 2: {X, Z} is account 0's alone. Account 1 has exactly two
		// observations, matched by 0, 1 and 2. {X, X} needs two
		// observations at X: account 2 only. Accounts 3 and 6 have one
		// observation, which is all that can be known of them.
		{"Risk", Risk, 2, []float64{1, third, 1, 0.5, 1, 0, 1}, ""},
		{"Risk", Risk, 3, []float64{1, third, 1, 0.5, 1, 0, 1}, ""},
		// Without time the places are v0 (held by 0, 1 and 4 once or
		// more, by 2 and 4 twice), v1 (0, 1, 2), v2 (0, 3) and v3 (6).
		// k = 1: account 4's v0 is shared by four accounts.
		{"PlaceRisk", PlaceRisk, 1, []float64{0.5, third, third, 0.5, 0.25, 0, 1}, ""},
		// k = 2: account 2's {v0, v0} is also account 4's, so 2 is at
		// 1/2, and so is 4; account 0's {v0, v2} is its own.
		{"PlaceRisk", PlaceRisk, 2, []float64{1, third, 0.5, 0.5, 0.5, 0, 1}, ""},
		// k = 3: account 2's {v0, v0, v1} is its own.
		{"PlaceRisk", PlaceRisk, 3, []float64{1, third, 1, 0.5, 0.5, 0, 1}, ""},
	}
	for _, tt := range tests {
		got := tt.risk(handRiskView(), parseRes(t, "venue/hour"), tt.k, targets)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s k=%d: got %.3f, want %.3f", tt.name, tt.k, got, tt.want)
		}
	}
}

func TestRiskEmpty(t *testing.T) {
	empty := NewView("empty", nil, nil, 1, nil)
	r := parseRes(t, "venue/hour")
	if got := Risk(empty, r, 2, nil); len(got) != 0 {
		t.Errorf("empty view, no targets: got %v", got)
	}
	if got := Risk(handRiskView(), r, 2, nil); len(got) != 0 {
		t.Errorf("no targets: got %v", got)
	}
	// Account 5 has no observations.
	if got := Risk(handRiskView(), r, 2, []int32{5, 5}); !slices.Equal(got, []float64{0, 0}) {
		t.Errorf("targets without observations: got %v, want [0 0]", got)
	}
	if got, want := SummarizeRisk(2, Risk(empty, r, 2, nil)), (RiskSummary{K: 2}); got != want {
		t.Errorf("summary of nothing: got %+v, want %+v", got, want)
	}
}

func TestRiskRejectsK(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Risk accepted k = 0")
		}
	}()
	Risk(handRiskView(), Resolution{}, 0, []int32{0})
}

// TestRiskMatchesBruteForce compares Risk with the definition applied
// literally, as scikit-mobility does: every combination of k of the
// target's observations, each matched against every account's records.
// Each probe effort is checked: 0 sends every target to the search over
// bitsets, a huge effort lets the probe settle every target alone, and the
// default mixes them; and so is each dense ratio: every posting list as a
// bitset too, none, and the default.
func TestRiskMatchesBruteForce(t *testing.T) {
	v := allHoldersView(t, 300, 3)
	targets := SampleAccounts(v, 40, sim.NewSource(21))
	tests := []struct {
		spec  string
		timed bool
	}{
		{"venue/hour", true},
		{"district/hour", true},
		{"district/day", true},
		{"venue/hour", false},
		{"district/day", false},
	}
	for _, tt := range tests {
		r := parseRes(t, tt.spec)
		b := newBruteRisk(v, r, tt.timed)
		x := buildIndex(v, r, indexSpec{timed: tt.timed, counts: true, focus: targets})
		for k := 1; k <= 3; k++ {
			for i, a := range targets {
				if k == 3 && len(v.Trace(a)) > 16 {
					continue // C(n, 3) scans of every account take too long
				}
				want := b.risk(a, k)
				for _, effort := range []int{0, probeEffort, 1 << 40} {
					for _, ratio := range []int{0, denseRatio, 1 << 40} {
						s := newRiskSolver(x, k)
						s.effort, s.denseRatio = effort, ratio
						if got := s.risk(a); got != want {
							t.Errorf("%s timed=%v k=%d effort %d ratio %d, target %d: "+
								"got %.4f, brute force %.4f",
								tt.spec, tt.timed, k, effort, ratio, i, got, want)
						}
					}
				}
			}
		}
	}
}

// TestRiskRandomMatchesBruteForce compares Risk and PlaceRisk with the
// definition on random record sets small enough to try every choice: a
// few venues and hours, so that many accounts share points and hold them
// several times, which is where the floor, the probe, the search over
// neighbours and the dense bitsets all have work. Each set is checked
// with every posting list kept as a bitset (dense ratio 0), with none
// (a ratio no list reaches) and with the default, and with each probe
// effort.
func TestRiskRandomMatchesBruteForce(t *testing.T) {
	rng := sim.NewSource(31)
	for set := range 60 {
		accounts := 2 + rng.IntN(40)
		venues := 1 + rng.IntN(6)
		var obs [][3]int32
		for a := range accounts {
			for range rng.IntN(7) {
				obs = append(obs, [3]int32{int32(a), int32(rng.IntN(venues)),
					int32(rng.IntN(3 * 60))})
			}
		}
		v := handView(venues, obs...)
		if v.NumObservations() == 0 {
			continue
		}
		targets := SampleAccounts(v, accounts, sim.NewSource(uint64(set)))
		r := parseRes(t, "venue/hour")
		for _, timed := range []bool{true, false} {
			b := newBruteRisk(v, r, timed)
			x := buildIndex(v, r, indexSpec{timed: timed, counts: true, focus: targets})
			for k := 1; k <= 3; k++ {
				want := make([]float64, len(targets))
				for i, a := range targets {
					want[i] = b.risk(a, k)
				}
				if got := locationRisk(v, r, timed, k, targets); !slices.Equal(got, want) {
					t.Fatalf("set %d timed=%v k=%d: got %.3f, brute force %.3f",
						set, timed, k, got, want)
				}
				for _, ratio := range []int{0, denseRatio, 1 << 40} {
					for _, effort := range []int{0, probeEffort, 1 << 40} {
						s := newRiskSolver(x, k)
						s.denseRatio, s.effort = ratio, effort
						for i, a := range targets {
							if got := s.risk(a); got != want[i] {
								t.Fatalf("set %d timed=%v k=%d ratio %d effort %d, account %d: "+
									"got %.4f, brute force %.4f",
									set, timed, k, ratio, effort, a, got, want[i])
							}
						}
					}
				}
			}
		}
	}
}

// TestRiskNeverFallsAsKGrows: a choice of k+1 observations contains one
// of k, and matching more can only match fewer accounts, so each target's
// risk is non-decreasing in k.
func TestRiskNeverFallsAsKGrows(t *testing.T) {
	v := allHoldersView(t, 1000, 7)
	targets := SampleAccounts(v, 300, sim.NewSource(5))
	r := parseRes(t, "venue/hour")
	for _, timed := range []bool{true, false} {
		prev := make([]float64, len(targets))
		for k := 1; k <= 4; k++ {
			risks := locationRisk(v, r, timed, k, targets)
			for i := range risks {
				if risks[i] < prev[i] {
					t.Errorf("timed=%v account %d: risk fell from %.3f at k=%d to %.3f",
						timed, targets[i], prev[i], k-1, risks[i])
				}
			}
			t.Logf("timed=%v %+v", timed, SummarizeRisk(k, risks))
			prev = risks
		}
	}
}

func TestSummarizeRisk(t *testing.T) {
	tests := []struct {
		risks []float64
		want  RiskSummary
	}{
		{nil, RiskSummary{K: 2}},
		{[]float64{0.25}, RiskSummary{K: 2, Targets: 1, Mean: 0.25, Median: 0.25}},
		// Sorted 0.2, 0.5, 1: the middle is 0.5, one of three is 1.
		{[]float64{0.2, 1, 0.5},
			RiskSummary{K: 2, Targets: 3, Mean: 1.7 / 3, Median: 0.5, Unique: 1.0 / 3}},
		// Sorted 1/3, 1/2, 1, 1: the lower middle is 1/2.
		{[]float64{1, 0.5, 1.0 / 3, 1},
			RiskSummary{K: 2, Targets: 4, Mean: (1.0/3 + 2.5) / 4, Median: 0.5, Unique: 0.5}},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.risks)
		got := SummarizeRisk(2, in)
		if !closeSummary(got, tt.want) {
			t.Errorf("SummarizeRisk(%v) = %+v, want %+v", tt.risks, got, tt.want)
		}
		if !slices.Equal(in, tt.risks) {
			t.Errorf("SummarizeRisk reordered its input: %v", in)
		}
	}
}

func closeSummary(a, b RiskSummary) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-12 }
	return a.K == b.K && a.Targets == b.Targets && near(a.Mean, b.Mean) &&
		near(a.Median, b.Median) && near(a.Unique, b.Unique)
}

// bruteRisk is the location attack written from its definition.
type bruteRisk struct {
	records [][]Point       // per account, the point of each observation
	counts  []map[Point]int // per account, observations per point
}

func newBruteRisk(v *View, r Resolution, timed bool) *bruteRisk {
	b := &bruteRisk{}
	for a := range int32(v.NumAccounts()) {
		var recs []Point
		counts := map[Point]int{}
		for _, o := range v.Trace(a) {
			p := r.Point(v, o)
			if !timed {
				p &^= 1<<32 - 1
			}
			recs = append(recs, p)
			counts[p]++
		}
		b.records = append(b.records, recs)
		b.counts = append(b.counts, counts)
	}
	return b
}

// risk is the largest 1/matches over every combination of k of a's
// observations (all of them when a has fewer than k).
func (b *bruteRisk) risk(a int32, k int) float64 {
	recs := b.records[a]
	if len(recs) == 0 {
		return 0
	}
	best := 0.0
	forCombinations(len(recs), min(k, len(recs)), func(pick []int) bool {
		var known []knownPoint
		for _, i := range pick {
			j := slices.IndexFunc(known, func(kp knownPoint) bool { return kp.p == recs[i] })
			if j < 0 {
				j = len(known)
				known = append(known, knownPoint{p: recs[i]})
			}
			known[j].times++
		}
		best = max(best, 1/float64(b.matches(known)))
		return best < 1
	})
	return best
}

// knownPoint is a point of a background knowledge and how many of the
// target's observations there it holds.
type knownPoint struct {
	p     Point
	times int
}

// matches counts the accounts with at least as many observations at each
// known point as are known.
func (b *bruteRisk) matches(known []knownPoint) int {
	n := 0
	for _, counts := range b.counts {
		all := true
		for _, kp := range known {
			all = all && counts[kp.p] >= kp.times
		}
		if all {
			n++
		}
	}
	return n
}

// forCombinations calls fn with every k-subset of 0..n-1 in lexicographic
// order until fn returns false.
func forCombinations(n, k int, fn func([]int) bool) {
	pick := make([]int, k)
	for i := range pick {
		pick[i] = i
	}
	for {
		if !fn(pick) {
			return
		}
		i := k - 1
		for i >= 0 && pick[i] == n-k+i {
			i--
		}
		if i < 0 {
			return
		}
		pick[i]++
		for j := i + 1; j < k; j++ {
			pick[j] = pick[j-1] + 1
		}
	}
}

// ExampleRisk asks how exposed three people are to someone who knows two
// of their venue scans. Ann, Ben and Cat all went to the market at ten and
// the park at noon, so Ann's two scans leave three candidates, and so do
// Ben's; Cat also went to the museum at three, and the market and the
// museum together are hers alone.
func ExampleRisk() {
	venues := make([]sim.Venue, 3) // market, park, museum
	accounts := []Account{{Label: "ann"}, {Label: "ben"}, {Label: "cat"}}
	obs := []Observation{
		{Account: 0, Venue: 0, Minute: 10 * 60}, {Account: 0, Venue: 1, Minute: 12 * 60},
		{Account: 1, Venue: 0, Minute: 10*60 + 30}, {Account: 1, Venue: 1, Minute: 12*60 + 10},
		{Account: 2, Venue: 0, Minute: 10*60 + 5}, {Account: 2, Venue: 1, Minute: 12 * 60},
		{Account: 2, Venue: 2, Minute: 15 * 60},
	}
	v := NewView("scans", accounts, venues, 1, obs)
	r, _ := ParseResolution("venue/hour")
	risks := Risk(v, r, 2, []int32{0, 1, 2})
	fmt.Printf("ann %.2f, ben %.2f, cat %.2f\n", risks[0], risks[1], risks[2])
	s := SummarizeRisk(2, risks)
	fmt.Printf("mean %.2f, median %.2f, unique %.2f\n", s.Mean, s.Median, s.Unique)
	// Output:
	// ann 0.33, ben 0.33, cat 1.00
	// mean 0.56, median 0.33, unique 0.33
}
