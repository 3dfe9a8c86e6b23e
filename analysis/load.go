package analysis

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// ErrNotParquet is returned by Load for a run folder written as CSV: the
// attacks read Parquet only.
var ErrNotParquet = errors.New("not a Parquet run folder")

// batchRows is how many rows Load reads from a table at a time.
const batchRows = 1 << 16

// Load reads a finished Parquet run folder back into Records, as the run
// that wrote it saw them, together with the scenario from its manifest. It
// checks every file against the manifest first, so a damaged or partial
// folder is refused.
func Load(dir string) (*scenarios.Scenario, *Records, error) {
	m, err := output.ReadManifest(dir)
	if err != nil {
		return nil, nil, err
	}
	if m.Format != output.Parquet {
		return nil, nil, fmt.Errorf("%s: %w: analysis reads Parquet run folders; this one is %s "+
			"(run again with --format parquet)", dir, ErrNotParquet, m.Format)
	}
	if err := output.VerifyFiles(dir); err != nil {
		return nil, nil, err
	}
	s, err := scenarios.Parse(filepath.Join(dir, "manifest.json"), dir, []byte(m.Scenario), nil)
	if err != nil {
		return nil, nil, err
	}
	start, err := s.StartDate()
	if err != nil {
		return nil, nil, err
	}
	r := NewRecords(start.UnixMilli())
	r.Positions = NeedsPositions(s)
	if err := loadStatic(dir, r); err != nil {
		return nil, nil, err
	}
	if err := loadDaily(dir, r); err != nil {
		return nil, nil, err
	}
	r.Days = max(r.Days, s.Days)
	return s, r, nil
}

func loadStatic(dir string, r *Records) error {
	var st sim.Static
	err := errors.Join(
		readAll(dir, "venues", &st.Venues),
		readAll(dir, "people", &st.People),
		readAll(dir, "households", &st.Households),
		readAll(dir, "friendships", &st.Friendships),
		readAll(dir, "accounts", &st.Accounts),
		readAll(dir, "routes", &st.Routes),
	)
	if err != nil {
		return err
	}
	for i := range st.Venues {
		k, ok := sim.ParseKind(st.Venues[i].Kind)
		if !ok {
			return fmt.Errorf("%s: venue %d has unknown kind %q", dir, i, st.Venues[i].Kind)
		}
		st.Venues[i].K = k
	}
	return r.Static(&st)
}

// loadDaily feeds the daily tables to r in batches, as days would arrive.
func loadDaily(dir string, r *Records) error {
	return errors.Join(
		readBatches(dir, "visits", func(rows []sim.Visit) error {
			return r.Day(&sim.Day{Visits: rows})
		}),
		readBatches(dir, "scans", func(rows []sim.Scan) error {
			return r.Day(&sim.Day{Scans: rows})
		}),
		readBatches(dir, "payments", func(rows []sim.Payment) error {
			return r.Day(&sim.Day{Payments: rows})
		}),
		readBatches(dir, "sightings", func(rows []sim.Sighting) error {
			return r.Day(&sim.Day{Sightings: rows})
		}),
		readBatches(dir, "taps", func(rows []sim.Tap) error { return r.Day(&sim.Day{Taps: rows}) }),
	)
}

func readAll[T any](dir, table string, dst *[]T) error {
	return readBatches(dir, table, func(rows []T) error {
		*dst = append(*dst, rows...)
		return nil
	})
}

// readBatches reads the table's rows in batches and passes each to fn; the
// batch is reused after fn returns.
func readBatches[T any](dir, table string, fn func([]T) error) error {
	return output.ReadParquetBatches(filepath.Join(dir, table+".parquet"), batchRows, fn)
}
