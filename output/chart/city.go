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
// of the city's corner and the scans recorded there.
type Venue struct {
	X, Y  float64
	Scans int
}

// scanBins are the map's colour classes: no scans, then decades.
var scanBins = []struct {
	label string
	upTo  int // inclusive
	color color.Color
}{
	{"no scans", 0, color.RGBA{200, 200, 200, 255}},
	{"1–9", 9, color.RGBA{253, 219, 199, 255}},
	{"10–99", 99, color.RGBA{244, 165, 130, 255}},
	{"100–999", 999, color.RGBA{214, 96, 77, 255}},
	{"1,000 or more", math.MaxInt, color.RGBA{103, 0, 31, 255}},
}

// VenueMap draws every venue at its position, coloured by the number of
// scans recorded there in decades, so the places where people are most
// often recorded stand out.
func VenueMap(title string, venues []Venue) (*plot.Plot, error) {
	if len(venues) == 0 {
		return nil, ErrNoData
	}
	bins := make([]plotter.XYs, len(scanBins))
	for _, v := range venues {
		if !finite(v.X) || !finite(v.Y) || v.Scans < 0 {
			return nil, fmt.Errorf("chart: venue %+v: want a finite position and "+
				"scans ≥ 0", v)
		}
		i := 0
		for v.Scans > scanBins[i].upTo {
			i++
		}
		bins[i] = append(bins[i], plotter.XY{X: v.X / 1000, Y: v.Y / 1000})
	}
	p := newPlot(title, "km east", "km north")
	p.Legend.Top = false
	for i, xy := range bins {
		if len(xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, fmt.Errorf("chart: venue map: %w", err)
		}
		sc.Shape = draw.CircleGlyph{}
		sc.Color = scanBins[i].color
		sc.Radius = vg.Points(1.5 + 0.5*float64(i))
		p.Add(sc)
		p.Legend.Add(scanBins[i].label, sc)
	}
	squareRanges(p, venues)
	return p, nil
}

// squareRanges sets the axes so that a kilometre is about as long east as
// north on a chart of Width × Height, leaving room on the right for the
// legend.
func squareRanges(p *plot.Plot, venues []Venue) {
	x0, x1, y0, y1 := venues[0].X, venues[0].X, venues[0].Y, venues[0].Y
	for _, v := range venues {
		x0, x1, y0, y1 = min(x0, v.X), max(x1, v.X), min(y0, v.Y), max(y1, v.Y)
	}
	span := max(x1-x0, y1-y0, 1) / 1000
	const aspect = 1.75 // data area width over height, legend included
	p.X.Min, p.X.Max = x0/1000, x0/1000+span*aspect
	p.Y.Min, p.Y.Max = y0/1000, y0/1000+span
}

// FamilyHours draws, for each venue family, the scans recorded in each
// hour of the day (0 to 23, local time), one line per family. perHour[f]
// holds family f's 24 values.
func FamilyHours(families []string, perHour [][24]float64) (*plot.Plot, error) {
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
	p, err := Lines("Scans by venue family and hour of day", "hour of day (local)",
		"scans per day", series)
	if err != nil {
		return nil, err
	}
	p.X.Min, p.X.Max, p.Y.Min = 0, 23, 0
	return p, nil
}
