package analysis

import (
	"testing"

	"github.com/scantrail/scantrail/sim"
)

// Three people with home venues of their own and one shared café: each
// later trace returns to its owner's home, so the profile method links
// all three; the baseline, reading only the most frequent venue, is
// fooled where the café dominates the later trace.
func TestTUL(t *testing.T) {
	venues := make([]sim.Venue, 4)
	accounts := []Account{{Label: "a", Person: 0}, {Label: "b", Person: 1},
		{Label: "c", Person: 2}}
	var obs []Observation
	add := func(a int32, vs ...int32) {
		for i, v := range vs {
			obs = append(obs, Observation{Account: a, Venue: v, Minute: int32(len(obs)*60 + i)})
		}
	}
	// 7 identified then 3 later observations each (split 0.7 of 10).
	add(0, 0, 0, 0, 3, 0, 0, 0, 3, 3, 0)
	add(1, 1, 1, 1, 3, 3, 3, 3, 1, 3, 3)
	add(2, 2, 2, 2, 2, 2, 2, 3, 2, 2, 2)
	v := NewView("x", accounts, venues, 1, obs)
	got := TUL(v, TULOptions{})
	if got.Users != 3 || got.Top1 != 1 || got.Top5 != 1 {
		t.Errorf("TUL = %+v, want 3 users all linked at top 1", got)
	}
	// Person 0's later trace is mostly the café, where person 1 was most.
	if got.BaselineTop1 != 2.0/3 {
		t.Errorf("baseline top-1 = %v, want 2/3", got.BaselineTop1)
	}
}

func TestTULTooShort(t *testing.T) {
	v := NewView("x", []Account{{Label: "a"}}, make([]sim.Venue, 1), 1,
		[]Observation{{Venue: 0, Minute: 1}})
	if got := TUL(v, TULOptions{}); got.Users != 0 || got.Top1 != 0 {
		t.Errorf("TUL = %+v, want nobody taking part", got)
	}
}
