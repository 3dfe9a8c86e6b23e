package report_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/scantrail/scantrail/output/report"
)

func ExampleWrite() {
	r := &report.Report{
		Title: "scantrail run: default, seed 1",
		Facts: []report.Fact{{Name: "people", Value: "5,000"}},
		Headline: []report.Finding{{Subject: "public_security",
			Text: "linkage matches 61% of pseudonymous accounts to their owner."}},
		Tables: []report.Table{{Title: "Adversary public_security",
			Header: []string{"measure", "setting", "mean"},
			Groups: []report.Group{{Title: "Linkage", Rows: []report.Row{{
				Cells: []string{"matched to the true owner (top-1)", "over 14 days", "0.61"},
				Raw:   "top1 days=14"}}}}}},
		Scenario: "name: default\n",
	}
	var page bytes.Buffer
	if err := report.Write(&page, r); err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range report.Sections() {
		fmt.Println(id, strings.Contains(page.String(), `id="`+id+`"`))
	}
	// Output:
	// headline true
	// summary true
	// figures true
	// estimates true
	// methods true
	// scenario true
}
