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
		Tables: []report.Table{{Title: "Adversary public_security",
			Header: []string{"metric", "mean"}, Rows: [][]string{{"top1", "0.61"}}}},
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
	// summary true
	// figures true
	// estimates true
	// methods true
	// scenario true
}
