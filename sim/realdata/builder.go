package realdata

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"

	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/city"
)

// Options set how files are read and turned into records. The zero value
// reads leniently, maps categories through the built-in table and finds
// stays with DefaultStayOptions.
type Options struct {
	// Strict stops the import at the first malformed row.
	Strict bool
	// Shown caps the malformed rows the report keeps; zero means
	// DefaultShown.
	Shown int
	// Categories maps venue categories and OpenStreetMap tags to kinds;
	// nil means the built-in table (city.NewMapper(nil)).
	Categories *city.Mapper
	// Stay sets the stay-point detector for GPS trajectories.
	Stay StayOptions
	// DistrictsPerSide splits the venues' extent into a grid of districts;
	// zero means 4.
	DistrictsPerSide int
	// Logger receives progress events (never raw ids); nil discards them.
	Logger *slog.Logger
}

// Builder gathers the rows of one import, from any number of files of one
// format, and turns them into an Import.
type Builder struct {
	opts   Options
	report Report
	log    *slog.Logger

	users    map[string]int32 // raw user id → first-seen index; never output
	userKeys []string
	venues   map[string]int32
	places   []venueRow
	recs     []rec
	stays    bool
	// venueList is set when a venue list was read: an import of venues
	// alone, without records.
	venueList bool
	points    map[int32][]point // GPS points per user, for the stay detector
}

// venueRow is a venue as first seen in the input.
type venueRow struct {
	name, category string
	kind           sim.Kind
	mapped         bool
	lat, lon       float64
}

// rec is one record before users are pseudonymised. until is the end of a
// stay, or equal to time for a check-in.
type rec struct {
	user, venue int32
	time, until int64
}

