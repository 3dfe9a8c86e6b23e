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
	"gonum.org/v1/plot/vg/draw"

	"github.com/scantrail/scantrail/analysis"
)

// Point is one value of a series: Y at X, with the interval [Low, High]
// around it. NaN bounds mean there is no interval (a single replicate).
type Point struct {
	X, Y, Low, High float64
}

// Series is a labelled line of points in increasing X.
type Series struct {
	Label  string
	Points []Point
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
// attack that did not apply) are left out; a group of none is dropped.
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
		if !math.IsNaN(r.Value) {
			k := key{r.Series, r.X}
			groups[k] = append(groups[k], r.Value)
		}
	}
	out := make([]Series, 0, len(order))
	for _, name := range order {
		s := Series{Label: name}
		for k, vs := range groups {
			if k.series != name {
				continue
			}
			mean, low, high := analysis.TInterval(vs, 0.95)
			s.Points = append(s.Points, Point{X: k.x, Y: mean,
				Low: math.Max(low, lo), High: math.Min(high, hi)})
		}
		slices.SortFunc(s.Points, func(a, b Point) int { return cmp.Compare(a.X, b.X) })
		if len(s.Points) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// Lines draws each series as a line with markers and, where its points
// have intervals, a shaded band between Low and High. It refuses empty
// input and non-finite X or Y.
func Lines(title, xLabel, yLabel string, series []Series) (*plot.Plot, error) {
	if err := checkSeries(series); err != nil {
		return nil, err
	}
	p := newPlot(title, xLabel, yLabel)
	for i, s := range series {
		c := seriesColor(i)
		if band := bandOf(s.Points, c); band != nil {
			p.Add(band)
		}
		line, points, err := plotter.NewLinePoints(xys(s.Points))
		if err != nil {
			return nil, fmt.Errorf("chart: series %q: %w", s.Label, err)
		}
		line.Color = c
		line.Width = vg.Points(1.5)
		points.Color = c
		points.Shape = draw.CircleGlyph{}
		points.Radius = vg.Points(2)
		p.Add(line, points)
		p.Legend.Add(s.Label, line, points)
	}
	return p, nil
}

func checkSeries(series []Series) error {
	n := 0
	for _, s := range series {
		for _, pt := range s.Points {
			if !finite(pt.X) || !finite(pt.Y) {
				return fmt.Errorf("chart: series %q has a point (%v, %v); want finite "+
					"numbers", s.Label, pt.X, pt.Y)
			}
		}
		n += len(s.Points)
	}
	if n == 0 {
		return ErrNoData
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func xys(points []Point) plotter.XYs {
	out := make(plotter.XYs, len(points))
	for i, pt := range points {
		out[i] = plotter.XY{X: pt.X, Y: pt.Y}
	}
	return out
}

// bandOf returns the polygon between the points' lower and upper bounds,
// or nil when fewer than two points have an interval.
func bandOf(points []Point, c color.Color) *plotter.Polygon {
	var upper, lower plotter.XYs
	for _, pt := range points {
		if finite(pt.Low) && finite(pt.High) {
			upper = append(upper, plotter.XY{X: pt.X, Y: pt.High})
			lower = append(lower, plotter.XY{X: pt.X, Y: pt.Low})
		}
	}
	if len(upper) < 2 {
		return nil
	}
	slices.Reverse(lower)
	poly, err := plotter.NewPolygon(append(upper, lower...))
	if err != nil {
		return nil
	}
	r, g, b, _ := c.RGBA()
	poly.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 60}
	poly.LineStyle.Width = 0
	return poly
}

// palette holds the series colours: distinct for readers with the
// common colour-vision deficiencies (Wong, 2011).
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{213, 94, 0, 255},    // vermillion
	color.RGBA{0, 158, 115, 255},   // bluish green
	color.RGBA{204, 121, 167, 255}, // reddish purple
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{86, 180, 233, 255},  // sky blue
	color.RGBA{0, 0, 0, 255},       // black
	color.RGBA{240, 228, 66, 255},  // yellow
}

func seriesColor(i int) color.Color { return palette[i%len(palette)] }

// newPlot returns a plot with the package's title, labels and legend.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.Top = true
	p.Legend.Left = false
	p.X.Tick.Marker = plainTicks{}
	p.Y.Tick.Marker = plainTicks{}
	p.Add(plotter.NewGrid())
	return p
}

// plainTicks are gonum/plot's default ticks labelled without trailing
// zeros: 25 rather than 25.00.
type plainTicks struct{}

// Ticks returns the default ticks between lo and hi with plain labels.
func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
		}
	}
	return ticks
}
