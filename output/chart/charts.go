package chart

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Width and Height are the size every chart is drawn at: 16 × 10 cm,
// half a page of A4 with margins.
const (
	Width  = 16 * vg.Centimeter
	Height = 10 * vg.Centimeter
)

// Unicity draws ε_p, the share of people whose p known points single
// them out (de Montjoye et al., 2013), against p, one series per
// resolution.
func Unicity(adversary string, series []Series) (*plot.Plot, error) {
	p, err := Lines("Unicity: "+adversary, "known points p",
		"ε_p (share singled out)", series)
	if err != nil {
		return nil, err
	}
	shareAxis(p, len(series))
	p.X.Min = 0
	return p, nil
}

// Adoption draws re-identification measures against the value of a swept
// defence parameter (the share of people who adopt it, say), with bands
// over replicates.
func Adoption(parameter string, series []Series) (*plot.Plot, error) {
	p, err := Lines("Re-identification against "+parameter, parameter, "share", series)
	if err != nil {
		return nil, err
	}
	shareAxis(p, len(series))
	return p, nil
}

// Policy draws linkage and tracking against the retention limit in days
// (0 keeps everything), with bands over replicates: the chart that shows
// what a retention policy buys.
func Policy(series []Series) (*plot.Plot, error) {
	p, err := Lines("Linkage and tracking against retention",
		"retention limit (days; 0 keeps every record)", "share", series)
	if err != nil {
		return nil, err
	}
	shareAxis(p, len(series))
	return p, nil
}

// shareAxis fixes the y axis to [0, 1] for shares, with room above 1 for
// the legend's entries so that it does not hide lines near 1.
func shareAxis(p *plot.Plot, entries int) {
	p.Y.Min, p.Y.Max = 0, 1+0.075*float64(entries)
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"},
		{Value: 0.25}, {Value: 0.5, Label: "0.5"}, {Value: 0.75}, {Value: 1, Label: "1"}})
}

// Formats lists the file formats Write accepts.
var Formats = []string{"png", "svg", "pdf"}

// Write renders p at Width × Height in format (png, svg or pdf) to w.
func Write(w io.Writer, p *plot.Plot, format string) error {
	format = strings.ToLower(strings.TrimPrefix(format, "."))
	switch format {
	case "png", "svg", "pdf":
	default:
		return fmt.Errorf("chart: format %q: want one of %s", format,
			strings.Join(Formats, ", "))
	}
	wt, err := p.WriterTo(Width, Height, format)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("chart: write %s: %w", format, err)
	}
	return nil
}

// Render returns p rendered in the format of name's extension.
func Render(p *plot.Plot, name string) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, p, filepath.Ext(name)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
