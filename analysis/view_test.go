package analysis

import (
	"testing"

	"github.com/scantrail/scantrail/sim"
)

func TestHandViewGroupsAndSorts(t *testing.T) {
	v := handView(3, [3]int32{1, 2, 50}, [3]int32{0, 1, 10}, [3]int32{1, 0, 20}, [3]int32{0, 2, 5})
	if got := v.NumAccounts(); got != 2 {
		t.Fatalf("got %d accounts, want 2", got)
	}
	tr := v.Trace(1)
	if len(tr) != 2 || tr[0].Minute != 20 || tr[1].Minute != 50 {
		t.Errorf("trace of account 1: got %+v, want minutes 20 then 50", tr)
	}
}

func TestResolutionPoints(t *testing.T) {
	v := handView(4, [3]int32{0, 3, 125})
	o := v.Trace(0)[0]
	tests := []struct {
		spec  string
		place uint32
		bin   uint32
	}{
		{"venue/minute", 3, 125},
		{"venue/hour", 3, 2},
		{"district/day", 1, 0},
		{"grid2000/hour", 1, 2},
	}
	for _, tt := range tests {
		r, err := ParseResolution(tt.spec)
		if err != nil {
			t.Fatal(err)
		}
		p := r.Point(v, o)
		if got, want := [2]uint32{uint32(p >> 32), uint32(p)}, [2]uint32{tt.place, tt.bin}; got != want {
			t.Errorf("%s: got place %d bin %d, want %d %d", tt.spec, got[0], got[1], want[0], want[1])
		}
		if r.String() != tt.spec {
			t.Errorf("String() = %q, want %q", r.String(), tt.spec)
		}
	}
	for _, bad := range []string{"venue", "room/hour", "venue/week", "grid/hour", "grid-5/day"} {
		if _, err := ParseResolution(bad); err == nil {
			t.Errorf("ParseResolution(%q) accepted", bad)
		}
	}
}

func TestRecordsViewsUnderHolderIdentifiers(t *testing.T) {
	r := simulated(t, 800, 2, "", nil)
	if r.Count(sim.StreamScans) == 0 || r.Count(sim.StreamTaps) == 0 {
		t.Fatal("simulation produced no scans or taps")
	}
	// health_authority holds scans under real identities, venue_operators
	// the same scans under salted pseudonyms. Alone, the operators' view
	// has the scans under pseudonyms; joined, each scan appears once, under
	// the real identity.
	ha, err := r.View("ha", []string{"health_authority"}, Window{})
	if err != nil {
		t.Fatal(err)
	}
	vo, err := r.View("vo", []string{"venue_operators"}, Window{})
	if err != nil {
		t.Fatal(err)
	}
	both, err := r.View("both", []string{"venue_operators", "health_authority"}, Window{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := both.NumObservations(), ha.NumObservations(); got != want {
		t.Errorf("joined view has %d observations, want %d (each scan once)", got, want)
	}
	if got, want := vo.NumObservations(), ha.NumObservations(); got != want {
		t.Errorf("operators hold %d scans, the health authority %d", got, want)
	}
	for a := range both.Accounts {
		if acc := both.Accounts[a]; !acc.Identified {
			t.Fatalf("joined view kept the pseudonym %q", acc.Label)
		}
	}
	for a := range vo.Accounts {
		if acc := vo.Accounts[a]; acc.Identified || acc.Label == ha.Accounts[0].Label {
			t.Fatalf("operators' account %q looks identified", acc.Label)
		}
	}
	day1, _ := r.View("day1", []string{"health_authority"}, Window{To: 1440})
	for a := int32(0); a < int32(day1.NumAccounts()); a++ {
		for _, o := range day1.Trace(a) {
			if o.Minute >= 1440 {
				t.Fatalf("windowed view kept minute %d", o.Minute)
			}
		}
	}
	if _, err := r.View("x", []string{"tax_office"}, Window{}); err == nil {
		t.Error("a view of an unknown holder was built")
	}
}

func TestByPersonMergesAPersonsAccounts(t *testing.T) {
	v := handView(3, [3]int32{0, 1, 10}, [3]int32{1, 2, 20}, [3]int32{2, 1, 30})
	v.Accounts[2].Person = 0 // account 2 is a second account of person 0
	v.Accounts[2].Identified = false
	p := v.ByPerson()
	if got := p.NumAccounts(); got != 2 {
		t.Fatalf("got %d people, want 2", got)
	}
	tr := p.Trace(0)
	if len(tr) != 2 || tr[0].Minute != 10 || tr[1].Minute != 30 {
		t.Errorf("person 0's merged trace %+v, want minutes 10 and 30", tr)
	}
	if !p.Accounts[0].Identified || p.Accounts[1].Person != 1 {
		t.Errorf("merged accounts %+v", p.Accounts)
	}
	if got, want := p.NumObservations(), v.NumObservations(); got != want {
		t.Errorf("merging kept %d observations, want %d", got, want)
	}
}
