package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/scantrail/scantrail/sim"
)

// linkCompanionViews is the hand-made case of TestLink and ExampleLink, three
// pseudonyms P0–P2 (from) and three identities I0–I2 (to), account k of
// each being person k. P0 pays alone once at venue 0 and dines twice with
// P1 (venues 1 and 2), who pays both times; P2 pays alone at venue 3.
//
// With N = 3 accounts on each side the visit probabilities are estimated
// as (n+1)/(N+2) = (n+1)/5, so a cell one account of a view visits weighs
// −log(2/5) = 0.916291 for that view and one two visit −log(3/5) =
// 0.510826. Hence
//
//	P0–I0 = 2·0.916291             = 1.832581 (venue 0)
//	P0–I1 = 2·(0.510826 + 0.916291) = 2.854233 (venues 1 and 2)
//	P1–I1 = 2.854233,  P2–I2 = 1.832581
//
// P0's best guess is I1, which is wrong, and P1's is I1 too. The
// one-to-one assignment weighs P0–I0 + P1–I1 + P2–I2 = 6.519395 against
// P0–I1 + P2–I2 = 4.686814 and pairs all three correctly: Top1 = 2/3,
// Matching = 1, as Riederer et al. (2016) and Naini et al. (2016) found
// joint matching beating one-at-a-time guesses.
func linkCompanionViews() (from, to *View) {
	from = handView(4,
		[3]int32{0, 0, 0}, [3]int32{0, 1, 600}, [3]int32{0, 2, 1200},
		[3]int32{1, 1, 600}, [3]int32{1, 2, 1200}, [3]int32{2, 3, 0})
	to = handView(4,
		[3]int32{0, 0, 0}, [3]int32{1, 1, 600}, [3]int32{1, 2, 1200}, [3]int32{2, 3, 0})
	return from, to
}

// linkRelabel returns v's accounts with person ids moved by shift, so that no
// account of v shares a person with the original.
func linkRelabel(v *View, shift int32) *View {
	acc := slices.Clone(v.Accounts)
	for i := range acc {
		acc[i].Person += shift
	}
	return &View{Name: v.Name, Accounts: acc, Venues: v.Venues, Days: v.Days,
		obs: v.obs, offsets: v.offsets}
}

func TestLinkCandidateScores(t *testing.T) {
	from, to := linkCompanionViews()
	c := linkCandidates(from, to, LinkOptions{}.withDefaults())
	tests := []struct {
		from   int32
		ranked []int32
		scores []float64
	}{
		{0, []int32{1, 0}, []float64{2.854233, 1.832581}},
		{1, []int32{1}, []float64{2.854233}},
		{2, []int32{2}, []float64{1.832581}},
	}
	for _, tt := range tests {
		if got := c.ranked(tt.from); !slices.Equal(got, tt.ranked) {
			t.Errorf("P%d: got candidates %v, want %v", tt.from, got, tt.ranked)
			continue
		}
		for k, got := range c.scores(tt.from) {
			if want := tt.scores[k]; math.Abs(got-want) > 1e-5 {
				t.Errorf("P%d–I%d: got score %.6f, want %.6f", tt.from, tt.ranked[k], got, want)
			}
		}
	}
}