// NewBuilder returns an empty builder.
func NewBuilder(opts Options) *Builder {
	if opts.Categories == nil {
		opts.Categories = city.NewMapper(nil)
	}
	if opts.DistrictsPerSide <= 0 {
		opts.DistrictsPerSide = 4
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Builder{opts: opts, log: log, users: map[string]int32{},
		venues: map[string]int32{}, points: map[int32][]point{}}
	b.report.Shown = opts.Shown
	return b
}

// Report returns what has been read so far.
func (b *Builder) Report() *Report { return &b.report }

// problem records a malformed row; under Strict it returns it as the error.
func (b *Builder) problem(file string, line int, field, format string, args ...any) error {
	e := &RowError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
	if b.opts.Strict {
		return e
	}
	b.report.add(e)
	return nil
}

// user returns the index of a raw user id.
func (b *Builder) user(raw string) int32 {
	if u, ok := b.users[raw]; ok {
		return u
	}
	raw = strings.Clone(raw) // not to hold on to the whole line it was cut from
	u := int32(len(b.userKeys))
	b.users[raw] = u
	b.userKeys = append(b.userKeys, raw)
	return u
}

// venue returns the index of a venue key, adding the venue if new.
func (b *Builder) venue(key, name, category string, lat, lon float64) int32 {
	if v, ok := b.venues[key]; ok {
		return v
	}
	key, name, category = strings.Clone(key), strings.Clone(name), strings.Clone(category)
	v := int32(len(b.places))
	b.venues[key] = v
	k, mapped := b.opts.Categories.Kind(category)
	b.places = append(b.places, venueRow{name: name, category: category, kind: k,
		mapped: mapped, lat: lat, lon: lon})
	return v
}

// checkIn adds one check-in row.
func (b *Builder) checkIn(user, venueKey, category string, lat, lon float64, t int64) {
	v := b.venue(venueKey, venueKey, category, lat, lon)
	b.recs = append(b.recs, rec{user: b.user(user), venue: v, time: t, until: t})
	b.report.Kept++
}

// Import is what an import produced: sim values ready to be written as a
// run folder, holding pseudonyms and never a raw user id.
type Import struct {
	// Format names the format read, such as "foursquare".
	Format string
	// Venues lists every venue met, numbered in order of first appearance.
	// A venue whose category maps to no scantrail kind has empty Kind and
	// Family.
	Venues []sim.Venue
	// Scans holds check-ins and Visits holds stays from GPS trajectories,
	// in person then time order; one of the two is empty.
	Scans  []sim.Scan
	Visits []sim.Visit
	// Accounts gives each person's pseudonym under Holder.
	Accounts []sim.Account
	// Routes says which stream Holder received.
	Routes []sim.Route
	// People is the number of users with at least one record (a GPS user
	// whose points hold no stay is left out). Person ids run from 0 to
	// People-1 in order of each person's first record, ties in order of
	// first appearance in the input, so that they, and every figure
	// computed from them, are the same whatever the salt.
	People int
	// First and Last are the times of the earliest and latest record
	// (UTC, Unix milliseconds).
	First, Last int64
}

// Holder is the name of the one data holder of an imported folder.
const Holder = "source"

// Build pseudonymises the users, drops duplicate records and returns the
// import. It fails when no record was kept, and stops with ctx's error
// when ctx is done.
func (b *Builder) Build(ctx context.Context, format string, p *Pseudonymizer) (*Import, error) {
	if b.stays || len(b.points) > 0 {
		if err := b.detectStays(ctx); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(b.recs) == 0 && (!b.venueList || len(b.places) == 0) {
		return nil, fmt.Errorf("realdata: %s: %w (%s)", format, ErrNothingKept, b.report.String())
	}
	ids, people := b.number()
	imp := &Import{Format: format, People: len(people)}
	labels := p.labels(b.userKeys, people)
	b.report.Users, b.report.People = len(b.userKeys), len(people)
	b.userKeys, b.users = nil, nil // the raw ids are not needed any more
	for i := range b.recs {
		b.recs[i].user = ids[b.recs[i].user]
	}
	b.sortAndDedupe()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	imp.Venues = layout(b.places, b.opts.DistrictsPerSide)
	imp.First, imp.Last = b.span()
	stream := sim.StreamScans
	if b.stays {
		stream = "visits"
		imp.Visits = b.visitRows()
	} else {
		imp.Scans = b.scanRows(imp.Venues)
	}
	b.report.Records, b.report.Venues = len(b.recs), len(imp.Venues)
	imp.Routes = []sim.Route{{Holder: Holder, Stream: string(stream), Identifier: "salted"}}
	for person, label := range labels {
		imp.Accounts = append(imp.Accounts,
			sim.Account{Holder: Holder, Person: int32(person), Account: label})
	}
	if left := len(ids) - len(people); left > 0 {
		b.log.Info("users without any record left out", "users", left)
	}
	b.log.Info("import built", "format", format, "people", imp.People,
		"venues", len(imp.Venues), "records", len(b.recs), "duplicates", b.report.Duplicates)
	return imp, nil
}

// number numbers the users that have records: by the time of their first
// record, ties in order of first appearance in the input. Neither order
// depends on the salt, nor on the raw ids beyond the order of the input.
// ids[u] is the person id of user u, or -1 for a user without records;
// people[person] is the user.
func (b *Builder) number() (ids []int32, people []int32) {
	first := make([]int64, len(b.userKeys))
	for u := range first {
		first[u] = math.MaxInt64
	}
	for _, r := range b.recs {
		first[r.user] = min(first[r.user], r.time)
	}
	for u, t := range first {
		if t != math.MaxInt64 {
			people = append(people, int32(u))
		}
	}
	slices.SortStableFunc(people, func(x, y int32) int {
		return cmp.Compare(first[x], first[y])
	})
	ids = make([]int32, len(b.userKeys))
	for u := range ids {
		ids[u] = -1
	}
	for person, u := range people {
		ids[u] = int32(person)
	}
	return ids, people
}

// sortAndDedupe sorts the records by person, time and venue and drops the
// repeats.
func (b *Builder) sortAndDedupe() {
	slices.SortFunc(b.recs, func(x, y rec) int {
		return cmp.Or(cmp.Compare(x.user, y.user), cmp.Compare(x.time, y.time),
			cmp.Compare(x.venue, y.venue))
	})
	n := len(b.recs)
	b.recs = slices.CompactFunc(b.recs, func(x, y rec) bool {
		return x.user == y.user && x.time == y.time && x.venue == y.venue
	})
	b.report.Duplicates += n - len(b.recs)
}

func (b *Builder) span() (first, last int64) {
	if len(b.recs) == 0 {
		return 0, 0
	}
	first, last = math.MaxInt64, math.MinInt64
	for _, r := range b.recs {
		first, last = min(first, r.time), max(last, r.until)
	}
	return first, last
}

func (b *Builder) scanRows(venues []sim.Venue) []sim.Scan {
	out := make([]sim.Scan, len(b.recs))
	for i, r := range b.recs {
		v := &venues[r.venue]
		out[i] = sim.Scan{Person: r.user, Venue: r.venue, Time: r.time, Lat: v.Lat, Lon: v.Lon}
	}
	return out
}

func (b *Builder) visitRows() []sim.Visit {
	out := make([]sim.Visit, len(b.recs))
	for i, r := range b.recs {
		out[i] = sim.Visit{Person: r.user, Venue: r.venue, Arrival: r.time, Departure: r.until}
	}
	return out
}
