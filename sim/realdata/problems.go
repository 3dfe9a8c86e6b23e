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

// Report counts what an import read, kept and refused.
type Report struct {
	// Files and Rows count the files and data rows read.
	Files, Rows int
	// Kept counts the rows kept as records (or GPS points).
	Kept int
	// Malformed counts the rows refused; Problems holds the first few.
	Malformed int
	Problems  []*RowError
	// Duplicates counts rows equal to an earlier one (same user, venue or
	// place and time), which are dropped.
	Duplicates int
	// Shown caps Problems; zero means DefaultShown.
	Shown int
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

// String summarises the report in one line.
func (r *Report) String() string {
	return fmt.Sprintf("%d files, %d rows: %d kept, %d malformed, %d duplicates",
		r.Files, r.Rows, r.Kept, r.Malformed, r.Duplicates)
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
