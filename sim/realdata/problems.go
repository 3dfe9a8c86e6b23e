package realdata

import (
	"errors"
	"fmt"
	"strings"
)

// ErrFormat is wrapped by the error for a file that is not of the format
// it was read as.
var ErrFormat = errors.New("not of the expected format")

// ErrRow is wrapped by a *RowError: a malformed row.
var ErrRow = errors.New("malformed row")

// RowError is one malformed row: the file, its line (from 1), the field
// and what was wrong with it.
type RowError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

// Error returns "file:line: field: message".
func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// Unwrap returns ErrRow.
func (e *RowError) Unwrap() error { return ErrRow }

// formatError is the error for a file that is not of the named format.
func formatError(file, format, want, got string) error {
	return fmt.Errorf("%s: %w %s: want %s; got %s", file, ErrFormat, format, want, got)
}

// DefaultShown is how many malformed rows a Report keeps by default.
const DefaultShown = 5

// Report counts what an import read, kept, dropped and wrote. For
// check-ins,
//
//	Rows = Kept + Malformed
//	Records = Kept − Duplicates
//
// for GPS trajectories, Kept counts the points and Records = Stays −
// Duplicates; for a venue list, Kept counts the venue rows and Venues =
// Kept − Duplicates.
type Report struct {
	// Files and Rows count the files and data rows read (check-ins, GPS
	// points or venues).
	Files, Rows int
	// Kept counts the rows that parsed.
	Kept int
	// Malformed counts the rows refused; Problems holds the first few.
	Malformed int
	Problems  []*RowError
	// Stays counts the stays found in GPS points (zero for check-ins).
	Stays int
	// Duplicates counts the records equal to an earlier one (same user,
	// venue or place and time), or the venues listed again, which are
	// dropped.
	Duplicates int
	// Records counts the records written (scans or visits), and Venues the
	// venues; both are set by Build.
	Records, Venues int
	// Users counts the distinct users read and People those with at least
	// one record; both are set by Build.
	Users, People int
	// Shown caps Problems; zero means DefaultShown.
	Shown int

	gps, venueList bool
}

// add records a malformed row.
func (r *Report) add(e *RowError) {
	r.Malformed++
	shown := r.Shown
	if shown == 0 {
		shown = DefaultShown
	}
	if len(r.Problems) < shown {
		r.Problems = append(r.Problems, e)
	}
}

// String summarises the report in one line, such as
//
//	1 file, 10462 rows read: 0 malformed, 6 duplicates dropped, 10456 records written
func (r *Report) String() string {
	head := fmt.Sprintf("%s, %d rows read: %d malformed", plural(r.Files, "file"), r.Rows,
		r.Malformed)
	switch {
	case r.venueList:
		return fmt.Sprintf("%s, %d duplicate venues dropped, %d venues written", head,
			r.Duplicates, r.Venues)
	case r.gps:
		return fmt.Sprintf("%s, %d GPS points kept, %d stays found, %d duplicates dropped, "+
			"%d records written", head, r.Kept, r.Stays, r.Duplicates, r.Records)
	}
	return fmt.Sprintf("%s, %d duplicates dropped, %d records written", head, r.Duplicates,
		r.Records)
}

// plural returns "1 file" or "n files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// quote shows a field's value in a message, cut to a readable length.
func quote(s string) string {
	const limit = 40
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// fieldsWant names the expected columns of a layout for messages.
func fieldsWant(names []string) string {
	return strings.Join(names, ", ")
}
