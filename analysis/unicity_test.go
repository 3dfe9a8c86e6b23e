package analysis

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/scantrail/scantrail/sim"
)

// handUnicityView is built so that no answer depends on which points are
// drawn. Venue v sits in district v/2; minutes m fall in hour m/60.
//
//	account 0: v0 h0, v1 h1         (the same as account 1)
//	account 1: v0 h0, v1 h1
//	account 2: v2 h0, v3 h1, v4 h2  (points nobody else has)
//	account 3: v5 h3
//	account 4: v5 h3 twice          (one distinct point, shared with 3)
//	account 5: nothing
//	account 6: v2 h5
func handUnicityView() *View {
	return handView(6,
		[3]int32{0, 0, 0}, [3]int32{0, 1, 60},
		[3]int32{1, 0, 10}, [3]int32{1, 1, 70},
		[3]int32{2, 2, 20}, [3]int32{2, 3, 80}, [3]int32{2, 4, 140},
		[3]int32{3, 5, 200},
		[3]int32{4, 5, 190}, [3]int32{4, 5, 230},
		[3]int32{6, 2, 300})
}

func TestUnicityHand(t *testing.T) {
	all := []int32{0, 1, 2, 3, 4, 5, 6}
	tests := []struct {
		res    string
		sample []int32
		want   []UnicityResult
	}{
		// p = 1: six accounts have a point (not 5); 2 and 6 hold only
		// points of their own, so 2 of 6 are unique. p = 2: accounts 0, 1
		// and 2 have two points; only 2 is unique. p = 3: account 2 alone,
		// unique. p = 4: nobody has four points.
		{"venue/hour", all, []UnicityResult{
			{P: 1, Eligible: 6, Unique: 2, Epsilon: 2.0 / 6},
			{P: 2, Eligible: 3, Unique: 1, Epsilon: 1.0 / 3},
			{P: 3, Eligible: 1, Unique: 1, Epsilon: 1},
			{P: 4},
		}},
		// By district the structure is the same: d0 h0, d0 h1 for 0 and 1;
		// d1 h0, d1 h1, d2 h2 for 2; d2 h3 for 3 and 4; d1 h5 for 6.
		{"district/hour", all, []UnicityResult{
			{P: 1, Eligible: 6, Unique: 2, Epsilon: 2.0 / 6},
			{P: 2, Eligible: 3, Unique: 1, Epsilon: 1.0 / 3},
			{P: 3, Eligible: 1, Unique: 1, Epsilon: 1},
			{P: 4},
		}},
		// By district and day: 0 and 1 hold d0 only; 2 holds d1 and d2;
		// 3 and 4 hold d2; 6 holds d1. No single point is unique, but
		// nobody else holds both d1 and d2: account 2, the only one with
		// two points, is unique at p = 2.
		{"district/day", all, []UnicityResult{
			{P: 1, Eligible: 6},
			{P: 2, Eligible: 1, Unique: 1, Epsilon: 1},
			{P: 3},
			{P: 4},
		}},
		// A sample restricts whose traces are drawn, not whom they are
		// compared with: account 6 is still unique because of account 2.
		{"venue/hour", []int32{0, 6}, []UnicityResult{
			{P: 1, Eligible: 2, Unique: 1, Epsilon: 0.5},
			{P: 2, Eligible: 1},
			{P: 3},
			{P: 4},
		}},
		{"venue/hour", nil, []UnicityResult{{P: 1}, {P: 2}, {P: 3}, {P: 4}}},
	}
	for _, tt := range tests {
		got := Unicity(handUnicityView(), parseRes(t, tt.res), []int{1, 2, 3, 4},
			tt.sample, sim.NewSource(1))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s, sample %v:\n got %+v\nwant %+v", tt.res, tt.sample, got, tt.want)
		}
	}
}

