package chart

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Width and Height are the size every chart is drawn at: 16 × 10 cm,
// half a page of A4 with margins.
const (
	Width  = 16 * vg.Centimeter
	Height = 10 * vg.Centimeter
)

// pngDPI is the resolution of PNG charts: enough for a projector or a
// printed page, where gonum/plot's default of 96 looks coarse.
const pngDPI = 150

// Chart is a plot with its legend set beneath the axes, in as many
// columns as fit, so that the legend never hides a line. The plot's own
// legend, drawn inside the axes, stays empty except on the venue map,
// which keeps room for it.
type Chart struct {
	// Plot holds the title, the axes and the data.
	Plot *plot.Plot

	legend []legendEntry
}

// newChart returns a chart with the package's title, labels and grid.
func newChart(title, xLabel, yLabel string) *Chart {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Tick.Marker = plainTicks{}
	p.Y.Tick.Marker = plainTicks{}
	p.Add(plotter.NewGrid())
	return &Chart{Plot: p}
}

// AddLegend adds an entry to the legend beneath the axes; thumbs draw
// its sample, as in gonum/plot's legend.
func (c *Chart) AddLegend(label string, thumbs ...plot.Thumbnailer) {
	c.legend = append(c.legend, legendEntry{label: label, thumbs: thumbs})
}

// Draw draws the chart on dc: the plot, and the legend beneath it.
func (c *Chart) Draw(dc draw.Canvas) {
	if len(c.legend) == 0 {
		c.Plot.Draw(dc)
		return
	}
	data := c.Plot.DataCanvas(dc)
	l := c.layout(data.Max.X - data.Min.X)
	c.Plot.Draw(draw.Crop(dc, 0, 0, l.height(), 0))
	l.draw(dc, data.Min.X, data.Max.X, c.legend)
}

// Unicity draws ε_p, the share of people whose p known points single
// them out (de Montjoye et al., 2013), against p, one series per
// resolution.
func Unicity(adversary string, series []Series) (*Chart, error) {
	c, err := Lines("Unicity: "+adversary, "known points p",
		"ε_p (share singled out)", series)
	if err != nil {
		return nil, err
	}
	shareAxis(c.Plot, series)
	c.Plot.X.Min = 0
	return c, nil
}

// Adoption draws one re-identification measure, a share, against the
// value of a swept parameter (the share of people who adopt a defence,
// say), with bands over replicates. The y axis is labelled by the
// measure, so a parameter may be called anything.
func Adoption(parameter, measure string, series []Series) (*Chart, error) {
	c, err := Lines(capitalize(measure)+" against "+parameter, parameter, measure, series)
	if err != nil {
		return nil, err
	}
	shareAxis(c.Plot, series)
	return c, nil
}

// Formats lists the file formats Write accepts.
var Formats = []string{"png", "svg", "pdf"}

// Write renders c at Width × Height in format (png, svg or pdf) to w.
func Write(w io.Writer, c *Chart, format string) error {
	format = strings.ToLower(strings.TrimPrefix(format, "."))
	cw, err := newCanvas(format)
	if err != nil {
		return err
	}
	c.Draw(draw.New(cw))
	if _, err := cw.WriteTo(w); err != nil {
		return fmt.Errorf("chart: write %s: %w", format, err)
	}
	return nil
}

// newCanvas returns an empty canvas of Width × Height in format.
func newCanvas(format string) (vg.CanvasWriterTo, error) {
	switch format {
	case "png":
		return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(Width, Height),
			vgimg.UseDPI(pngDPI))}, nil
	case "svg", "pdf":
		cw, err := draw.NewFormattedCanvas(Width, Height, format)
		if err != nil {
			return nil, fmt.Errorf("chart: %w", err)
		}
		return cw, nil
	}
	return nil, fmt.Errorf("chart: format %q: want one of %s", format,
		strings.Join(Formats, ", "))
}

// Render returns c rendered in the format of name's extension.
func Render(c *Chart, name string) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, c, filepath.Ext(name)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// capitalize upper-cases the first letter of s when it is a Latin
// letter, for titles made of a measure's name (ε_p stays as it is).
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
