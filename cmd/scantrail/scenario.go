package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/scantrail/scantrail/scenarios"
)

func newScenarioCmd(io streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario <command>",
		Short: "List, show and validate scenarios",
		Example: `  scantrail scenario list
  scantrail scenario show default --set days=28
  scantrail scenario validate scenarios/examples/voluntary.yaml`,
	}
	cmd.Args = cobra.NoArgs
	cmd.RunE = func(c *cobra.Command, _ []string) error {
		return usageError{fmt.Errorf("scenario needs a command: list, show or validate")}
	}
	cmd.AddCommand(newScenarioListCmd(io), newScenarioShowCmd(io), newScenarioValidateCmd(io))
	return cmd
}

func newScenarioListCmd(io streams) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the embedded scenarios",
		Example: `  scantrail scenario list`,
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			tw := tabwriter.NewWriter(io.out, 0, 0, 2, ' ', 0)
			for _, e := range scenarios.Names() {
				fmt.Fprintf(tw, "%s\t%s\n", e.Name, e.Description)
			}
			return tw.Flush()
		},
	}
}

func newScenarioShowCmd(io streams) *cobra.Command {
	var sets []string
	cmd := &cobra.Command{
		Use:   "show [NAME|FILE]",
		Short: "Print a scenario with every default filled in",
		Example: `  scantrail scenario show
  scantrail scenario show scenarios/examples/voluntary.yaml --set population.people=1000`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			s, _, err := scenarios.Load(firstArg(args), sets)
			if err != nil {
				return err
			}
			text, err := scenarios.Marshal(s)
			if err != nil {
				return err
			}
			_, err = io.out.Write(text)
			return err
		},
	}
	cmd.Flags().StringArrayVar(&sets, "set", nil,
		"override a scenario field, as path=value (repeatable)")
	return cmd
}

func newScenarioValidateCmd(io streams) *cobra.Command {
	var sets []string
	cmd := &cobra.Command{
		Use:   "validate <FILE>",
		Short: "Check a scenario file and report every problem",
		Long: `Check a scenario file: its YAML, every key, every value's type and range.
Each problem is printed as file:line: field: what is wrong and what is
allowed. The exit status is 0 when the scenario is valid and 2 otherwise.`,
		Example: `  scantrail scenario validate scenarios/examples/voluntary.yaml`,
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			s, _, err := scenarios.Load(args[0], sets)
			if err != nil {
				return err
			}
			fmt.Fprintf(io.out, "%s: valid scenario %q (%d people, %d days)\n",
				args[0], s.Name, s.Population.People, s.Days)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&sets, "set", nil,
		"override a scenario field, as path=value (repeatable)")
	return cmd
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}