func TestUnicityPointsInAnyOrder(t *testing.T) {
	v := allHoldersView(t, 300, 3)
	r := parseRes(t, "venue/hour")
	sample := SampleAccounts(v, 200, sim.NewSource(2))
	up := Unicity(v, r, []int{1, 2, 3}, sample, sim.NewSource(5))
	down := Unicity(v, r, []int{3, 2, 1}, sample, sim.NewSource(5))
	slices.Reverse(down)
	if !slices.Equal(up, down) {
		t.Errorf("order of p changed the results:\n%+v\n%+v", up, down)
	}
}

func TestUnicityEmpty(t *testing.T) {
	empty := NewView("empty", nil, nil, 1, nil)
	tests := []struct {
		name   string
		v      *View
		sample []int32
	}{
		{"empty view", empty, SampleAccounts(empty, 10, sim.NewSource(1))},
		{"nil sample", handUnicityView(), nil},
		{"empty sample", handUnicityView(), []int32{}},
	}
	for _, tt := range tests {
		got := Unicity(tt.v, parseRes(t, "venue/hour"), []int{1, 5}, tt.sample, sim.NewSource(1))
		if want := []UnicityResult{{P: 1}, {P: 5}}; !slices.Equal(got, want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, want)
		}
	}
	got := Unicity(handUnicityView(), Resolution{}, nil, []int32{0}, sim.NewSource(1))
	if len(got) != 0 {
		t.Errorf("no p: got %+v, want nothing", got)
	}
}

func TestUnicityRejectsP(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Unicity accepted p = 0")
		}
	}()
	Unicity(handUnicityView(), Resolution{}, []int{2, 0}, []int32{0}, sim.NewSource(1))
}

// TestUnicityNeverFallsAsPGrows checks an exact consequence of drawing
// every p from one ordering: restricted to accounts with at least 10
// points, the eligible set is the same for every p ≤ 10, and an account
// unique at p is unique at p+1, so Unique cannot fall.
func TestUnicityNeverFallsAsPGrows(t *testing.T) {
	v := allHoldersView(t, 1000, 7)
	points := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, spec := range []string{"venue/hour", "district/hour", "district/day"} {
		r := parseRes(t, spec)
		x := NewIndex(v, r)
		var long []int32
		for a := range int32(v.NumAccounts()) {
			if len(x.Points(a)) >= 10 {
				long = append(long, a)
			}
		}
		res := Unicity(v, r, points, long, sim.NewSource(11))
		for i := range res {
			if res[i].Eligible != len(long) {
				t.Errorf("%s p=%d: %d eligible, want all %d",
					spec, res[i].P, res[i].Eligible, len(long))
			}
			if i > 0 && res[i].Unique < res[i-1].Unique {
				t.Errorf("%s: unique fell from %d at p=%d to %d at p=%d", spec,
					res[i-1].Unique, res[i-1].P, res[i].Unique, res[i].P)
			}
		}
	}
}

// TestUnicityFallsWithCoarserResolution compares venue/hour, district/hour
// and district/day on the same sample and seed. The draws are not coupled:
// a trace has fewer distinct points at a coarser grain, so the same seed
// draws different points, and even in expectation a single account's
// unicity can rise when two of its shared points merge into one that is
// its own. The property is therefore statistical: over n eligible accounts
// ε has a standard error √(ε(1−ε)/n), and we require
//
//	ε_coarse ≤ ε_fine + 3·√(se_fine² + se_coarse²)
//
// for every p. The gap observed is far wider than the bound.
func TestUnicityFallsWithCoarserResolution(t *testing.T) {
	v := allHoldersView(t, 1000, 7)
	sample := SampleAccounts(v, 3000, sim.NewSource(3))
	points := []int{1, 2, 4, 8}
	var prev []UnicityResult
	for _, spec := range []string{"venue/hour", "district/hour", "district/day"} {
		res := Unicity(v, parseRes(t, spec), points, sample, sim.NewSource(9))
		t.Logf("%s: %+v", spec, res)
		for i := range prev {
			fine, coarse := prev[i], res[i]
			bound := fine.Epsilon + 3*math.Hypot(stdErr(fine), stdErr(coarse))
			if coarse.Epsilon > bound {
				t.Errorf("%s p=%d: ε = %.3f rose above %.3f (%.3f at the finer grain)",
					spec, coarse.P, coarse.Epsilon, bound, fine.Epsilon)
			}
		}
		prev = res
	}
}

