package engine

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// streamSink digests each table of a run apart, so that tests can tell
// which tables a change touched.
type streamSink struct {
	sums map[string][32]byte
	rows map[string][]byte
	n    map[string]int
}

func newStreamSink() *streamSink {
	return &streamSink{sums: map[string][32]byte{}, rows: map[string][]byte{},
		n: map[string]int{}}
}

func (s *streamSink) Static(*sim.Static) error { return nil }

func (s *streamSink) Day(d *sim.Day) error {
	for name, rows := range map[string]any{"visits": d.Visits, "scans": d.Scans,
		"payments": d.Payments, "sightings": d.Sightings, "taps": d.Taps} {
		s.rows[name] = fmt.Appendf(s.rows[name], "%v", rows)
	}
	s.n["scans"] += len(d.Scans)
	s.n["payments"] += len(d.Payments)
	return nil
}

func (s *streamSink) digest(name string) [32]byte { return sha256.Sum256(s.rows[name]) }

// Adopting a behaviour changes only the table it acts on: the sensors
// draw every record as without behaviours, and the behaviours draw from
// their own stream. So a paired comparison of a run with and without a
// defence differs only where the defence acts.
func TestBehavioursTouchOnlyTheirTables(t *testing.T) {
	run := func(edit func(*scenarios.Scenario)) *streamSink {
		s := small(t, 800, 2)
		if edit != nil {
			edit(s)
		}
		sink := newStreamSink()
		if _, err := Run(context.Background(), s, sink, Options{}); err != nil {
			t.Fatal(err)
		}
		return sink
	}
	base := run(nil)
	half := func(a *scenarios.Adoption) { a.Share = 0.5 }
	tests := []struct {
		name    string
		edit    func(*scenarios.Scenario)
		changed string // the one table that must differ
	}{
		{"cash", func(s *scenarios.Scenario) { half(&s.Mitigations.Cash) }, "payments"},
		{"skip scans", func(s *scenarios.Scenario) { half(&s.Mitigations.SkipScans.Adoption) },
			"scans"},
		{"manual entry", func(s *scenarios.Scenario) {
			half(&s.Mitigations.ManualEntry.Adoption)
		}, "scans"},
		{"dummy scans", func(s *scenarios.Scenario) {
			half(&s.Mitigations.DummyScans.Adoption)
		}, "scans"},
		{"gps spoofing", func(s *scenarios.Scenario) {
			s.Mitigations.GPSSpoofing.Mode = "random"
			half(&s.Mitigations.GPSSpoofing.Adoption)
		}, "scans"},
		{"shared account", func(s *scenarios.Scenario) {
			half(&s.Mitigations.SharedAccount)
		}, "scans"},
		{"delayed scans", func(s *scenarios.Scenario) {
			half(&s.Mitigations.DelayedScans.Adoption)
		}, "scans"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(tt.edit)
			for _, table := range []string{"visits", "scans", "payments", "sightings", "taps"} {
				same := got.digest(table) == base.digest(table)
				if table == tt.changed && same {
					t.Errorf("%s: unchanged, want the behaviour to act on it", table)
				}
				if table != tt.changed && !same {
					t.Errorf("%s: changed, want it as without the behaviour", table)
				}
			}
		})
	}
}
