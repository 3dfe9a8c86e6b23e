package report

import (
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// Report is the content of one page.
type Report struct {
	// Title heads the page, such as "scantrail run: default, seed 1".
	Title string
	// Intro is a paragraph under the title saying what was run.
	Intro string
	// Headline lists the key findings, one per subject (an adversary of a
	// run, a measure of a sweep), first on the page.
	Headline []Finding
	// Mitigations lists the defences in force, as the run summary prints
	// them (scenarios.Scenario.ActiveMitigations); empty means none.
	Mitigations []string
	// Facts are short name and value pairs: scenario, seed, people, days.
	Facts []Fact
	// Figures are the charts, in order.
	Figures []Figure
	// Tables are the estimates, in order.
	Tables []Table
	// Scenario is the resolved scenario as YAML.
	Scenario string
	// Sweep is the sweep file, for a sweep's page; empty for a run.
	Sweep string
}

// Fact is one line of the page's summary box.
type Fact struct {
	Name, Value string
}

// Finding is one line of the headline: a subject, such as an adversary,
// and what the numbers say about it in a sentence or two.
type Finding struct {
	Subject, Text string
}

// Figure is one chart: an image in a format a browser shows (SVG or PNG)
// and a caption.
type Figure struct {
	Title, Caption string
	// Image holds the encoded image; MediaType says which, such as
	// image/svg+xml or image/png.
	Image     []byte
	MediaType string
}

// Table is a table of text cells with a title and a note under it, its
// rows in groups under sub-headings (one per attack, say).
type Table struct {
	Title, Note string
	Header      []string
	// Numeric is the first column that holds numbers, set flush right; 0
	// sets every column flush left.
	Numeric int
	Groups  []Group
}

// Group is a run of a table's rows under a sub-heading; an empty Title
// draws no heading.
type Group struct {
	// Title names the group, such as an attack; Note says in a few words
	// what its numbers measure.
	Title, Note string
	Rows        []Row
}

// Row is one row of cells. Raw, when set, is set small under the first
// cell: the name the data files use, for readers who look them up.
type Row struct {
	Cells []string
	Raw   string
}

// Section ids of a complete page, in order.
const (
	SectionHeadline  = "headline"
	SectionSummary   = "summary"
	SectionFigures   = "figures"
	SectionEstimates = "estimates"
	SectionMethods   = "methods"
	SectionScenario  = "scenario"
)

// Sections lists the ids of the sections every page has.
func Sections() []string {
	return []string{SectionHeadline, SectionSummary, SectionFigures, SectionEstimates,
		SectionMethods, SectionScenario}
}

//go:embed page.html.tmpl
var templates embed.FS

var page = template.Must(template.New("page.html.tmpl").Funcs(template.FuncMap{
	"dataURI": dataURI,
	"join":    strings.Join,
}).ParseFS(templates, "page.html.tmpl"))

// dataURI embeds an image in the page as a base64 data URI.
func dataURI(f Figure) template.URL {
	// The media type is checked by Write, so only image types reach here.
	return template.URL("data:" + f.MediaType + ";base64," +
		base64.StdEncoding.EncodeToString(f.Image))
}

// Write lays out r as one HTML page on w. It refuses figures whose media
// type is not an image a browser shows inline.
func Write(w io.Writer, r *Report) error {
	for _, f := range r.Figures {
		switch f.MediaType {
		case "image/svg+xml", "image/png":
		default:
			return fmt.Errorf("report: figure %q has media type %q, want image/svg+xml "+
				"or image/png", f.Title, f.MediaType)
		}
	}
	data := struct {
		*Report
		Methods []Method
	}{r, Methods()}
	if err := page.Execute(w, data); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
