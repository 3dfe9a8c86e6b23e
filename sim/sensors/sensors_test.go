package sensors

import (
	"math"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/movement"
)

func scenario(t testing.TB) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ptr(x float64) *float64 { return &x }

// venues returns one venue of each kind with every sensor in place.
func venues() []sim.Venue {
	var vs []sim.Venue
	for _, k := range sim.Kinds() {
		vs = append(vs, sim.Venue{ID: int32(k), K: k, Lat: 30, Lon: 120,
			QRCode: true, Camera: true, MobilePayment: true, Opens: 0, Closes: 1440})
	}
	return vs
}

// record runs n one-stop days at venue kind k for person pp.
func record(se *Sensors, pp *sim.Person, k sim.Kind, role movement.Role, n int) *sim.Day {
	vs := venues()
	out := &sim.Day{}
	rng := sim.NewSource()
	stops := []movement.Stop{{Venue: int32(k), Arrive: 600, Depart: 660, Role: role}}
	for d := 0; d < n; d++ {
		rng.Reseed(9, uint64(d))
		se.Record(pp, stops, d, 0, vs, rng, out)
	}
	return out
}

func within5SD(k, n int, p float64) bool {
	return math.Abs(float64(k)-float64(n)*p) <= math.Max(5*math.Sqrt(float64(n)*p*(1-p)), 2)
}

func TestScanRate(t *testing.T) {
	s := scenario(t)
	s.Sensors.QR.Kinds = map[string]scenarios.QRRate{"cafe": {Scan: ptr(0.6)}}
	se := New(s, nil, 1000)
	const n = 20000
	phone := &sim.Person{ID: 3, Smartphone: true}
	if got := len(record(se, phone, sim.Cafe, movement.RoleVisit, n).Scans); !within5SD(got, n, 0.6) {
		t.Errorf("%d scans in %d cafe visits, want p=0.6", got, n)
	}
	noPhone := &sim.Person{ID: 4}
	if got := len(record(se, noPhone, sim.Cafe, movement.RoleVisit, n).Scans); got != 0 {
		t.Errorf("a person without a smartphone scanned %d times", got)
	}
	if got := len(record(se, phone, sim.MetroStation, movement.RoleExit, n).Scans); got != 0 {
		t.Errorf("%d scans at station exits, want none", got)
	}
}

// A GPS error of σ metres per axis gives a mean planar error of σ·√(π/2).
func TestScanPositionError(t *testing.T) {
	s := scenario(t)
	s.Sensors.QR.GPSErrorM = 20
	se := New(s, nil, 10)
	scans := record(se, &sim.Person{Smartphone: true}, sim.Shop, movement.RoleVisit, 20000).Scans
	sum := 0.0
	for _, sc := range scans {
		dy := (sc.Lat - 30) * 111320
		dx := (sc.Lon - 120) * 111320 * math.Cos(30*math.Pi/180)
		sum += math.Hypot(dx, dy)
	}
	// The Rayleigh distribution's standard deviation is σ·√(2-π/2).
	want, sd := 20*math.Sqrt(math.Pi/2), 20*math.Sqrt(2-math.Pi/2)
	if got := sum / float64(len(scans)); math.Abs(got-want) > 5*sd/math.Sqrt(float64(len(scans))) {
		t.Errorf("mean position error %.2f m, want %.2f m", got, want)
	}
}

