package chart

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/scantrail/scantrail/analysis"
)

// Point is one value of a series: Y at X, with the interval [Low, High]
// around it. A NaN Y is a missing value (an attack that did not apply):
// the line breaks there rather than dropping to 0. NaN bounds mean there
// is no interval (a single replicate).
type Point struct {
	X, Y, Low, High float64
}

// Series is a labelled line of points in increasing X.
type Series struct {
	Label  string
	Points []Point
	// Reference marks a series drawn for comparison only, such as an
	// adversary whose holders a sweep leaves alone: a thin dashed line
	// without markers or band, behind the others.
	Reference bool
}

// Row is one tidy observation: the value a series took at X in one
// replicate.
type Row struct {
	Series string
	X      float64
	Value  float64
}

// ErrNoData is returned by a chart given nothing to draw.
var ErrNoData = errors.New("chart: no data to draw")

// Summarize groups rows by series and X and gives each group its mean
// and 95% Student t interval over the replicates:
//
//	mean ± t(0.975, n−1) · s / √n
//
// bounded to [lo, hi], the values the metric can take. NaN values (an
// attack that did not apply) are left out; a group of none gives a point
// with a NaN mean, drawn as a gap, and a series of none is dropped.
// Series come out in order of first appearance, points by X.
func Summarize(rows []Row, lo, hi float64) []Series {
	type key struct {
		series string
		x      float64
	}
	groups := map[key][]float64{}
	var order []string
	for _, r := range rows {
		if !slices.Contains(order, r.Series) {
			order = append(order, r.Series)
		}
		k := key{r.Series, r.X}
		groups[k] = append(groups[k], r.Value)
	}
	out := make([]Series, 0, len(order))
	for _, name := range order {
		s, values := Series{Label: name}, 0
		for k, vs := range groups {
			if k.series != name {
				continue
			}
			vs = slices.DeleteFunc(slices.Clone(vs), math.IsNaN)
			values += len(vs)
			s.Points = append(s.Points, summarizePoint(k.x, vs, lo, hi))
		}
		slices.SortFunc(s.Points, func(a, b Point) int { return cmp.Compare(a.X, b.X) })
		if values > 0 {
			out = append(out, s)
		}
	}
	return out
}

// summarizePoint returns the mean of vs at x with its interval, or a
// missing point when vs is empty.
func summarizePoint(x float64, vs []float64, lo, hi float64) Point {
	if len(vs) == 0 {
		return Point{X: x, Y: math.NaN(), Low: math.NaN(), High: math.NaN()}
	}
	mean, low, high := analysis.TInterval(vs, 0.95)
	return Point{X: x, Y: mean, Low: math.Max(low, lo), High: math.Min(high, hi)}
}

// Lines draws each series as a line with markers and, where its points
// have intervals, a light band between Low and High. Bands go behind
// every line and reference series behind the others; each series has its
// own colour, marker and dash, and its entry in the legend beneath the
// axes. It refuses input without a finite value, non-finite X and
// infinite Y.
func Lines(title, xLabel, yLabel string, series []Series) (*Chart, error) {
	if err := checkSeries(series); err != nil {
		return nil, err
	}
	c := newChart(title, xLabel, yLabel)
	if err := c.addSeries(series, math.Inf(1)); err != nil {
		return nil, err
	}
	return c, nil
}

// addSeries draws the series, joining points at or right of dottedFrom
// to the point before them with a dotted line (an axis break).
func (c *Chart) addSeries(series []Series, dottedFrom float64) error {
	for i, s := range series {
		if s.Reference {
			continue
		}
		for _, band := range bandsOf(s.Points, styleOf(i, false).color) {
			c.Plot.Add(band)
		}
	}
	for _, ref := range []bool{true, false} {
		for i, s := range series {
			if s.Reference != ref {
				continue
			}
			st := styleOf(i, s.Reference)
			if err := c.addLine(s, st, dottedFrom); err != nil {
				return err
			}
		}
	}
	for i, s := range series {
		c.AddLegend(s.Label, styleOf(i, s.Reference).thumbs()...)
	}
	return nil
}

// addLine draws one series' runs of present values and their markers.
func (c *Chart) addLine(s Series, st seriesStyle, dottedFrom float64) error {
	for _, seg := range segments(s.Points, dottedFrom) {
		line, err := plotter.NewLine(seg.xy)
		if err != nil {
			return fmt.Errorf("chart: series %q: %w", s.Label, err)
		}
		line.LineStyle = st.line
		if seg.dotted {
			line.LineStyle.Dashes = []vg.Length{vg.Points(1), vg.Points(2.5)}
		}
		c.Plot.Add(line)
	}
	var xy plotter.XYs
	for _, pt := range s.Points {
		if !math.IsNaN(pt.Y) {
			xy = append(xy, plotter.XY{X: pt.X, Y: pt.Y})
		}
	}
	if st.glyph.Shape == nil || len(xy) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(xy)
	if err != nil {
		return fmt.Errorf("chart: series %q: %w", s.Label, err)
	}
	sc.GlyphStyle = st.glyph
	c.Plot.Add(sc)
	return nil
}

