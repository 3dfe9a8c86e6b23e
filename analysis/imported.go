package analysis

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// AttackTUL names the trajectory-user linking results of an imported
// folder in the metrics; they are a form of linkage.
const AttackTUL = AttackLinkage

// Imported is an imported folder of real records, as the attacks read it:
// one account per person (a salted pseudonym), no ground truth.
type Imported struct {
	// Scenario is the scenario stored with the import (time zone, span,
	// attack settings).
	Scenario *scenarios.Scenario
	// View holds every record under its person's account.
	View *View
}

// MinPeople is the fewest people with records for which the shares an
// imported folder's attacks report (unicity, home and work, risk, linking)
// mean much; below it EvaluateImported warns. With n people a share moves
// in steps of 1/n, and one person alone is always unique.
const MinPeople = 20

// People returns the number of accounts with at least one record.
func (imp *Imported) People() int {
	n := 0
	for a := range int32(imp.View.NumAccounts()) {
		if len(imp.View.Trace(a)) > 0 {
			n++
		}
	}
	return n
}

// IsImported reports whether the folder's manifest marks it as an import
// (scantrail import), as opposed to a simulation.
func IsImported(dir string) bool {
	m, err := output.ReadManifest(dir)
	return err == nil && m.Extra["kind"] == "import"
}

// ErrNotImported is wrapped by LoadImported's error for a path that is
// not a folder written by scantrail import: a file, a folder without a
// manifest, or a simulation's run folder.
var ErrNotImported = errors.New("not an imported folder")

// LoadImported reads an imported folder, checking every file against its
// manifest first. Each record becomes an observation at the minute since
// local midnight of the folder's first day (a Monday), so that the night
// and weekday windows of HomeWork read local time. Venues whose category
// mapped to no kind are read as places people stay at (not transit).
func LoadImported(dir string) (*Imported, error) {
	m, err := readImportManifest(dir)
	if err != nil {
		return nil, err
	}
	if err := output.VerifyFiles(dir); err != nil {
		return nil, err
	}
	s, err := scenarios.Parse(filepath.Join(dir, "manifest.json"), dir, []byte(m.Scenario), nil)
	if err != nil {
		return nil, err
	}
	start, err := s.StartDate()
	if err != nil {
		return nil, err
	}
	var venues []sim.Venue
	var accounts []sim.Account
	if err := readAll(dir, "venues", &venues); err != nil {
		return nil, err
	}
	if err := readAll(dir, "accounts", &accounts); err != nil {
		return nil, err
	}
	for i := range venues {
		k, ok := sim.ParseKind(venues[i].Kind)
		if !ok {
			k = sim.Entertainment
		}
		venues[i].K = k
	}
	obs, err := importedObservations(dir, m, start.UnixMilli())
	if err != nil {
		return nil, err
	}
	accs := make([]Account, len(accounts))
	for _, a := range accounts {
		if a.Person < 0 || int(a.Person) >= len(accs) {
			return nil, fmt.Errorf("%s: account of person %d outside 0..%d", dir, a.Person,
				len(accs)-1)
		}
		accs[a.Person] = Account{Label: a.Account, Person: a.Person}
	}
	for _, o := range obs {
		if int(o.Account) >= len(accs) || int(o.Venue) >= len(venues) || o.Venue < 0 {
			return nil, fmt.Errorf("%s: a record names person %d or venue %d, which the "+
				"folder does not hold", dir, o.Account, o.Venue)
		}
	}
	v := NewView(s.Adversaries[0].Name, accs, venues, s.Days, obs)
	return &Imported{Scenario: s, View: v}, nil
}

// readImportManifest reads the manifest of an imported folder, telling a
// missing folder (fs.ErrNotExist), a file, a folder without a manifest and
// a simulation's run folder apart (ErrNotImported).
func readImportManifest(dir string) (*output.Manifest, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	const want = "want a folder written by scantrail import"
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: %w: a file; %s", dir, ErrNotImported, want)
	}
	m, err := output.ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w: no manifest.json, so not a run folder; %s", dir,
			ErrNotImported, want)
	}
	if err != nil {
		return nil, err
	}
	if m.Extra["kind"] != "import" {
		return nil, fmt.Errorf("%s: %w: a simulation's run folder (scantrail run); %s", dir,
			ErrNotImported, want)
	}
	return m, nil
}

