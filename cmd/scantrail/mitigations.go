package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/scantrail/scantrail/scenarios"
)

func newMitigationsCmd(io streams) *cobra.Command {
	return &cobra.Command{
		Use:   "mitigations",
		Short: "List the defences scantrail models and the scenario keys that set them",
		Long: `List every mitigation: the behaviours people adopt (set under the
scenario's mitigations section, by share of people and optionally by age
band) and the data holders' policies (set on each holder, holders.N, or for
the whole scenario). Each line names what it models, its keys and the
practice or paper it follows. README.md's Mitigations section explains each.`,
		Example: `  scantrail mitigations
  scantrail run --set mitigations.cash.share=0.5 --set holders.0.retention_days=21`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			printCatalogue(io.out)
			return nil
		},
	}
}

// printCatalogue writes the mitigations, one a line.
func printCatalogue(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MITIGATION\tKIND\tWHAT IT MODELS\tKEYS\tAFTER")
	for _, m := range scenarios.Catalogue() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.Name, m.Kind, m.Summary, m.Keys, m.Source)
	}
	tw.Flush()
}

// printMitigations writes the line of the run summary that says which
// mitigations were active.
func printMitigations(w io.Writer, s *scenarios.Scenario) {
	active := s.ActiveMitigations()
	if len(active) == 0 {
		fmt.Fprintln(w, "mitigations: none")
		return
	}
	fmt.Fprintf(w, "mitigations: %s\n", strings.Join(active, "; "))
}

// warnScenario writes the scenario's warnings to w: settings that are
// valid but cannot act on this scenario's records.
func warnScenario(w io.Writer, s *scenarios.Scenario) {
	for _, msg := range s.Warnings() {
		fmt.Fprintf(w, "scantrail: warning: %s\n", msg)
	}
}