func stdErr(u UnicityResult) float64 {
	if u.Eligible == 0 {
		return 0
	}
	return math.Sqrt(u.Epsilon * (1 - u.Epsilon) / float64(u.Eligible))
}

func TestSampleAccounts(t *testing.T) {
	v := handUnicityView() // accounts 0-4 and 6 have observations
	tests := []struct {
		n    int
		want []int32
	}{
		{-1, nil},
		{0, nil},
		{6, []int32{0, 1, 2, 3, 4, 6}},
		{100, []int32{0, 1, 2, 3, 4, 6}},
	}
	for _, tt := range tests {
		if got := SampleAccounts(v, tt.n, sim.NewSource(1)); !slices.Equal(got, tt.want) {
			t.Errorf("SampleAccounts(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

// TestSampleAccountsUniform draws 3 of the 6 active accounts 3,000 times:
// each should be drawn 1,500 times, with a standard deviation of
// √(3000·½·½) ≈ 27; we allow 5 of them.
func TestSampleAccountsUniform(t *testing.T) {
	v := handUnicityView()
	rng := sim.NewSource(4)
	drawn := map[int32]int{}
	for range 3000 {
		s := SampleAccounts(v, 3, rng)
		if len(s) != 3 || !slices.IsSorted(s) || len(slices.Compact(slices.Clone(s))) != 3 {
			t.Fatalf("sample %v: want 3 distinct accounts in order", s)
		}
		for _, a := range s {
			drawn[a]++
		}
	}
	for _, a := range []int32{0, 1, 2, 3, 4, 6} {
		if got := drawn[a]; math.Abs(float64(got)-1500) > 5*27 {
			t.Errorf("account %d drawn %d times, want about 1500", a, got)
		}
	}
	if drawn[5] != 0 {
		t.Error("an account without observations was drawn")
	}
}

// ExampleUnicity measures unicity on five people's venue scans. Alice
// and Bob went together to the café at nine and to the gym at six. Carol
// was at the station at eight, and so was Erin, who then had a coffee at
// the café at nine. Dan was alone at the library. One point singles out
// Dan only; two points single out Erin, the only one with both the
// station and the café, but never Alice or Bob.
func ExampleUnicity() {
	venues := make([]sim.Venue, 4) // café, gym, station, library
	for i := range venues {
		venues[i] = sim.Venue{ID: int32(i), District: int32(i)}
	}
	var accounts []Account
	for _, name := range []string{"alice", "bob", "carol", "dan", "erin"} {
		accounts = append(accounts, Account{Label: name})
	}
	obs := []Observation{
		{Account: 0, Venue: 0, Minute: 9 * 60}, {Account: 0, Venue: 1, Minute: 18 * 60},
		{Account: 1, Venue: 0, Minute: 9*60 + 5}, {Account: 1, Venue: 1, Minute: 18 * 60},
		{Account: 2, Venue: 2, Minute: 8 * 60},
		{Account: 3, Venue: 3, Minute: 11 * 60},
		{Account: 4, Venue: 2, Minute: 8*60 + 10}, {Account: 4, Venue: 0, Minute: 9*60 + 30},
	}
	v := NewView("scans", accounts, venues, 1, obs)
	r, _ := ParseResolution("venue/hour")
	rng := sim.NewSource(1)
	sample := SampleAccounts(v, 5, rng)
	for _, u := range Unicity(v, r, []int{1, 2, 3}, sample, rng) {
		fmt.Printf("p=%d: %d of %d unique, ε=%.2f\n", u.P, u.Unique, u.Eligible, u.Epsilon)
	}
	// Output:
	// p=1: 1 of 5 unique, ε=0.20
	// p=2: 1 of 3 unique, ε=0.33
	// p=3: 0 of 0 unique, ε=0.00
}