func TestPaymentRate(t *testing.T) {
	s := scenario(t)
	s.Sensors.Payment.Kinds = map[string]scenarios.PaymentRate{
		"restaurant": {Purchase: ptr(0.8), AmountMedian: ptr(50), AmountSigma: ptr(0.5)}}
	s.Population.PhoneShare.Mixed = 0.5
	se := New(s, nil, 10)
	const n = 20000
	pays := record(se, &sim.Person{Smartphone: true, Pay: sim.PaysMixed}, sim.Restaurant,
		movement.RoleVisit, n).Payments
	if !within5SD(len(pays), n, 0.4) {
		t.Errorf("%d phone payments in %d visits, want p=0.8·0.5", len(pays), n)
	}
	logs := 0.0
	for _, p := range pays {
		if p.Time < 600*60000 || p.Time >= 660*60000 {
			t.Fatalf("payment at %d outside the visit", p.Time)
		}
		logs += math.Log(p.Amount)
	}
	// The log of a log-normal amount has standard deviation σ = 0.5.
	bound := 5 * 0.5 / math.Sqrt(float64(len(pays)))
	if got := logs / float64(len(pays)); math.Abs(got-math.Log(50)) > bound {
		t.Errorf("mean log amount %.3f, want log 50 = %.3f", got, math.Log(50))
	}
	if got := len(record(se, &sim.Person{Smartphone: true, Pay: sim.PaysCash}, sim.Restaurant,
		movement.RoleVisit, n).Payments); !within5SD(got, n, 0.8*s.Population.PhoneShare.Cash) {
		t.Errorf("cash payer made %d phone payments", got)
	}
}

func TestCameraMatches(t *testing.T) {
	s := scenario(t)
	s.Sensors.Camera.Kinds = map[string]scenarios.CameraRate{"bank": {
		Detection: ptr(0.7), HitRate: ptr(0.8), FalseMatch: ptr(0.05)}}
	se := New(s, nil, 100)
	const n = 40000
	pp := &sim.Person{ID: 7}
	sights := record(se, pp, sim.Bank, movement.RoleVisit, n).Sightings
	if !within5SD(len(sights), n, 0.7) {
		t.Errorf("%d sightings in %d visits, want p=0.7", len(sights), n)
	}
	var hits, wrong, none int
	for _, sg := range sights {
		switch {
		case sg.Matched == pp.ID:
			hits++
		case sg.Matched < 0:
			none++
		default:
			wrong++
			if sg.Matched >= 100 {
				t.Fatalf("matched person %d outside the population", sg.Matched)
			}
		}
		if sg.Person != pp.ID {
			t.Fatalf("sighting of %d, want %d", sg.Person, pp.ID)
		}
	}
	m := len(sights)
	if !within5SD(hits, m, 0.8) || !within5SD(wrong, m, 0.05) || !within5SD(none, m, 0.15) {
		t.Errorf("hits %d, false %d, none %d of %d; want shares 0.8, 0.05, 0.15", hits, wrong, none, m)
	}
}

func TestTapsPairAndTickets(t *testing.T) {
	s := scenario(t)
	se := New(s, nil, 10)
	vs := venues()
	stops := []movement.Stop{
		{Venue: int32(sim.MetroStation), Arrive: 480, Depart: 481, Role: movement.RoleEntry},
		{Venue: int32(sim.BusStop), Arrive: 500, Depart: 501, Role: movement.RoleExit},
		{Venue: int32(sim.MetroStation), Arrive: 600, Depart: 601, Role: movement.RoleEntry},
		{Venue: int32(sim.BusStop), Arrive: 620, Depart: 621, Role: movement.RoleExit},
	}
	tests := []struct {
		name      string
		card      int64
		sameCards bool
	}{
		{"card owner", 12345, true},
		{"single tickets", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := &sim.Day{}
			se.Record(&sim.Person{ID: 1, Card: tt.card}, stops, 0, 0, vs, sim.NewSource(1), out)
			if len(out.Taps) != 4 {
				t.Fatalf("%d taps, want 4 (tap rate 1)", len(out.Taps))
			}
			if out.Taps[0].Card != out.Taps[1].Card {
				t.Error("entry and exit of one trip used different cards")
			}
			if got := out.Taps[0].Card == out.Taps[2].Card; got != tt.sameCards {
				t.Errorf("same card on both trips: got %v, want %v", got, tt.sameCards)
			}
			if !out.Taps[0].Entry || out.Taps[1].Entry {
				t.Error("entry and exit flags wrong")
			}
		})
	}
}
