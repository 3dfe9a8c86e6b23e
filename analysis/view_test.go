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
	// the same scans under salted pseudonyms: twice the observations, and
	// the two sets of accounts never share a label.
	ha, err := r.View("ha", []string{"health_authority"}, Window{})
	if err != nil {
		t.Fatal(err)
	}
	both, err := r.View("both", []string{"health_authority", "venue_operators"}, Window{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := both.NumObservations(), 2*ha.NumObservations(); got != want {
		t.Errorf("joined view has %d observations, want %d", got, want)
	}
	if got, want := both.NumAccounts(), 2*ha.NumAccounts(); got != want {
		t.Errorf("joined view has %d accounts, want %d", got, want)
	}
	for a := range ha.Accounts {
		if acc := ha.Accounts[a]; !acc.Identified {
			t.Fatalf("real-identity account %q not marked identified", acc.Label)
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
