package realdata

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrFormat is wrapped by the error for a file that is not of the format
// it was read as.
var ErrFormat = errors.New("not of the expected format")

// ErrNothingKept is wrapped by Build's error when no record (nor, for a
// venue list, any venue) was kept.
var ErrNothingKept = errors.New("nothing kept")

// ErrRow is wrapped by a *RowError: a malformed row.
var ErrRow = errors.New("malformed row")

// RowError is one malformed row: the file, its line (from 1), the field
// and what was wrong with it. File is the file's path, or a label such as
// "geolife (file 3 of 182)" when the path would name a user (see
// ReadGeoLife, ReadTDrive). Msg describes a bad value by its length and
// the kinds of characters in it, never by the value itself, since any
// column of a malformed row may hold a user id.
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
	// Shown caps Problems; zero means DefaultShown and a negative value
	// keeps none.
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
	if shown > 0 && len(r.Problems) < shown {
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

// describe tells what a value looks like without showing it, since a
// malformed row's fields may hold a user id anywhere: its length in
// characters and the kinds of characters it holds, such as
//
//	a value of 12 characters (letters and digits)
//	a value of 10 characters (digits and "/")
func describe(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "an empty value"
	}
	n := utf8.RuneCountInString(s)
	unit := "characters"
	if n == 1 {
		unit = "character"
	}
	return fmt.Sprintf("a value of %d %s (%s)", n, unit, characterKinds(s))
}

// characterKinds lists the kinds of characters in s: letters, digits,
// spaces, and up to four other symbols by name.
func characterKinds(s string) string {
	var letters, digits, spaces bool
	var marks []string
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r):
			digits = true
		case unicode.IsSpace(r):
			spaces = true
		default:
			m := fmt.Sprintf("%q", string(r))
			if !slices.Contains(marks, m) {
				marks = append(marks, m)
			}
		}
	}
	var kinds []string
	for _, k := range []struct {
		on   bool
		name string
	}{{letters, "letters"}, {digits, "digits"}, {spaces, "spaces"}} {
		if k.on {
			kinds = append(kinds, k.name)
		}
	}
	if len(marks) > 4 {
		marks = append(marks[:4], "other symbols")
	}
	kinds = append(kinds, marks...)
	if len(kinds) == 1 {
		return kinds[0]
	}
	return strings.Join(kinds[:len(kinds)-1], ", ") + " and " + kinds[len(kinds)-1]
}

// lineShape describes a first line by its fields, without their content:
// "a first line of 8 fields separated by commas", or of one field when
// the delimiter is none of those sniffed.
func lineShape(line string, delim rune) string {
	if strings.TrimSpace(line) == "" {
		return "an empty first line"
	}
	n := strings.Count(line, string(delim)) + 1
	if n == 1 {
		return "a first line of 1 field, with no tab, comma, semicolon or bar " +
			"(is the delimiter something else?)"
	}
	return fmt.Sprintf("a first line of %d fields separated by %s", n, delimName(delim))
}

func delimName(d rune) string {
	switch d {
	case '\t':
		return "tabs"
	case ',':
		return "commas"
	case ';':
		return "semicolons"
	case '|':
		return "bars"
	}
	return fmt.Sprintf("%q", d)
}

// fieldsWant names the expected columns of a layout for messages.
func fieldsWant(names []string) string {
	return strings.Join(names, ", ")
}