func TestLinkCoOccurrence(t *testing.T) {
	// P0 scans at venue 0, minute 100. I0 pays there 30 minutes later, I1
	// 31 minutes earlier, I2 at the same minute at venue 1, which is in
	// the same district (district = venue/2).
	from := handView(2, [3]int32{0, 0, 100})
	to := handView(2, [3]int32{0, 0, 130}, [3]int32{1, 0, 69}, [3]int32{2, 1, 100})
	district := Resolution{Place: PlaceDistrict}
	tests := []struct {
		name string
		opts LinkOptions
		want []int32
	}{
		{"venue, 30 min", LinkOptions{}, []int32{0}},
		{"venue, 31 min", LinkOptions{WindowMin: 31}, []int32{0, 1}},
		{"district, 30 min", LinkOptions{Place: district}, []int32{0, 2}},
		{"district, 31 min", LinkOptions{Place: district, WindowMin: 31}, []int32{0, 1, 2}},
	}
	for _, tt := range tests {
		c := linkCandidates(from, to, tt.opts.withDefaults())
		got := slices.Sorted(slices.Values(c.ranked(0)))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got candidates %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLink(t *testing.T) {
	from, to := linkCompanionViews()
	empty := handView(4)
	tests := []struct {
		name     string
		from, to *View
		opts     LinkOptions
		want     LinkResult
	}{
		{"assignment beats best guess", from, to, LinkOptions{},
			LinkResult{From: 3, To: 3, Linkable: 3, Top1: 2.0 / 3, Top5: 1,
				Assigned: 3, Precision: 1, Recall: 1, Matching: 1}},
		// Only P1–I1 (2.854) clears the threshold of 2.
		{"threshold claims the confident pair", from, to, LinkOptions{MinScore: 2},
			LinkResult{From: 3, To: 3, Linkable: 3, Top1: 2.0 / 3, Top5: 1,
				Assigned: 1, Precision: 1, Recall: 1.0 / 3, Matching: 1}},
		// The same observations under two labellings: every pseudonym
		// meets its identity at each of its observations, so no candidate
		// scores higher. P0 was at both of P1's places, though, so P1's
		// identity and P0's tie as P1's best guess and the lower id, P0's,
		// ranks first; the assignment prefers P0 with its own identity,
		// which it met three times.
		{"perfect streams", from, linkRelabel(from, 0), LinkOptions{},
			LinkResult{From: 3, To: 3, Linkable: 3, Top1: 2.0 / 3, Top5: 1,
				Assigned: 3, Precision: 1, Recall: 1, Matching: 1}},
		// Every claimed link is wrong when nobody in to is linkable.
		{"nobody linkable", from, linkRelabel(to, 10), LinkOptions{},
			LinkResult{From: 3, To: 3, Assigned: 3}},
		{"empty from", empty, to, LinkOptions{}, LinkResult{To: 3}},
		{"empty to", from, empty, LinkOptions{}, LinkResult{From: 3}},
		{"nil views", nil, nil, LinkOptions{}, LinkResult{}},
	}
	for _, tt := range tests {
		if got := Link(tt.from, tt.to, tt.opts); got != tt.want {
			t.Errorf("%s:\ngot  %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

// TestLinkAssignIsOptimal compares the auction with an exhaustive search
// on random sparse problems, including near-ties and accounts without
// candidates.
func TestLinkAssignIsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 500 {
		nFrom, nTo := 1+rng.IntN(6), 1+rng.IntN(6)
		scores := make([][]float64, nFrom)
		for a := range scores {
			scores[a] = make([]float64, nTo)
			for b := range scores[a] {
				if rng.Float64() < 0.5 {
					scores[a][b] = float64(1+rng.IntN(8)) + 0.001*float64(rng.IntN(3))
				}
			}
		}
		c := linkCandsOf(scores)
		topM := 1 + rng.IntN(nTo)
		match := linkAssign(c, nTo, topM)
		got := linkTotal(t, c, match)
		want := linkBest(linkCandsOf(linkCap(scores, c, topM)), 0, make([]bool, nTo))
		if math.Abs(got-want) > 1e-9 {
			t.Fatalf("trial %d, scores %v, top %d: assignment %v totals %g, want %g",
				trial, scores, topM, match, got, want)
		}
	}
}

// TestLinkAuctionCertificate checks optimality on problems too large to
// search: with prices p ≥ 0 and profits u_i = max(0, max_j a_ij − p_j),
// Σu + Σp bounds every assignment's total from above (LP duality), and
// benefits are multiples of n+1, so a gap below n+1 proves the auction's
// assignment the best. Scores come from few levels, so ties abound.
func TestLinkAuctionCertificate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 20 {
		nFrom, nTo := 200+rng.IntN(300), 100+rng.IntN(300)
		scores := make([][]float64, nFrom)
		for a := range scores {
			scores[a] = make([]float64, nTo)
			for range 1 + rng.IntN(8) {
				scores[a][rng.IntN(nTo)] = float64(1 + rng.IntN(5))
			}
		}
		g := newLinkAuction(linkCandsOf(scores), nTo, DefaultLinkTopM)
		g.solve()
		primal, dual := g.certificate()
		if primal > dual || dual-primal >= int64(nFrom+1) {
			t.Fatalf("trial %d: total %d, dual bound %d: gap %d, want below %d",
				trial, primal, dual, dual-primal, nFrom+1)
		}
	}
}

// certificate returns the assignment's total benefit and the dual bound.
func (g *linkAuction) certificate() (primal, dual int64) {
	for _, p := range g.price {
		dual += p
	}
	for i := range g.assign {
		best := int64(0)
		for e := g.start[i]; e < g.start[i+1]; e++ {
			best = max(best, g.val[e]-g.price[g.obj[e]])
			if g.obj[e] == g.assign[i] {
				primal += g.val[e]
			}
		}
		dual += best
	}
	return primal, dual
}

func TestLinkIndexLower(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var obs []Observation
	for range 2000 {
		obs = append(obs, Observation{Account: int32(rng.IntN(50)),
			Venue: int32(rng.IntN(7)), Minute: int32(rng.IntN(3000))})
	}
	v := handView(7)
	v = NewView("random", make([]Account, 50), v.Venues, 3, obs)
	place := []int32{0, 1, 2, 3, 4, 5, 6}
	for _, window := range []int32{1, 30, 500} {
		x := newLinkIndex(v, place, len(place), window)
		for range 500 {
			p, m := int32(rng.IntN(7)), int32(rng.IntN(3200)-100)
			got, _ := x.lower(p, m)
			lo, hi := int(x.start[p]), int(x.start[p+1])
			i, _ := slices.BinarySearch(x.minute[lo:hi], m)
			if want := lo + i; got != want {
				t.Fatalf("window %d: lower(%d, %d) = %d, want %d", window, p, m, got, want)
			}
		}
	}
}

// linkCandsOf ranks a score matrix (0 = no co-occurrence) as Link does.
func linkCandsOf(scores [][]float64) *linkCands {
	k := 1
	for _, row := range scores {
		k = max(k, len(row))
	}
	c := newLinkCands(len(scores), k)
	for a, row := range scores {
		var bs []int32
		for b, s := range row {
			if s > 0 {
				bs = append(bs, int32(b))
			}
		}
		slices.SortStableFunc(bs, func(x, y int32) int {
			return -linkCmp(row[x], row[y])
		})
		for i, b := range bs {
			c.to[a*k+i], c.score[a*k+i] = b, row[b]
		}
		c.n[a] = int32(len(bs))
	}
	return c
}

func linkCmp(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// linkCap keeps each row's topM best-ranked scores.
func linkCap(scores [][]float64, c *linkCands, topM int) [][]float64 {
	out := make([][]float64, len(scores))
	for a := range scores {
		out[a] = make([]float64, len(scores[a]))
		ranked := c.ranked(int32(a))
		for _, b := range ranked[:min(topM, len(ranked))] {
			out[a][b] = scores[a][b]
		}
	}
	return out
}

// linkTotal checks that match is one-to-one over candidates and returns
// its total score.
func linkTotal(t *testing.T, c *linkCands, match []int32) float64 {
	t.Helper()
	used := map[int32]bool{}
	total := 0.0
	for a, b := range match {
		if b < 0 {
			continue
		}
		if used[b] {
			t.Fatalf("to-account %d assigned twice in %v", b, match)
		}
		used[b] = true
		s := c.scoreOf(int32(a), b)
		if math.IsInf(s, -1) {
			t.Fatalf("pair %d–%d assigned without co-occurring", a, b)
		}
		total += s
	}
	return total
}

// linkBest returns the best total of from-accounts a.. by trying every
// free candidate of a, and leaving a out.
func linkBest(c *linkCands, a int, used []bool) float64 {
	if a == len(c.n) {
		return 0
	}
	best := linkBest(c, a+1, used)
	for k, b := range c.ranked(int32(a)) {
		if !used[b] {
			used[b] = true
			best = max(best, c.scores(int32(a))[k]+linkBest(c, a+1, used))
			used[b] = false
		}
	}
	return best
}

func TestLinkTopKeepsBestFirst(t *testing.T) {
	ids := []int32{4, 2, 5, 0, 3, 1}
	scores := []float64{1, 2, 5, 2, 7, 5}
	var top linkTop
	tests := []struct {
		k    int
		want []int32
	}{
		{1, []int32{3}},
		{3, []int32{3, 1, 5}},
		{4, []int32{3, 1, 5, 0}},
		{9, []int32{3, 1, 5, 0, 2, 4}},
	}
	for _, tt := range tests {
		top.reset()
		for i, b := range ids {
			top.offer(b, scores[i], tt.k)
		}
		top.sort()
		if !slices.Equal(top.to, tt.want) {
			t.Errorf("k=%d: got %v, want %v", tt.k, top.to, tt.want)
		}
	}
}

// linkRun is the simulated run of the linkage tests: the default scenario,
// in which venue operators hold the scans under salted pseudonyms, with
// 3,000 people over 28 days.
func linkRun(tb testing.TB) *Records {
	return simulated(tb, 3000, 28, "", nil)
}

// TestLinkPerfectStreamsSimulated links the venue operators' pseudonyms to
// the health authority's identities: the same scans under two labels.
// Every co-occurrence of a pseudonym with anyone is also one with its own
// identity, at the same weight, so no candidate can score above the true
// one; it can only tie, when someone was present at every one of the
// account's scans (a child always with a parent, say). Summing over
// accounts, the true pairing is then also a best assignment. The test
// checks that invariant on every account, and that ties are rare after a
// week: at least 99.5% linked, best guess and assignment alike.
func TestLinkPerfectStreamsSimulated(t *testing.T) {
	r := linkRun(t)
	from, err := r.View("venue operators", []string{"venue_operators"}, Window{To: 7 * 1440})
	if err != nil {
		t.Fatal(err)
	}
	to, err := r.View("health authority", []string{"health_authority"}, Window{To: 7 * 1440})
	if err != nil {
		t.Fatal(err)
	}
	c := linkCandidates(from, to, LinkOptions{}.withDefaults())
	truth := map[int32]int32{}
	for b, acc := range to.Accounts {
		truth[acc.Person] = int32(b)
	}
	for a := range from.Accounts {
		own := c.scoreOf(int32(a), truth[from.Accounts[a].Person])
		scores := c.scores(int32(a))
		best, last := scores[0], scores[len(scores)-1]
		tiedOut := math.IsInf(own, -1) && len(scores) == c.k && last >= best-1e-3*best
		if own < best-1e-3*best && !tiedOut {
			t.Fatalf("account %d scores %g with its identity, below its best %g", a, own, best)
		}
	}
	res := Link(from, to, LinkOptions{})
	if res.Linkable != res.From || res.Top1 < 0.995 || res.Matching < 0.995 {
		t.Errorf("perfect streams over a week: got %+v, "+
			"want all linkable, Top1 and Matching ≥ 0.995", res)
	}
}

// TestLinkOverDaysGrows links the venue operators' salted scans to the
// payment provider's real names over the first 1, 7, 14 and 28 days. As
// in Kondor et al. (2017/2020) the adversary links more people the longer
// it watches. The bounds leave room around the values of this seed (about
// 0.2, 0.8, 0.95, 0.95): under half after one day, over 80% after four
// weeks, and never fewer people correctly linked with more days (the
// share may dip slightly as newly seen payers join the linkable).
func TestLinkOverDaysGrows(t *testing.T) {
	r := linkRun(t)
	days := []int{1, 7, 14, 28, 60}
	res, err := LinkOverDays(r, []string{"venue_operators"},
		[]string{"payment_provider"}, days, LinkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 4 {
		t.Fatalf("got %d results, want 4 (60 days is beyond the run)", len(res))
	}
	linked := 0.0
	for i, x := range res {
		if x.Days != days[i] {
			t.Errorf("result %d: got %d days, want %d", i, x.Days, days[i])
		}
		n := x.Matching * float64(x.Linkable)
		if n < linked {
			t.Errorf("%d days: %.0f linked, fewer than %.0f before", x.Days, n, linked)
		}
		linked = n
	}
	if first, last := res[0].Matching, res[3].Matching; first >= 0.5 || last <= 0.8 {
		t.Errorf("got matching %.3f after 1 day and %.3f after 28, want < 0.5 and > 0.8", first, last)
	}
}

func TestLinkOverDaysRejects(t *testing.T) {
	r := simulated(t, 800, 2, "", nil)
	tests := []struct {
		name     string
		from, to string
		days     []int
	}{
		{"no days", "venue_operators", "payment_provider", []int{0}},
		{"unknown from", "tax_office", "payment_provider", []int{1}},
		{"unknown to", "venue_operators", "tax_office", []int{1}},
	}
	for _, tt := range tests {
		_, err := LinkOverDays(r, []string{tt.from}, []string{tt.to}, tt.days, LinkOptions{})
		if err == nil {
			t.Errorf("%s: got no error", tt.name)
		}
	}
}

// An adversary holding a venue operator's pseudonymous check-ins and a
// payment provider's named payments links them by where and when they
// co-occur. P0 pays alone once and dines twice with P1, who pays: P0's
// best single guess is P1's identity, but the one-to-one assignment sorts
// both out.
func ExampleLink() {
	venues := make([]sim.Venue, 4)
	for i := range venues {
		venues[i] = sim.Venue{ID: int32(i), Kind: "restaurant"}
	}
	checkIns := NewView("venue operator", []Account{
		{Label: "7f3a", Person: 0}, {Label: "c01d", Person: 1}, {Label: "9e44", Person: 2},
	}, venues, 1, []Observation{
		{Account: 0, Venue: 0, Minute: 720}, {Account: 0, Venue: 1, Minute: 1140},
		{Account: 1, Venue: 1, Minute: 1145}, {Account: 0, Venue: 2, Minute: 1260},
		{Account: 1, Venue: 2, Minute: 1262}, {Account: 2, Venue: 3, Minute: 780},
	})
	payments := NewView("payment provider", []Account{
		{Label: "Li Wei", Person: 0, Identified: true},
		{Label: "Wang Fang", Person: 1, Identified: true},
		{Label: "Zhang Min", Person: 2, Identified: true},
	}, venues, 1, []Observation{
		{Account: 0, Venue: 0, Minute: 735}, {Account: 1, Venue: 1, Minute: 1160},
		{Account: 1, Venue: 2, Minute: 1280}, {Account: 2, Venue: 3, Minute: 800},
	})
	res := Link(checkIns, payments, LinkOptions{})
	fmt.Printf("best guess right for %.0f%% of %d linkable pseudonyms\n", 100*res.Top1, res.Linkable)
	fmt.Printf("one-to-one assignment right for %.0f%%\n", 100*res.Matching)
	// Output:
	// best guess right for 67% of 3 linkable pseudonyms
	// one-to-one assignment right for 100%
}
