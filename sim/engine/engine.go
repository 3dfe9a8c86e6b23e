package engine

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/city"
	"github.com/scantrail/scantrail/sim/holders"
	"github.com/scantrail/scantrail/sim/movement"
	"github.com/scantrail/scantrail/sim/people"
	"github.com/scantrail/scantrail/sim/sensors"
)

// chunkSize is how many people one worker plans at a time. It fixes how a
// day is split, not the output, which is the same for any chunk size.
const chunkSize = 512

// Options tune a run without changing its output.
type Options struct {
	// Workers is the number of planning goroutines; 0 means GOMAXPROCS.
	Workers int
	// Logger receives progress events; nil discards them.
	Logger *slog.Logger
	// Progress, when set, is called after each finished day.
	Progress func(done, total int)
	// BaseDir resolves a relative city.venues_file.
	BaseDir string
}

// Result describes a finished run.
type Result struct {
	City       *city.City
	Population *people.Population
	// Timings holds the seconds spent per stage: build, simulate.
	Timings map[string]float64
}

// Run simulates scenario s and streams its output to sink. It stops with
// ctx's error when ctx is cancelled.
func Run(ctx context.Context, s *scenarios.Scenario, sink sim.Sink, opts Options) (*Result, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	res := &Result{Timings: map[string]float64{}}
	began := time.Now()

	c, err := BuildCity(s, opts.BaseDir, log)
	if err != nil {
		return nil, err
	}
	pop := people.Build(s, c)
	res.City, res.Population = c, pop
	log.Info("population built", "venues", len(c.Venues), "people", len(pop.People),
		"households", len(pop.Households), "friend_groups", len(pop.Groups))
	if err := writeStatic(s, c, pop, sink); err != nil {
		return nil, err
	}
	res.Timings["build"] = time.Since(began).Seconds()

	began = time.Now()
	if err := simulate(ctx, s, c, pop, sink, opts, log); err != nil {
		return nil, err
	}
	res.Timings["simulate"] = time.Since(began).Seconds()
	return res, nil
}

// BuildCity lays out the scenario's city: synthetic, or read from the venue
// file named by the scenario (relative to baseDir).
func BuildCity(s *scenarios.Scenario, baseDir string, log *slog.Logger) (*city.City, error) {
	if s.City.Layout != "file" {
		return city.Synthetic(s)
	}
	path := s.City.VenuesFile
	if !filepath.IsAbs(path) && baseDir != "" {
		path = filepath.Join(baseDir, path)
	}
	f, err := openVenueFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, skipped, err := city.FromCSV(f, path, s)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, k := range skipped {
		n += k
	}
	log.Info("venue file read", "file", path, "venues", len(c.Venues),
		"skipped", n, "skipped_categories", len(skipped))
	warnTimezone(s, c, log)
	return c, nil
}

// maxVenueFileBytes bounds a venue list; the largest real ones are tens
// of MiB.
const maxVenueFileBytes = 1 << 30

// openVenueFile opens a venue list, refusing what is not a regular file
// or is too large to be one, so that a device cannot exhaust memory.
func openVenueFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("city.venues_file: %w", err)
	}
	info, err := f.Stat()
	switch {
	case err != nil:
	case !info.Mode().IsRegular():
		err = fmt.Errorf("%s is not a regular file: %w", path, city.ErrVenueFile)
	case info.Size() > maxVenueFileBytes:
		err = fmt.Errorf("%s has %d bytes, want at most %d: %w",
			path, info.Size(), int64(maxVenueFileBytes), city.ErrVenueFile)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("city.venues_file: %w", err)
	}
	return f, nil
}

// warnTimezone warns when a real venue layout lies far from the scenario's
// time zone: days would then be planned in another city's hours (a New
// York layout on Shanghai time sleeps through New York's afternoon).
func warnTimezone(s *scenarios.Scenario, c *city.City, log *slog.Logger) {
	start, err := s.StartDate()
	if err != nil || len(c.Venues) == 0 {
		return
	}
	lon := 0.0
	for _, v := range c.Venues {
		lon += v.Lon
	}
	solar := lon / float64(len(c.Venues)) / 15
	_, offset := start.Zone()
	if zone := float64(offset) / 3600; math.Abs(zone-solar) > 3 {
		log.Warn("the venue layout's longitude is far from the scenario's time zone; "+
			"set timezone to the city's zone", "timezone", s.Timezone,
			"zone_offset_hours", zone, "layout_solar_offset_hours", math.Round(solar))
	}
}

