package main

import (
	"context"
	"errors"
	"io/fs"
	"strings"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim/city"
)

// Exit codes, defined in one place.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// usageError marks a mistake in the command line itself.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// interruptedError reports a command stopped by a signal; it unwraps to
// context.Canceled for exitCode.
type interruptedError struct{ what string }

func (e interruptedError) Error() string { return "interrupted; " + e.what }
func (e interruptedError) Unwrap() error { return context.Canceled }

func interrupted(what string) error { return interruptedError{what} }

// exitCode maps an error from a command to the process exit code.
func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &ue), errors.Is(err, scenarios.ErrInvalid),
		errors.Is(err, fs.ErrNotExist), errors.Is(err, city.ErrVenueFile),
		errors.Is(err, analysis.ErrNotParquet), isCobraUsage(err):
		return exitUsage
	}
	return exitError
}

// isCobraUsage reports the command-line mistakes cobra itself finds: an
// unknown command or the wrong number of arguments.
func isCobraUsage(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") ||
		strings.HasPrefix(msg, "accepts ") || strings.HasPrefix(msg, "requires ")
}
