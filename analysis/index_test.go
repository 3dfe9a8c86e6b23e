package analysis

import (
	"slices"
	"testing"

	"github.com/scantrail/scantrail/sim"
)

// handIndexView has, at venue/hour (venue v, hour h written vX/hY):
//
//	account 0: v0/h0, v1/h1
//	account 1: v0/h0 twice, v1/h1
//	account 2: v0/h0, v3/h2
//	account 3: nothing
//	account 4: v3/h2
//
// so v0/h0 is held by {0,1,2}, v1/h1 by {0,1} and v3/h2 by {2,4}.
func handIndexView() *View {
	return handView(4,
		[3]int32{0, 0, 5}, [3]int32{0, 1, 70},
		[3]int32{1, 0, 10}, [3]int32{1, 0, 50}, [3]int32{1, 1, 61},
		[3]int32{2, 0, 0}, [3]int32{2, 3, 130},
		[3]int32{4, 3, 179})
}

func parseRes(tb testing.TB, spec string) Resolution {
	tb.Helper()
	r, err := ParseResolution(spec)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func pointOf(place, bin uint32) Point { return Point(uint64(place)<<32 | uint64(bin)) }

func TestIndexHand(t *testing.T) {
	x := NewIndex(handIndexView(), parseRes(t, "venue/hour"))
	wantPoints := []Point{pointOf(0, 0), pointOf(1, 1), pointOf(3, 2)}
	if got := x.keys; !slices.Equal(got, wantPoints) {
		t.Fatalf("points: got %v, want %v", got, wantPoints)
	}
	holders := [][]int32{{0, 1, 2}, {0, 1}, {2, 4}}
	for id, want := range holders {
		if got := x.Holders(int32(id)); !slices.Equal(got, want) {
			t.Errorf("Holders(%d) = %v, want %v", id, got, want)
		}
	}
	owned := [][]int32{{0, 1}, {0, 1}, {0, 2}, nil, {2}}
	for a, want := range owned {
		if got := x.Points(int32(a)); !slices.Equal(got, want) {
			t.Errorf("Points(%d) = %v, want %v", a, got, want)
		}
	}
	if id, ok := x.ID(pointOf(3, 2)); !ok || id != 2 {
		t.Errorf("ID(v3/h2) = %d, %v, want 2, true", id, ok)
	}
	if _, ok := x.ID(pointOf(2, 2)); ok {
		t.Error("ID found a point nobody holds")
	}
}

func TestIndexCount(t *testing.T) {
	x := NewIndex(handIndexView(), parseRes(t, "venue/hour"))
	tests := []struct {
		ids   []int32
		limit int
		want  int
	}{
		{[]int32{0}, 0, 3},
		{[]int32{0}, 2, 2}, // stops at the second holder
		{[]int32{0, 1}, 0, 2},
		{[]int32{1, 0}, 0, 2},
		{[]int32{0, 2}, 0, 1}, // account 2 alone
		{[]int32{0, 2}, 2, 1},
		{[]int32{1, 2}, 0, 0},
		{[]int32{0, 1, 2}, 0, 0},
		{[]int32{2, 2}, 0, 2},
		{nil, 0, 5}, // every account holds the empty set
		{nil, 2, 2},
	}
	for _, tt := range tests {
		if got := x.Count(tt.ids, tt.limit); got != tt.want {
			t.Errorf("Count(%v, %d) = %d, want %d", tt.ids, tt.limit, got, tt.want)
		}
	}
}

func TestIndexCounts(t *testing.T) {
	r := parseRes(t, "venue/hour")
	x := buildIndex(handIndexView(), r, indexSpec{timed: true, counts: true})
	// v0/h0 is held by 0 once, 1 twice, 2 once.
	if got, want := x.holderN[:3], []int32{1, 2, 1}; !slices.Equal(got, want) {
		t.Errorf("observations behind v0/h0: got %v, want %v", got, want)
	}
	// Account 1 has v0/h0 twice and v1/h1 once.
	lo, hi := x.ownOff[1], x.ownOff[2]
	if got, want := x.ownedN[lo:hi], []int32{2, 1}; !slices.Equal(got, want) {
		t.Errorf("observations of account 1: got %v, want %v", got, want)
	}
	// Without time, venue 0 is held by 0 once, 1 twice, 2 once; venue 3
	// by 2 and 4.
	p := buildIndex(handIndexView(), r, indexSpec{counts: true})
	places := []Point{pointOf(0, 0), pointOf(1, 0), pointOf(3, 0)}
	if got, want := p.keys, places; !slices.Equal(got, want) {
		t.Errorf("places: got %v, want %v", got, want)
	}
}

func TestIndexEmpty(t *testing.T) {
	v := NewView("empty", nil, nil, 1, nil)
	x := NewIndex(v, parseRes(t, "venue/hour"))
	if x.NumPoints() != 0 || x.NumAccounts() != 0 {
		t.Errorf("empty view: got %d points, %d accounts, want 0, 0",
			x.NumPoints(), x.NumAccounts())
	}
}

// TestIndexCountMatchesScan checks Count against a scan of every trace on
// a simulated run, for random sets of an account's points.
func TestIndexCountMatchesScan(t *testing.T) {
	v := allHoldersView(t, 300, 3)
	rng := sim.NewSource(7)
	for _, spec := range []string{"venue/hour", "district/day", "grid500/minute"} {
		r := parseRes(t, spec)
		x := NewIndex(v, r)
		sets := pointSets(v, r)
		for range 300 {
			a := int32(rng.IntN(v.NumAccounts()))
			own := x.Points(a)
			if len(own) == 0 {
				continue
			}
			ids := make([]int32, 1+rng.IntN(min(4, len(own))))
			for i := range ids {
				ids[i] = own[rng.IntN(len(own))]
			}
			want := scanCount(x, sets, ids)
			if got := x.Count(ids, 0); got != want {
				t.Fatalf("%s: Count(%v) = %d, scan finds %d", spec, ids, got, want)
			}
			if got := x.Count(ids, 2); got != min(want, 2) {
				t.Fatalf("%s: Count(%v, 2) = %d, want %d", spec, ids, got, min(want, 2))
			}
		}
	}
}

// TestIndexWideViews checks that the three ways of building an index, by
// counting, by sorting words, and by comparison for views too wide for one
// sorting word, build the same index (the first two with and without a
// focus; the wide path ignores the focus, as TestIndexFocus allows).
func TestIndexWideViews(t *testing.T) {
	v := allHoldersView(t, 300, 3)
	focus := SampleAccounts(v, 40, sim.NewSource(9))
	for _, spec := range []string{"venue/minute", "district/hour"} {
		for _, timed := range []bool{true, false} {
			for _, f := range [][]int32{nil, focus} {
				r := parseRes(t, spec)
				want := buildIndex(v, r, indexSpec{timed: timed, counts: true, focus: f})
				paths := map[string]indexSpec{
					"sorting": {timed: timed, counts: true, focus: f, sorted: true},
				}
				if f == nil { // the wide path keeps every point
					paths["wide"] = indexSpec{timed: timed, counts: true, budget: 8}
				}
				for name, ps := range paths {
					if got := buildIndex(v, r, ps); !sameIndex(got, want) {
						t.Errorf("%s timed=%v focus=%v: the %s path built a different index",
							spec, timed, f != nil, name)
					}
				}
			}
		}
	}
}

func sameIndex(a, b *Index) bool {
	return slices.Equal(a.keys, b.keys) && slices.Equal(a.postOff, b.postOff) &&
		slices.Equal(a.holders, b.holders) && slices.Equal(a.holderN, b.holderN) &&
		slices.Equal(a.ownOff, b.ownOff) && slices.Equal(a.owned, b.owned) &&
		slices.Equal(a.ownedN, b.ownedN)
}

// TestIndexFocus checks that an index restricted to some accounts' points
// holds the same posting lists for those points, and the same point lists
// for those accounts, as the full index, also on the wide path.
func TestIndexFocus(t *testing.T) {
	v := allHoldersView(t, 300, 3)
	focus := SampleAccounts(v, 50, sim.NewSource(8))
	for _, budget := range []uint{64, 8} {
		r := parseRes(t, "venue/hour")
		full := buildIndex(v, r, indexSpec{timed: true, counts: true})
		part := buildIndex(v, r, indexSpec{timed: true, counts: true, focus: focus, budget: budget})
		for _, a := range focus {
			got, want := part.Points(a), full.Points(a)
			if len(got) != len(want) {
				t.Fatalf("budget %d: account %d has %d points, want %d",
					budget, a, len(got), len(want))
			}
			gotN := part.ownedN[part.ownOff[a]:part.ownOff[a+1]]
			if wantN := full.ownedN[full.ownOff[a]:full.ownOff[a+1]]; !slices.Equal(gotN, wantN) {
				t.Fatalf("budget %d: account %d has observations %v, want %v",
					budget, a, gotN, wantN)
			}
			for i := range got {
				gp, wp := part.Point(got[i]), full.Point(want[i])
				if gp != wp || !slices.Equal(part.Holders(got[i]), full.Holders(want[i])) {
					t.Fatalf("budget %d: account %d, point %d differs", budget, a, i)
				}
			}
		}
		if budget == 64 && part.NumPoints() >= full.NumPoints() {
			t.Errorf("focus kept %d of %d points", part.NumPoints(), full.NumPoints())
		}
	}
}

func TestSortWords(t *testing.T) {
	rng := sim.NewSource(3)
	for _, n := range []int{0, 1, 100, 5000, 70000} {
		words := make([]uint64, n)
		for i := range words {
			words[i] = rng.Uint64() >> 13
		}
		want := slices.Sorted(slices.Values(words))
		// Sorted by their low 20 bits first, as a view's words are by
		// account, the words need only the passes above bit 20.
		low := slices.Clone(words)
		const mask = 1<<20 - 1
		slices.SortStableFunc(low, func(a, b uint64) int { return int(a&mask) - int(b&mask) })
		if got := sortWords(low, 20, 51); !slices.Equal(got, want) {
			t.Errorf("sortWords from bit 20 of %d words is not sorted", n)
		}
		if got := sortWords(words, 0, 51); !slices.Equal(got, want) {
			t.Errorf("sortWords of %d words is not sorted", n)
		}
	}
}

// allHoldersView returns the view of every data holder of a simulated run.
func allHoldersView(tb testing.TB, people, days int) *View {
	tb.Helper()
	r := simulated(tb, people, days, "", nil)
	v, err := r.View("all", r.Holders(), Window{})
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// pointSets returns each account's set of points at r, read from its
// trace without the index.
func pointSets(v *View, r Resolution) []map[Point]bool {
	sets := make([]map[Point]bool, v.NumAccounts())
	for a := range sets {
		sets[a] = map[Point]bool{}
		for _, o := range v.Trace(int32(a)) {
			sets[a][r.Point(v, o)] = true
		}
	}
	return sets
}

// scanCount counts the accounts whose point set holds every point of ids.
func scanCount(x *Index, sets []map[Point]bool, ids []int32) int {
	n := 0
	for _, set := range sets {
		all := true
		for _, id := range ids {
			all = all && set[x.Point(id)]
		}
		if all {
			n++
		}
	}
	return n
}