func writeStatic(s *scenarios.Scenario, c *city.City, pop *people.Population, sink sim.Sink) error {
	accounts, err := holders.Accounts(s, len(pop.People))
	if err != nil {
		return err
	}
	return sink.Static(&sim.Static{
		Venues: c.Venues, People: pop.People, Households: pop.Households,
		Friendships: pop.Friendships, Accounts: accounts, Routes: holders.Routes(s),
	})
}

// simulate plans and senses each day and passes it to the sink.
func simulate(ctx context.Context, s *scenarios.Scenario, c *city.City,
	pop *people.Population, sink sim.Sink, opts Options, log *slog.Logger) error {
	pl, err := movement.NewPlanner(s, c, pop)
	if err != nil {
		return err
	}
	d := &dayRunner{
		planner: pl, sensors: sensors.New(s, c.Venues, len(pop.People)), venues: c.Venues,
		people: pop.People, byPerson: make([][]int32, len(pop.People)),
		chunks:  make([]sim.Day, (len(pop.People)+chunkSize-1)/chunkSize),
		workers: opts.Workers, seed: s.Seed,
	}
	if d.workers <= 0 {
		d.workers = runtime.GOMAXPROCS(0)
	}
	var day sim.Day
	for i := 0; i < s.Days; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		d.run(ctx, i, &day)
		if err := sink.Day(&day); err != nil {
			return fmt.Errorf("day %d: %w", i, err)
		}
		log.Debug("day done", "day", i, "visits", len(day.Visits), "scans", len(day.Scans))
		if opts.Progress != nil {
			opts.Progress(i+1, s.Days)
		}
	}
	return ctx.Err()
}

// dayRunner plans one day for everyone across worker goroutines.
type dayRunner struct {
	planner  *movement.Planner
	sensors  *sensors.Sensors
	venues   []sim.Venue
	people   []sim.Person
	byPerson [][]int32
	chunks   []sim.Day
	workers  int
	seed     uint64
}

// run fills day with day i's records, in person order.
func (d *dayRunner) run(ctx context.Context, i int, day *sim.Day) {
	events := d.planner.Events(i, d.byPerson)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < d.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.work(ctx, i, events, &next)
		}()
	}
	wg.Wait()

	day.Reset(i)
	for c := range d.chunks {
		ch := &d.chunks[c]
		day.Visits = append(day.Visits, ch.Visits...)
		day.Scans = append(day.Scans, ch.Scans...)
		day.Payments = append(day.Payments, ch.Payments...)
		day.Sightings = append(day.Sightings, ch.Sightings...)
		day.Taps = append(day.Taps, ch.Taps...)
	}
}

// work plans chunks until none is left or ctx is done.
func (d *dayRunner) work(ctx context.Context, i int, events []movement.Event, next *atomic.Int64) {
	rng := sim.NewSource()
	var stops []movement.Stop
	dayStart := d.planner.DayStart(i)
	for ctx.Err() == nil {
		c := int(next.Add(1) - 1)
		if c >= len(d.chunks) {
			return
		}
		out := &d.chunks[c]
		out.Reset(i)
		end := min((c+1)*chunkSize, len(d.people))
		for p := c * chunkSize; p < end; p++ {
			pp := &d.people[p]
			stops = d.planner.Plan(pp.ID, i, events, d.byPerson[p], rng, stops[:0])
			appendVisits(out, pp.ID, stops, dayStart)
			rng.Reseed(d.seed, sim.LabelSensors, uint64(p), uint64(i))
			d.sensors.Record(pp, stops, i, dayStart, d.venues, rng, out)
		}
	}
}

// appendVisits turns stops into ground-truth visits.
func appendVisits(out *sim.Day, person int32, stops []movement.Stop, dayStart int64) {
	for _, st := range stops {
		out.Visits = append(out.Visits, sim.Visit{
			Person: person, Venue: st.Venue,
			Arrival:   dayStart + int64(st.Arrive)*60000,
			Departure: dayStart + int64(st.Depart)*60000,
			Group:     st.Group,
		})
	}
}
