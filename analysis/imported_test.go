package analysis

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/scenarios"
)

// An imported folder with fewer than MinPeople people with records gets a
// warning; accounts without records are not counted as people.
func TestEvaluateImportedWarnsFewPeople(t *testing.T) {
	tests := []struct {
		name        string
		withRecords int
		empty       int
		warn        bool
	}{
		{"one person", 1, 2, true},
		{"19 people", MinPeople - 1, 0, true},
		{"enough people", MinPeople, 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var obs [][3]int32
			for a := range int32(tt.withRecords) {
				for i := range int32(5) {
					obs = append(obs, [3]int32{a, (a + i) % 10, 60 * i})
				}
			}
			hand := handView(10, obs...)
			accounts := append(hand.Accounts, make([]Account, tt.empty)...)
			v := NewView("hand", accounts, hand.Venues, 1, hand.obs)
			imp := &Imported{Scenario: importedScenario(t), View: v}
			if got := imp.People(); got != tt.withRecords {
				t.Fatalf("People() = %d, want %d", got, tt.withRecords)
			}
			var buf bytes.Buffer
			log := slog.New(slog.NewTextHandler(&buf, nil))
			if _, err := EvaluateImported(context.Background(), imp.Scenario, imp,
				log); err != nil {
				t.Fatal(err)
			}
			warned := strings.Contains(buf.String(), "level=WARN") &&
				strings.Contains(buf.String(), "means little")
			if warned != tt.warn {
				t.Errorf("warned %v, want %v; log:\n%s", warned, tt.warn, buf.String())
			}
		})
	}
}

// importedScenario is the default scenario with one adversary and only the
// attacks that need no ground truth and no positions.
func importedScenario(t *testing.T) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	s.Days = 1
	s.Adversaries = []scenarios.Adversary{{Name: "analyst", Holders: []string{"source"}}}
	s.Attacks.Linkage.Enabled = false
	s.Attacks.Tracking.Enabled = false
	s.Attacks.Companions.Enabled = false
	return s
}
