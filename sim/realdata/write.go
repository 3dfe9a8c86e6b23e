package realdata

import (
	"context"
	"fmt"
	"time"

	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/scenarios"
)

// Write writes the import's tables into a run: venues, scans or visits,
// accounts and routes. It stops with ctx's error when ctx is done (it
// looks between blocks of rows), leaving the run for the caller to abort.
func (imp *Import) Write(ctx context.Context, run *output.Run) error {
	if err := writeTable(ctx, run, "venues", imp.Venues); err != nil {
		return err
	}
	if len(imp.Visits) > 0 {
		if err := writeTable(ctx, run, "visits", imp.Visits); err != nil {
			return err
		}
	} else if len(imp.Scans) > 0 {
		if err := writeTable(ctx, run, "scans", imp.Scans); err != nil {
			return err
		}
	}
	if err := writeTable(ctx, run, "accounts", imp.Accounts); err != nil {
		return err
	}
	return writeTable(ctx, run, "routes", imp.Routes)
}

// writeTable writes rows as the table name, checkEvery rows at a time,
// looking at ctx between blocks. The file is the same as one written at
// once.
func writeTable[T any](ctx context.Context, run *output.Run, name string, rows []T) error {
	t, err := output.NewTable[T](run, name)
	if err != nil {
		return err
	}
	for len(rows) > 0 {
		if err := ctx.Err(); err != nil {
			t.Close()
			return err
		}
		n := min(len(rows), checkEvery)
		if err := t.Write(rows[:n]); err != nil {
			t.Close()
			return err
		}
		rows = rows[n:]
	}
	return t.Close()
}

// Adversary is the name of the one adversary of an imported folder: it
// reads everything the source holder holds.
const Adversary = "analyst"

// Scenario returns the scenario an imported folder is analysed under: the
// default with the import's time span (from the Monday on or before the
// first record, local time in loc, so that weekdays fall as the attacks
// expect), its number of people, one holder (Holder, salted pseudonyms)
// and one adversary reading it, and the attacks that need no ground truth
// beyond what the import holds (unicity, home and work, risk).
func (imp *Import) Scenario(loc *time.Location) (*scenarios.Scenario, error) {
	s, err := scenarios.Default()
	if err != nil {
		return nil, err
	}
	s.Name = "import-" + imp.Format
	s.Description = fmt.Sprintf("Imported %s records of %d people; no ground truth.",
		imp.Format, imp.People)
	s.Timezone = loc.String()
	start, days := importSpan(imp.First, imp.Last, loc)
	s.Start, s.Days = start.Format(time.DateOnly), days
	s.Population.People = max(imp.People, 1)
	s.Holders = []scenarios.Holder{{Name: Holder, Streams: []string{"scans"},
		Identifier: "salted"}}
	s.Adversaries = []scenarios.Adversary{{Name: Adversary, Holders: []string{Holder}}}
	s.Attacks.Replicates = 1
	s.Attacks.Linkage.Enabled = false
	s.Attacks.Linkage.From, s.Attacks.Linkage.To = []string{Holder}, []string{Holder}
	s.Attacks.Tracking.Enabled = false
	s.Attacks.Companions.Enabled = false
	s.Attacks.Unicity.Resolutions = []string{"venue/hour", "venue/day", "district/hour"}
	s.Attacks.Risk.Resolution = "venue"
	text, err := scenarios.Marshal(s)
	if err != nil {
		return nil, err
	}
	return scenarios.Parse("import", "", text, nil)
}

// importSpan returns the Monday (local midnight in loc) on or before the
// first record and the number of days to the last.
func importSpan(first, last int64, loc *time.Location) (time.Time, int) {
	if first == 0 && last == 0 {
		first = time.Now().UnixMilli()
		last = first
	}
	t := time.UnixMilli(first).In(loc)
	monday := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	end := time.UnixMilli(last).In(loc)
	days := 1
	for monday.AddDate(0, 0, days).Before(end) || monday.AddDate(0, 0, days).Equal(end) {
		days++
	}
	return monday, days
}
