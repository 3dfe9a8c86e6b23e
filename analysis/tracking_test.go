package analysis

import (
	"testing"

	"github.com/scantrail/scantrail/sim"
)

// trackRun follows person 0 through one day: from home (compound 0) by
// the metro station 4 to the office 2, to restaurant 3 next door, and home
// again. Districts are {0, 1}, {2, 3} and {4, 5}; 5 is another
// restaurant. Scans (account P0) see the station, the office and the
// homecoming; payments (account x0) a wrong record at restaurant 5 and the
// office late in the afternoon. Person 1 stays home all day and is seen
// every hour.
var trackRun = handRun{
	days: 1,
	kinds: []sim.Kind{sim.HousingCompound, sim.HousingCompound, sim.Office, sim.Restaurant,
		sim.MetroStation, sim.Restaurant},
	people: []handPerson{{0, 0, 2}, {1, 1, -1}},
	stays: []sim.Visit{
		{Person: 0, Venue: 0, Arrival: 0, Departure: 480},
		{Person: 0, Venue: 4, Arrival: 500, Departure: 501},
		{Person: 0, Venue: 2, Arrival: 520, Departure: 1020},
		{Person: 0, Venue: 3, Arrival: 1040, Departure: 1100},
		{Person: 0, Venue: 0, Arrival: 1130, Departure: 1440},
		{Person: 1, Venue: 1, Arrival: 0, Departure: 1440},
	},
	scans: append([][3]int32{{0, 4, 500}, {0, 2, 520}, {0, 0, 1135}}, hourly(1, 1)...),
	pays:  [][3]int32{{0, 5, 600}, {0, 2, 960}},
}

// hourly returns a record of the person at the venue every hour of a day.
func hourly(person, venue int32) [][3]int32 {
	var out [][3]int32
	for h := int32(0); h < 24; h++ {
		out = append(out, [3]int32{person, venue, h * 60})
	}
	return out
}

func TestTrackAnswers(t *testing.T) {
	r, v := trackRun.view(t, "ha", "pp")
	p0 := []int32{0, 2} // P0, then x0 after P1
	if v.Accounts[2].Label != "x0" {
		t.Fatalf("account 2 is %q, want x0", v.Accounts[2].Label)
	}
	tests := []struct {
		t, guess, truth int32
	}{
		{300, -1, 0},  // nothing seen yet
		{510, 4, -1},  // on the way from the station
		{600, 5, 2},   // the wrong record
		{800, -1, 2},  // the last record is over 3 h old
		{960, 2, 2},   // a record at T answers T
		{1050, 2, 3},  // moved next door unseen
		{1315, 0, 0},  // 3 h after the homecoming
		{1316, -1, 0}, // past the horizon
	}
	for _, tt := range tests {
		guess, truth := latestVenue(v, p0, tt.t), stayAt(r.Visits(0), tt.t)
		if guess != tt.guess || truth != tt.truth {
			t.Errorf("T=%d: got guess %d truth %d, want %d %d",
				tt.t, guess, truth, tt.guess, tt.truth)
		}
	}
}

func TestTrackAccounts(t *testing.T) {
	r, v := trackRun.view(t, "ha", "pp")
	// Person 0's true hours are all 24; P0 places hours 8 (station,
	// office) and 18 (home), x0 adds hour 16 (office), not hour 10
	// (restaurant 5, where 0 never was). Person 1 is placed every hour.
	tests := []struct {
		name     string
		accounts []int32
		want     TrackResult
	}{
		{"identified", nil, TrackResult{Accounts: 2, People: 2, HoursPlaced: (2.0/24 + 1) / 2}},
		{"with payments", []int32{0, 2, 2, 1},
			TrackResult{Accounts: 3, People: 2, HoursPlaced: (3.0/24 + 1) / 2}},
		{"person 1", []int32{1}, TrackResult{Accounts: 1, People: 1, Queries: 50,
			Answered: 1, VenueCorrect: 1, DistrictCorrect: 1, HoursPlaced: 1}},
	}
	for _, tt := range tests {
		var got TrackResult
		if tt.accounts == nil {
			got = Track(v, r, 0, nil)
		} else {
			got = TrackAccounts(v, r, tt.accounts, tt.want.Queries, sim.NewSource(7))
		}
		if got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestTrackAccountsMatchesBruteForce(t *testing.T) {
	r, v := trackRun.view(t, "ha", "pp")
	got := TrackAccounts(v, r, []int32{2, 0}, 200, sim.NewSource(3))

	// Replay the draws and answer each question by scanning everything.
	rng := sim.NewSource(3)
	var answered, venueOK, distOK int
	for range 200 {
		q := rng.Int32N(1440)
		guess, when := int32(-1), int32(-1)
		for _, a := range []int32{0, 2} {
			for _, o := range v.Trace(a) {
				if o.Minute <= q && o.Minute >= q-180 && o.Minute > when {
					guess, when = o.Venue, o.Minute
				}
			}
		}
		truth := int32(-1)
		for _, s := range r.Visits(0) {
			if s.Arrive <= q && q < s.Depart {
				truth = s.Venue
			}
		}
		answered += count(guess >= 0)
		venueOK += count(guess >= 0 && guess == truth)
		distOK += count(guess >= 0 && truth >= 0 && guess/2 == truth/2)
	}
	want := TrackResult{Accounts: 2, People: 1, Queries: 200,
		Answered: float64(answered) / 200, VenueCorrect: float64(venueOK) / 200,
		DistrictCorrect: float64(distOK) / 200, HoursPlaced: 3.0 / 24}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if answered == 0 || venueOK == 0 || distOK == venueOK {
		t.Errorf("draws missed a case: answered %d, venue %d, district %d",
			answered, venueOK, distOK)
	}
}

func TestTrackSimulated(t *testing.T) {
	r := simulated(t, 5000, 14, "", nil)
	v, err := r.View("all", r.Holders(), Window{})
	if err != nil {
		t.Fatal(err)
	}
	got := Track(v, r, 20, sim.NewSource(1))
	if got.People == 0 || got.Queries != 20*got.People {
		t.Fatalf("got %d people and %d queries, want 20 a person", got.People, got.Queries)
	}
	// A venue is in its district, so district answers are right at least
	// as often; answers need records, so some queries go unanswered.
	if !(got.VenueCorrect > 0 && got.DistrictCorrect >= got.VenueCorrect &&
		got.Answered >= got.DistrictCorrect && got.Answered < 1) {
		t.Errorf("shares out of order: %+v", got)
	}
	if got.HoursPlaced <= 0 || got.HoursPlaced >= 1 {
		t.Errorf("hours placed %.3f, want within (0, 1)", got.HoursPlaced)
	}
	empty, _ := r.View("none", r.Holders(), Window{From: 1 << 30, To: 1<<30 + 1})
	if got := Track(empty, r, 20, sim.NewSource(1)); got != (TrackResult{}) {
		t.Errorf("view without records: got %+v, want zeros", got)
	}
}
