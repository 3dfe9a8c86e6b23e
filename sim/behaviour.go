package sim

import "strings"

// Behaviour is a set of defences a person has adopted, one bit each.
type Behaviour uint8

// The behaviours of the mitigations section of a scenario.
const (
	// PaysCash: every purchase is paid in cash; no payment record.
	PaysCashOnly Behaviour = 1 << iota
	// SkipsScans: posted codes are skipped with the scenario's rate.
	SkipsScans
	// EntersManually: visits are written down instead of scanned.
	EntersManually
	// ScansDummies: codes are scanned at venues not visited.
	ScansDummies
	// SpoofsGPS: the phone reports a false position.
	SpoofsGPS
	// SharesAccount: the household scans under one member's account.
	SharesAccount
	// DelaysScans: scans are stamped late.
	DelaysScans
	numBehaviours = 7
)

var behaviourNames = [numBehaviours]string{
	"cash", "skip_scans", "manual_entry", "dummy_scans", "gps_spoofing",
	"shared_account", "delayed_scans",
}

// Behaviours lists every behaviour in order.
func Behaviours() []Behaviour {
	bs := make([]Behaviour, numBehaviours)
	for i := range bs {
		bs[i] = 1 << i
	}
	return bs
}

// Has reports whether every behaviour of o is in b.
func (b Behaviour) Has(o Behaviour) bool { return b&o == o && o != 0 }

// String lists the behaviours in b by their scenario names, joined by
// commas, or returns "" for none.
func (b Behaviour) String() string {
	var names []string
	for i, n := range behaviourNames {
		if b&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return strings.Join(names, ",")
}

// Entry says how a scan record came about.
type Entry uint8

// The entries: a scanned code, a written-down visit, or a dummy check-in
// at a venue the person did not visit.
const (
	Scanned Entry = iota
	Manual
	Dummy
)
