package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is the scantrail version written into every manifest.
var version = "0.1.0-dev"

// streams are the terminal streams a command writes to; tests pass buffers.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func newRootCmd(io streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "scantrail <command>",
		Short: "Simulate QR-code surveillance and measure re-identification",
		Long: `scantrail simulates a city whose people scan venue QR codes, pay by
phone and pass cameras, writes the records each data holder would keep, and
measures how much of a person's identity and movement those records reveal.`,
		Example: `  scantrail run
  scantrail run scenarios/examples/voluntary.yaml --out runs/my-city --set population.people=20000
  scantrail scenario show`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetOut(io.out)
	root.SetErr(io.err)
	root.AddCommand(newRunCmd(io))
	root.AddCommand(newAnalyzeCmd(io))
	root.AddCommand(newScenarioCmd(io))
	root.AddCommand(newMitigationsCmd(io))
	root.AddCommand(newImportCmd(io))
	root.AddCommand(newCalibrateCmd(io))
	root.AddCommand(newSweepCmd(io))
	root.AddCommand(newPlotCmd(io))
	root.AddCommand(newReportCmd(io))
	return root
}

// execute runs the command line and returns the exit code.
func execute(args []string, in io.Reader, out, errw io.Writer) int {
	return executeContext(context.Background(), args, in, out, errw)
}

// executeContext is execute under a context, so tests can interrupt a run.
// A panic in the command's goroutine is a bug; it is turned into a short
// message asking for a report, with the stack only under
// SCANTRAIL_DEBUG=1, so that no Go trace reaches a user.
func executeContext(ctx context.Context, args []string, in io.Reader, out,
	errw io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(errw, "scantrail: internal error: %v\nThis is a bug in scantrail; "+
				"please report it with the command you ran (SCANTRAIL_DEBUG=1 shows where "+
				"it happened).\n", p)
			if os.Getenv("SCANTRAIL_DEBUG") == "1" {
				fmt.Fprintf(errw, "%s", debug.Stack())
			}
			code = exitError
		}
	}()
	root := newRootCmd(streams{in: in, out: out, err: errw})
	root.SetArgs(args)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError{err}
	})
	err := root.ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintf(errw, "scantrail: %v\n", err)
	}
	return exitCode(err)
}
