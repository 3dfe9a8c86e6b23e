package scenarios

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is the sentinel every mistake in a scenario unwraps to, so a
// caller can tell a researcher's error from a failure of the machine with
// errors.Is(err, ErrInvalid).
var ErrInvalid = errors.New("invalid scenario")

// Problem is one mistake found in a scenario, placed where the researcher
// can fix it.
type Problem struct {
	// File is the scenario file, "embedded:NAME", "--set PATH=VALUE" for a
	// command-line override, "(default)" for a value taken from the default
	// scenario, or empty when the scenario was not loaded from anywhere.
	File string
	// Line is the 1-based line in File, or 0 when there is none.
	Line int
	// Path is the dotted field path, for example
	// sensors.qr.families.transit.scan or holders.0.name.
	Path string
	// Message says what was found and what is allowed.
	Message string
}

// String formats the problem as file:line: path: message, leaving out the
// parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	switch {
	case p.File != "" && p.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", p.File, p.Line)
	case p.File != "":
		b.WriteString(p.File + ": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError lists every problem found in a scenario, so a researcher
// can fix them all in one pass instead of one per run.
type ValidationError struct {
	Problems []Problem
}

// Error prints one problem per line.
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// SyntaxError reports a scenario file that is not well-formed YAML.
type SyntaxError struct {
	// File is the scenario file as given to Load, or "embedded:NAME".
	File string
	// Line is the 1-based line of the mistake, or 0 when the YAML parser
	// did not say.
	Line int
	// Message is the parser's description of the mistake.
	Message string
}

// Error formats the error as file:line: message.
func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

// Unwrap returns ErrInvalid: a file that does not parse is a mistake in
// the scenario like any other.
func (e *SyntaxError) Unwrap() error { return ErrInvalid }
