package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Venue is one venue on the map: its position in metres east and north
// of the city's corner and the records made there (scans, check-ins or
// stays).
type Venue struct {
	X, Y    float64
	Records int
}

// recordBins are the map's colour classes: no records, then decades.
var recordBins = []struct {
	label string // "%s" is the records' noun
	upTo  int    // inclusive
	color color.Color
}{
	{"no %s", 0, color.RGBA{200, 200, 200, 255}},
	{"1–9", 9, color.RGBA{253, 219, 199, 255}},
	{"10–99", 99, color.RGBA{244, 165, 130, 255}},
	{"100–999", 999, color.RGBA{214, 96, 77, 255}},
	{"1,000 or more", math.MaxInt, color.RGBA{103, 0, 31, 255}},
}

// VenueMap draws every venue at its position, coloured by the number of
// records made there in decades, so the places where people are most
// often recorded stand out. noun names the records in the legend, such as
// "scans" or "stays".
func VenueMap(title, noun string, venues []Venue) (*Chart, error) {
	if len(venues) == 0 {
		return nil, ErrNoData
	}
	bins := make([]plotter.XYs, len(recordBins))
	for _, v := range venues {
		if !finite(v.X) || !finite(v.Y) || v.Records < 0 {
			return nil, fmt.Errorf("chart: venue %+v: want a finite position and "+
				"records ≥ 0", v)
		}
		i := 0
		for v.Records > recordBins[i].upTo {
			i++
		}
		bins[i] = append(bins[i], plotter.XY{X: v.X / 1000, Y: v.Y / 1000})
	}
	c := newChart(title, "km east", "km north")
	p := c.Plot
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.TextStyle.Font.Size = legendFontSize
	for i, xy := range bins {
		if len(xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, fmt.Errorf("chart: venue map: %w", err)
		}
		sc.Shape = draw.CircleGlyph{}
		sc.Color = recordBins[i].color
		sc.Radius = vg.Points(1.5 + 0.5*float64(i))
		p.Add(sc)
		label := recordBins[i].label
		if i == 0 {
			label = fmt.Sprintf(label, noun)
		}
		p.Legend.Add(label, sc)
	}
	squareRanges(p, venues)
	return c, nil
}

// squareRanges sets the axes so that a kilometre is about as long east as
// north on a chart of Width × Height, leaving room on the right for the
// legend, and ticks only the city's extent.
func squareRanges(p *plot.Plot, venues []Venue) {
	x0, x1, y0, y1 := venues[0].X, venues[0].X, venues[0].Y, venues[0].Y
	for _, v := range venues {
		x0, x1, y0, y1 = min(x0, v.X), max(x1, v.X), min(y0, v.Y), max(y1, v.Y)
	}
	span := max(x1-x0, y1-y0, 1) / 1000
	const aspect = 1.75 // data area width over height, legend included
	p.X.Min, p.X.Max = x0/1000, x0/1000+span*aspect
	p.Y.Min, p.Y.Max = y0/1000, y0/1000+span
	p.X.Tick.Marker = clippedTicks{upTo: x1 / 1000}
}

// clippedTicks are plain ticks up to a limit: the map's x axis runs on
// under the legend, where no venue is.
type clippedTicks struct{ upTo float64 }

// Ticks returns the plain ticks from lo to the limit.
func (t clippedTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, tk := range (plainTicks{}).Ticks(lo, hi) {
		if tk.Value <= t.upTo {
			out = append(out, tk)
		}
	}
	return out
}

// FamilyHours draws, for each venue family, the records (scans or
// check-ins, named by noun) made in each hour of the day (0 to 23, local
// time), one line per family. perHour[f] holds family f's 24 values.
func FamilyHours(noun string, families []string, perHour [][24]float64) (*Chart, error) {
	if len(families) != len(perHour) {
		return nil, fmt.Errorf("chart: %d families but %d rows of hours",
			len(families), len(perHour))
	}
	var series []Series
	for i, f := range families {
		s := Series{Label: f}
		total := 0.0
		for h, v := range perHour[i] {
			s.Points = append(s.Points, Point{X: float64(h), Y: v,
				Low: math.NaN(), High: math.NaN()})
			total += v
		}
		if total > 0 {
			series = append(series, s)
		}
	}
	c, err := Lines(capitalize(noun)+" by venue family and hour of day",
		"hour of day (local)", noun+" per day", series)
	if err != nil {
		return nil, err
	}
	c.Plot.X.Min, c.Plot.X.Max, c.Plot.Y.Min = 0, 23, 0
	var ticks []plot.Tick
	for h := 0; h < 24; h += 3 {
		ticks = append(ticks, plot.Tick{Value: float64(h), Label: fmt.Sprintf("%02d:00", h)})
	}
	c.Plot.X.Tick.Marker = plot.ConstantTicks(ticks)
	return c, nil
}