// importedObservations reads the scans or the visits (arrivals) of an
// imported folder as observations.
func importedObservations(dir string, m *output.Manifest, start int64) ([]Observation, error) {
	minute := func(t int64) int32 { return int32((t - start) / 60000) }
	var obs []Observation
	if _, ok := m.Rows["visits"]; ok {
		err := readBatches(dir, "visits", func(rows []sim.Visit) error {
			for _, r := range rows {
				obs = append(obs, Observation{Account: r.Person, Venue: r.Venue,
					Minute: minute(r.Arrival)})
			}
			return nil
		})
		return obs, err
	}
	if _, ok := m.Rows["scans"]; !ok {
		return nil, nil // a venue list: no records
	}
	err := readBatches(dir, "scans", func(rows []sim.Scan) error {
		for _, r := range rows {
			obs = append(obs, Observation{Account: r.Person, Venue: r.Venue,
				Minute: minute(r.Time)})
		}
		return nil
	})
	return obs, err
}

// EvaluateImported runs on an imported folder the attacks that need no
// ground truth, for the scenario's first adversary:
//
//   - unicity at each of the scenario's resolutions, as Evaluate does;
//   - home and work: the share of people with an inferred home and with
//     an inferred (home, work) pair, and the anonymity set of the pairs
//     at venue and district level (there is no truth to score accuracy);
//   - the background-knowledge risk, as Evaluate does;
//   - trajectory-user linking (TUL) with its most-frequent-venue baseline,
//     under the attack name linkage.
//
// Each account is a person, so the view is its own view by person. The
// random streams are those Evaluate uses for replicate 0, so a simulation
// of the same size with the same seed draws alike. When fewer than
// MinPeople people have records, it warns on log that the shares mean
// little.
func EvaluateImported(ctx context.Context, s *scenarios.Scenario, imp *Imported,
	log *slog.Logger) ([]Metric, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if n := imp.People(); n < MinPeople {
		who := fmt.Sprintf("only %d people have", n)
		if n == 1 {
			who = "only 1 person has"
		}
		log.Warn(fmt.Sprintf("%s records: every share reported is over so few people "+
			"that it means little (want at least %d)", who, MinPeople), "people", n)
	}
	if len(s.Adversaries) == 0 {
		return nil, fmt.Errorf("analysis: the imported folder's scenario has no adversary")
	}
	e := &evaluation{ctx: ctx, s: s, v: imp.View, byPerson: imp.View, adv: s.Adversaries[0],
		log: log, out: map[string][]Metric{}}
	at := s.Attacks
	steps := []struct {
		on  bool
		run func() error
	}{
		{at.Unicity.Enabled, e.unicity},
		{at.HomeWork.Enabled, e.importedHomeWork},
		{at.Risk.Enabled, e.risk},
		{true, e.importedTUL},
	}
	for _, st := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if st.on {
			if err := st.run(); err != nil {
				return nil, err
			}
		}
	}
	var out []Metric
	for _, attack := range []string{AttackUnicity, AttackLinkage, AttackHomeWork, AttackRisk} {
		out = append(out, e.out[attack]...)
	}
	return out, nil
}

// importedHomeWork infers homes and workplaces and measures the anonymity
// sets of the pairs, without truth to score them against.
func (e *evaluation) importedHomeWork() error {
	v := e.v
	var withHome int
	var venues, districts []ownedPair
	var t tally
	for a := range int32(v.NumAccounts()) {
		home, work := t.infer(v, a)
		if home < 0 {
			continue
		}
		withHome++
		if work < 0 {
			continue
		}
		h, w := &v.Venues[home], &v.Venues[work]
		venues = append(venues, ownedPair{placePair(home, work), a})
		districts = append(districts, ownedPair{placePair(h.District, w.District), a})
	}
	n := v.NumAccounts()
	e.add(AttackHomeWork, "with_home", "", fraction(withHome, n))
	e.add(AttackHomeWork, "with_pair", "", fraction(len(venues), n))
	vs, ds := anonymitySet(venues), anonymitySet(districts)
	e.add(AttackHomeWork, "anonymity_median", "level=venue", orNaN(vs.Median, len(venues)))
	e.add(AttackHomeWork, "unique_share", "level=venue", orNaN(vs.Unique, len(venues)))
	e.add(AttackHomeWork, "anonymity_median", "level=district", orNaN(ds.Median, len(venues)))
	e.add(AttackHomeWork, "unique_share", "level=district", orNaN(ds.Unique, len(venues)))
	return nil
}

// importedTUL links the later part of each history to the earlier parts.
func (e *evaluation) importedTUL() error {
	r := TUL(e.v, TULOptions{})
	param := "split=0.7"
	e.add(AttackTUL, "tul_users", param, float64(r.Users))
	e.add(AttackTUL, "top1", param+" method=profile", orNaN(r.Top1, r.Users))
	e.add(AttackTUL, "top5", param+" method=profile", orNaN(r.Top5, r.Users))
	e.add(AttackTUL, "top1", param+" method=most_frequent_venue", orNaN(r.BaselineTop1, r.Users))
	e.add(AttackTUL, "top5", param+" method=most_frequent_venue", orNaN(r.BaselineTop5, r.Users))
	return nil
}
