package analysis

import (
	"cmp"
	"context"
	"math"
	"slices"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// Asking for more values of p must not change the points drawn for the
// smaller ones.
func TestUnicityDrawsDoNotDependOnLargestP(t *testing.T) {
	r := simulated(t, 400, 2, "", nil)
	v, err := r.View("all", r.Holders(), Window{})
	if err != nil {
		t.Fatal(err)
	}
	res, _ := ParseResolution("venue/hour")
	sample := SampleAccounts(v, 200, sim.NewSource(1))
	one := Unicity(v, res, []int{1, 2}, sample, sim.NewSource(2))
	many := Unicity(v, res, []int{1, 2, 3, 4, 5}, sample, sim.NewSource(2))
	for i := range one {
		if one[i] != many[i] {
			t.Errorf("p=%d: %+v with p up to 2, %+v with p up to 5", one[i].P, one[i], many[i])
		}
	}
}

func TestEvaluateDefaultScenario(t *testing.T) {
	s, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	s.Population.People, s.Days = 400, 2
	s.Attacks.Sample = 100
	r := simulated(t, 400, 2, "", nil)
	ms, err := Evaluate(context.Background(), s, r, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, m := range ms {
		got[m.Adversary+"/"+m.Attack]++
		if m.Replicate != 0 || m.Scenario != "default" {
			t.Fatalf("metric %+v not labelled with replicate 0 of default", m)
		}
		if v := m.Value; !math.IsNaN(v) && (v < 0 || math.IsInf(v, 0)) {
			t.Errorf("metric %+v has an impossible value", m)
		}
	}
	// Linkage runs only for public security, the one adversary that reads
	// both the venue operators and an identified holder; two days of data
	// allow only the 1-day amount of the default [1, 7, 14, 28].
	if n := got["public_security/linkage"]; n != 4 {
		t.Errorf("public security has %d linkage metrics, want 4 (one amount of data)", n)
	}
	if n := got["venue_operators/linkage"]; n != 0 {
		t.Errorf("venue operators alone have %d linkage metrics, want none", n)
	}
	// Unicity: 10 values of p at 3 resolutions.
	if n := got["payment_provider/unicity"]; n != 30 {
		t.Errorf("payment provider has %d unicity metrics, want 30", n)
	}
}

// An adversary that reads nothing the attacks can use learns nothing: its
// metrics are absent or not-a-number, never a made-up zero.
func TestAdversaryReadingNothingLearnsNothing(t *testing.T) {
	s, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	s.Days = 2
	s.Adversaries = []scenarios.Adversary{{Name: "late", Holders: []string{"health_authority"},
		QueryDay: 0}}
	r := simulated(t, 400, 2, "", nil)
	empty := NewRecords(0)
	if err := empty.Static(&sim.Static{Venues: r.Venues, People: r.People, Routes: r.Routes,
		Accounts: accountsOf(r)}); err != nil {
		t.Fatal(err)
	}
	ms, err := Evaluate(context.Background(), s, empty, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Value != 0 && !math.IsNaN(m.Value) {
			t.Errorf("%s %s %s = %g from no records", m.Attack, m.Metric, m.Parameter, m.Value)
		}
	}
}

// accountsOf rebuilds the account rows a Records was given.
func accountsOf(r *Records) []sim.Account {
	var out []sim.Account
	for holder, labels := range r.accounts {
		for p, l := range labels {
			out = append(out, sim.Account{Holder: holder, Person: int32(p), Account: l})
		}
	}
	return out
}

// TestMergeInPlace checks merging a view by person in its own array
// against a plain reference (relabel every observation, then sort by
// account, minute and venue), on a small run's views where people hold
// named accounts, transit cards and pseudonyms at once, and on a view with
// silos and rotating pseudonyms.
func TestMergeInPlace(t *testing.T) {
	r := simulated(t, 300, 3, "", nil)
	rotating := simulated(t, 300, 3, "rotating", func(s *scenarios.Scenario) {
		s.Holders[3].Identifier = "daily"
		s.Mitigations.Silos = true
	})
	cases := []struct {
		r       *Records
		holders []string
	}{
		{r, r.Holders()}, {r, []string{"venue_operators"}}, {r, []string{"public_security"}},
		{rotating, rotating.Holders()},
	}
	for _, c := range cases {
		v, err := c.r.View("merge", c.holders, Window{})
		if err != nil {
			t.Fatal(err)
		}
		merged, accounts := v.mergeByPerson()
		var want []Observation
		for a := range v.Accounts {
			for _, o := range v.Trace(int32(a)) {
				o.Account = merged[a]
				want = append(want, o)
			}
		}
		slices.SortFunc(want, func(a, b Observation) int {
			return cmp.Or(cmp.Compare(a.Account, b.Account), compareTime(a, b))
		})
		got := v.MergeByPerson()
		if !slices.Equal(got.Accounts, accounts) || !slices.Equal(got.obs, want) {
			t.Errorf("%v: merging in place differs from the reference", c.holders)
		}
		if v.obs != nil {
			t.Errorf("%v: the account view still holds its observations", c.holders)
		}
	}
}
