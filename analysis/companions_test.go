package analysis

import (
	"testing"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// companionRun has a household {0, 1} that lunches together on three
// days, at restaurant 1 and once at restaurant 4, and comes home at the
// same time; friends {2, 3} who meet at café 2 on two days; strangers 4
// and 5 who share an office (3), a station (5) and, a quarter of an hour
// apart, restaurant 4 on three days; and person 6, household of 5, who
// is never seen. Person 5 also drops in on 0 and 1's first lunch.
var companionRun = handRun{
	days: 4,
	kinds: []sim.Kind{sim.HousingCompound, sim.Restaurant, sim.Cafe, sim.Office,
		sim.Restaurant, sim.MetroStation},
	people: []handPerson{
		{0, 0, 3}, {0, 0, 3}, {1, 0, 3}, {2, 0, 3}, {3, 0, 3}, {4, 0, 3}, {4, 0, 3},
	},
	friends: []sim.Friendship{{Group: 0, Person: 2}, {Group: 0, Person: 3}},
	scans: joinRecords(
		[][3]int32{{0, 1, clockAt(0, 12, 0)}, {1, 1, clockAt(0, 12, 5)}, {0, 4, clockAt(1, 12, 0)},
			{1, 4, clockAt(1, 12, 5)}, {0, 1, clockAt(2, 12, 0)}, {1, 1, clockAt(2, 12, 5)}},
		[][3]int32{{0, 1, clockAt(0, 12, 2)}, {5, 1, clockAt(0, 12, 1)}},
		everyDay(0, 4, 0, 0, clockAt(0, 18, 0)), everyDay(0, 4, 1, 0, clockAt(0, 18, 0)),
		[][3]int32{{2, 2, clockAt(0, 19, 0)}, {3, 2, clockAt(0, 19, 3)},
			{2, 2, clockAt(3, 19, 0)}, {3, 2, clockAt(3, 19, 3)}},
		everyDay(0, 3, 4, 3, clockAt(0, 9, 0)), everyDay(0, 3, 5, 3, clockAt(0, 9, 0)),
		everyDay(0, 3, 4, 4, clockAt(0, 13, 0)), everyDay(0, 3, 5, 4, clockAt(0, 13, 15)),
		everyDay(0, 3, 0, 5, clockAt(0, 8, 0)), everyDay(0, 3, 4, 5, clockAt(0, 8, 0)),
	),
}

// everyDay returns a record of the person at the venue at the same time on
// days from to to-1, the first at minute first.
func everyDay(from, to, person, venue, first int32) [][3]int32 {
	var out [][3]int32
	for d := from; d < to; d++ {
		out = append(out, [3]int32{person, venue, first + d*1440})
	}
	return out
}

// joinRecords returns the records of the parts, one after another.
func joinRecords(parts ...[][3]int32) [][3]int32 {
	var out [][3]int32
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestCompanionsHandMade(t *testing.T) {
	tests := []struct {
		name    string
		holders []string
		opts    CompanionOptions
		want    CompanionResult
	}{
		// Only the household's three lunches count: the café saw the
		// friends twice, homes, offices and stations are not leisure,
		// and 4 and 5 came to restaurant 4 too far apart. 5 and 6 make
		// no true pair, 6 being unseen.
		{"defaults", []string{"ha"}, CompanionOptions{},
			CompanionResult{Predicted: 1, True: 2, Correct: 1, Precision: 1, Recall: 0.5}},
		// Payments mirroring the scans give everyone a second account;
		// a person's two accounts are no pair.
		{"scans and payments", []string{"ha", "pp"}, CompanionOptions{},
			CompanionResult{Predicted: 1, True: 2, Correct: 1, Precision: 1, Recall: 0.5}},
		// The friends met twice, but at one venue.
		{"two days", []string{"ha"}, CompanionOptions{MinTimes: 2},
			CompanionResult{Predicted: 1, True: 2, Correct: 1, Precision: 1, Recall: 0.5}},
		{"two days, one venue", []string{"ha"}, CompanionOptions{MinTimes: 2, MinVenues: 1},
			CompanionResult{Predicted: 2, True: 2, Correct: 2, Precision: 1, Recall: 1}},
		// Within 20 minutes the strangers share a habit, at one venue.
		{"20 minutes", []string{"ha"}, CompanionOptions{WindowMin: 20},
			CompanionResult{Predicted: 1, True: 2, Correct: 1, Precision: 1, Recall: 0.5}},
		{"20 minutes, one venue", []string{"ha"}, CompanionOptions{WindowMin: 20, MinVenues: 1},
			CompanionResult{Predicted: 2, True: 2, Correct: 1, Precision: 0.5, Recall: 0.5}},
		// With 5 there, the first lunch is a crowd of three.
		{"crowd of one", []string{"ha"}, CompanionOptions{MaxCrowd: 1},
			CompanionResult{True: 2}},
	}
	mirrored := companionRun
	mirrored.pays = companionRun.scans
	for _, tt := range tests {
		r, v := mirrored.view(t, tt.holders...)
		if got := Companions(v, r, tt.opts); got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestCompanionsNoRecords(t *testing.T) {
	r, v := handRun{kinds: companionRun.kinds, people: companionRun.people}.view(t, "ha")
	if got := Companions(v, r, CompanionOptions{}); got != (CompanionResult{}) {
		t.Errorf("got %+v, want zeros", got)
	}
}

func TestCompanionsSimulated(t *testing.T) {
	outings := func(s *scenarios.Scenario) { s.Movement.HouseholdOuting = 1 }
	base := simulated(t, 5000, 14, "", nil)
	often := simulated(t, 5000, 14, "household_outing=1", outings)
	var recall [2]float64
	for i, r := range []*Records{base, often} {
		v, err := r.View("all", r.Holders(), Window{})
		if err != nil {
			t.Fatal(err)
		}
		got := Companions(v, r, CompanionOptions{})
		if got.Precision <= 0.2 || got.Recall <= 0 || got.True == 0 {
			t.Errorf("run %d: got %+v, want precision above 0.2 and some recall", i, got)
		}
		recall[i] = got.Recall
	}
	// Households going out every weekend day are found more often.
	if recall[1] <= recall[0] {
		t.Errorf("recall %.4f with weekly household outings, want above %.4f", recall[1], recall[0])
	}
	empty, _ := base.View("none", base.Holders(), Window{From: 1 << 30, To: 1<<30 + 1})
	if got := Companions(empty, base, CompanionOptions{}); got != (CompanionResult{}) {
		t.Errorf("view without records: got %+v, want zeros", got)
	}
}