// segment is a stretch of a line between two missing values.
type segment struct {
	xy     plotter.XYs
	dotted bool
}

// segments splits points into the stretches a line joins: a missing
// value (NaN Y) breaks the line, and the step to a point at or right of
// dottedFrom is a segment of its own, drawn dotted.
func segments(points []Point, dottedFrom float64) []segment {
	var out []segment
	var run plotter.XYs
	flush := func() {
		if len(run) > 1 {
			out = append(out, segment{xy: run})
		}
		run = nil
	}
	for i, pt := range points {
		if math.IsNaN(pt.Y) {
			flush()
			continue
		}
		xy := plotter.XY{X: pt.X, Y: pt.Y}
		if pt.X >= dottedFrom && len(run) > 0 {
			prev := points[i-1]
			flush()
			out = append(out, segment{xy: plotter.XYs{{X: prev.X, Y: prev.Y}, xy},
				dotted: true})
		}
		run = append(run, xy)
	}
	flush()
	return out
}

func checkSeries(series []Series) error {
	n := 0
	for _, s := range series {
		for _, pt := range s.Points {
			if !finite(pt.X) || math.IsInf(pt.Y, 0) {
				return fmt.Errorf("chart: series %q has a point (%v, %v); want a finite x "+
					"and a finite or missing (NaN) y", s.Label, pt.X, pt.Y)
			}
			if !math.IsNaN(pt.Y) {
				n++
			}
		}
	}
	if n == 0 {
		return ErrNoData
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// bandsOf returns the polygons between the points' lower and upper
// bounds, one per run of two or more points with an interval: a missing
// value breaks the band as it breaks the line.
func bandsOf(points []Point, c color.Color) []*plotter.Polygon {
	var out []*plotter.Polygon
	var upper, lower plotter.XYs
	flush := func() {
		if len(upper) > 1 {
			slices.Reverse(lower)
			if poly, err := plotter.NewPolygon(append(upper, lower...)); err == nil {
				r, g, b, _ := c.RGBA()
				poly.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8),
					A: bandAlpha}
				poly.LineStyle.Width = 0
				out = append(out, poly)
			}
		}
		upper, lower = nil, nil
	}
	for _, pt := range points {
		if !finite(pt.Y) || !finite(pt.Low) || !finite(pt.High) {
			flush()
			continue
		}
		upper = append(upper, plotter.XY{X: pt.X, Y: pt.High})
		lower = append(lower, plotter.XY{X: pt.X, Y: pt.Low})
	}
	flush()
	return out
}

// bandAlpha is the opacity of interval bands: light, so that where two
// bands overlap the lines still show through.
const bandAlpha = 38

// shareAxis sets the y axis of a chart of shares: from 0 to 1 when the
// values reach above one half, otherwise to a round number a little above
// the largest value, so that small shares (tracking answers a few
// queries in a hundred) do not lie flat along the axis.
func shareAxis(p *plot.Plot, series []Series) {
	top := 0.0
	for _, s := range series {
		for _, pt := range s.Points {
			if finite(pt.Y) {
				top = max(top, pt.Y)
			}
			if finite(pt.High) && !s.Reference { // reference bands are not drawn
				top = max(top, pt.High)
			}
		}
	}
	p.Y.Min = 0
	if top > 0.5 || top <= 0 {
		p.Y.Max = 1
		p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"},
			{Value: 0.25}, {Value: 0.5, Label: "0.5"}, {Value: 0.75}, {Value: 1, Label: "1"}})
		return
	}
	p.Y.Max = roundUp(top * 1.1)
}

// roundUp returns the smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 and
// 10 times a power of ten that is at least x > 0.
func roundUp(x float64) float64 {
	scale := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8} {
		if v := m * scale; v >= x*(1-1e-12) {
			return v
		}
	}
	return 10 * scale
}

// plainTicks are gonum/plot's default ticks labelled without trailing
// zeros: 25 rather than 25.00.
type plainTicks struct{}

// Ticks returns the default ticks between lo and hi with plain labels.
func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = plainNumber(t.Value)
		}
	}
	return ticks
}

// plainNumber writes x with at most ten significant digits and no
// trailing zeros, so that a tick at 3 × 0.1 reads 0.3.
func plainNumber(x float64) string {
	return strconv.FormatFloat(x, 'g', 10, 64)
}
