package main

import (
	"context"
	"errors"

	"github.com/scantrail/scantrail/scenarios"
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

// exitCode maps an error from a command to the process exit code.
func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &ue), errors.Is(err, scenarios.ErrInvalid):
		return exitUsage
	}
	return exitError
}
