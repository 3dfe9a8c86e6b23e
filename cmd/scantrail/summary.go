package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
)

// printSummary writes the run summary: rows per table and venue family,
// records per person per day, and the share of people each stream saw.
func printSummary(w io.Writer, s *scenarios.Scenario, dir string, sum *analysis.Summary) {
	fmt.Fprintf(w, "scenario %s, seed %d: %d people, %d days, %d with a smartphone\n",
		s.Name, s.Seed, sum.People, sum.Days, sum.Smartphones)
	fmt.Fprintf(w, "run folder: %s\n", dir)
	printMitigations(w, s)
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "table\trows\tper person-day\tpeople seen\t")
	for _, f := range sim.FamilyNames() {
		fmt.Fprintf(tw, "%s\t", f)
	}
	fmt.Fprintln(tw)
	for _, t := range analysis.Tables() {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.1f%%\t",
			t, sum.Rows[t], sum.PerPersonDay(t), 100*sum.Seen(t))
		for _, f := range sim.FamilyNames() {
			fmt.Fprintf(tw, "%d\t", sum.ByFamily[t][f])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if sum.Smartphones > 0 && sum.Days > 0 {
		fmt.Fprintf(w, "\nscans per smartphone owner per day: %.2f\n",
			float64(sum.Rows["scans"])/float64(sum.Smartphones*sum.Days))
	}
	fmt.Fprint(w, `rows: records written (replicate 0); per person-day: rows / (people × days);
people seen: share of people with at least one row (for sightings, a correct
face match); the family columns split rows by the family of the venue.
`)
}

// printEstimates writes the attacks' results: each metric's mean over the
// replicates with its 95% interval, grouped by adversary.
func printEstimates(w io.Writer, est []analysis.Estimate) {
	if len(est) == 0 {
		return
	}
	noun := "replicates"
	if est[0].N == 1 {
		noun = "replicate"
	}
	fmt.Fprintf(w, "attacks: mean over %d %s with its 95%% t interval; "+
		"- where the attack does not apply\n", est[0].N, noun)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "adversary\tattack\tmetric\tparameter\tmean\t95% interval")
	last := ""
	for _, e := range est {
		if e.Adversary != last && last != "" {
			fmt.Fprintln(tw, "\t\t\t\t\t")
		}
		last = e.Adversary
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Adversary, e.Attack, e.Metric,
			e.Parameter, formatValue(e.Mean), formatInterval(e.Low, e.High))
	}
	tw.Flush()
}

func formatValue(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

func formatInterval(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "-"
	}
	return "[" + formatValue(lo) + ", " + formatValue(hi) + "]"
}
