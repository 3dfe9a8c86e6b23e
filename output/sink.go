package output

import (
	"errors"
	"sync"

	"github.com/scantrail/scantrail/sim"
)

// Sink writes a simulation's tables into a Run as the engine streams them:
// the static tables (venues, people, households, friendships, accounts,
// routes) at once, and the daily tables (visits and the four sensor
// streams) a day at a time, each table encoded on its own goroutine.
// Close closes the daily tables; the Run is then ready to Commit.
type Sink struct {
	run    *Run
	daily  []dailyTable
	closed bool
}

// dailyTable is one of the tables that grow every day.
type dailyTable interface {
	write(d *sim.Day) error
	Close() error
}

// NewSink returns a sink that writes into r.
func NewSink(r *Run) *Sink { return &Sink{run: r} }

// Static writes the static tables and opens the daily ones.
func (s *Sink) Static(st *sim.Static) error {
	err := errors.Join(
		WriteTable(s.run, "venues", st.Venues),
		WriteTable(s.run, "people", st.People),
		WriteTable(s.run, "households", st.Households),
		WriteTable(s.run, "friendships", st.Friendships),
		WriteTable(s.run, "accounts", st.Accounts),
		WriteTable(s.run, "routes", st.Routes),
	)
	if err != nil {
		return err
	}
	return s.openDaily()
}

func (s *Sink) openDaily() error {
	opens := []func() (dailyTable, error){
		daily(s.run, "visits", func(d *sim.Day) []sim.Visit { return d.Visits }),
		daily(s.run, string(sim.StreamScans), func(d *sim.Day) []sim.Scan { return d.Scans }),
		daily(s.run, string(sim.StreamPayments),
			func(d *sim.Day) []sim.Payment { return d.Payments }),
		daily(s.run, string(sim.StreamSightings),
			func(d *sim.Day) []sim.Sighting { return d.Sightings }),
		daily(s.run, string(sim.StreamTaps), func(d *sim.Day) []sim.Tap { return d.Taps }),
	}
	for _, open := range opens {
		t, err := open()
		if err != nil {
			return err
		}
		s.daily = append(s.daily, t)
	}
	return nil
}

// Day appends one day's rows to the daily tables, one goroutine a table.
func (s *Sink) Day(d *sim.Day) error {
	errs := make([]error, len(s.daily))
	var wg sync.WaitGroup
	for i, t := range s.daily {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = t.write(d)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Close closes the daily tables. It is safe to call more than once.
func (s *Sink) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	var errs []error
	for _, t := range s.daily {
		errs = append(errs, t.Close())
	}
	return errors.Join(errs...)
}

// typedDaily binds a table to the slice of a Day it takes its rows from.
type typedDaily[T any] struct {
	*Table[T]
	rows func(d *sim.Day) []T
}

func (t typedDaily[T]) write(d *sim.Day) error { return t.Write(t.rows(d)) }

func daily[T any](r *Run, name string, rows func(*sim.Day) []T) func() (dailyTable, error) {
	return func() (dailyTable, error) {
		t, err := NewTable[T](r, name)
		if err != nil {
			return nil, err
		}
		return typedDaily[T]{Table: t, rows: rows}, nil
	}
}
