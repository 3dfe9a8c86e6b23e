package report

import (
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
)

// Report is the content of one page.
type Report struct {
	// Title heads the page, such as "scantrail run: default, seed 1".
	Title string
	// Intro is a paragraph under the title saying what was run.
	Intro string
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

// Figure is one chart: an image in a format a browser shows (SVG or PNG)
// and a caption.
type Figure struct {
	Title, Caption string
	// Image holds the encoded image; MediaType says which, such as
	// image/svg+xml or image/png.
	Image     []byte
	MediaType string
}

// Table is a table of text cells with a title and a note under it.
type Table struct {
	Title, Note string
	Header      []string
	Rows        [][]string
}

// Section ids of a complete page, in order.
const (
	SectionSummary   = "summary"
	SectionFigures   = "figures"
	SectionEstimates = "estimates"
	SectionMethods   = "methods"
	SectionScenario  = "scenario"
)

// Sections lists the ids of the sections every page has.
func Sections() []string {
	return []string{SectionSummary, SectionFigures, SectionEstimates, SectionMethods,
		SectionScenario}
}

//go:embed page.html.tmpl
var templates embed.FS

var page = template.Must(template.New("page.html.tmpl").Funcs(template.FuncMap{
	"dataURI": dataURI,
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
