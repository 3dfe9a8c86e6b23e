package chart

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Timeline is one person's movements: where they truly were and where an
// adversary's records place them. Rows are the places (venue labels),
// times are hours from the start of the first day shown.
type Timeline struct {
	// Title names the person and the adversary.
	Title string
	// Rows labels the places, bottom to top.
	Rows []string
	// Truth are the true stays.
	Truth []Span
	// Seen are the adversary's records.
	Seen []Mark
}

// Span is a stay at the place in row Row from hour From to hour To.
type Span struct {
	Row      int
	From, To float64
}

// Mark is a record placing the person at row Row at hour At.
type Mark struct {
	Row int
	At  float64
}

// PersonTimeline draws the true stays as bars and the adversary's records
// as crosses on the same rows, so a reader sees what the records reveal
// and what they miss.
func PersonTimeline(t Timeline) (*Chart, error) {
	if len(t.Truth) == 0 && len(t.Seen) == 0 {
		return nil, ErrNoData
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	c := newChart(t.Title, "hours from the start of the first day", "")
	p := c.Plot
	spans := &spanPlotter{spans: t.Truth, color: palette[0], width: vg.Points(6)}
	p.Add(spans)
	c.AddLegend("where they were", spans)
	if len(t.Seen) > 0 {
		xy := make(plotter.XYs, len(t.Seen))
		for i, m := range t.Seen {
			xy[i] = plotter.XY{X: m.At, Y: float64(m.Row)}
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, fmt.Errorf("chart: timeline: %w", err)
		}
		sc.Shape = draw.CrossGlyph{}
		sc.Color = palette[6]
		sc.Radius = vg.Points(5)
		p.Add(sc)
		c.AddLegend("what the records show", sc)
	}
	p.NominalY(t.Rows...)
	p.Y.Min, p.Y.Max = -0.5, float64(len(t.Rows))-0.5
	p.X.Tick.Marker = hourTicks{}
	return c, nil
}

func (t Timeline) check() error {
	for _, s := range t.Truth {
		if s.Row < 0 || s.Row >= len(t.Rows) || !finite(s.From) || !finite(s.To) ||
			s.To < s.From {
			return fmt.Errorf("chart: timeline span %+v: want a row of %d and "+
				"finite From ≤ To", s, len(t.Rows))
		}
	}
	for _, m := range t.Seen {
		if m.Row < 0 || m.Row >= len(t.Rows) || !finite(m.At) {
			return fmt.Errorf("chart: timeline mark %+v: want a row of %d and a "+
				"finite time", m, len(t.Rows))
		}
	}
	return nil
}

// spanPlotter draws horizontal bars, one per span.
type spanPlotter struct {
	spans []Span
	color color.Color
	width vg.Length
}

// Plot draws the spans; a span shorter than the bar is drawn as wide as
// it is thick, so short stays stay visible.
func (s *spanPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	style := draw.LineStyle{Color: s.color, Width: s.width}
	for _, sp := range s.spans {
		y := ty(float64(sp.Row))
		x0, x1 := tx(sp.From), tx(sp.To)
		if x1-x0 < s.width/2 {
			x1 = x0 + s.width/2
		}
		c.StrokeLine2(style, x0, y, x1, y)
	}
}

// DataRange returns the hours the spans cover.
func (s *spanPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	if len(s.spans) == 0 {
		return 0, 1, 0, 0
	}
	xmin, xmax = s.spans[0].From, s.spans[0].To
	for _, sp := range s.spans {
		xmin, xmax = min(xmin, sp.From), max(xmax, sp.To)
	}
	return xmin, xmax, 0, 0
}

// Thumbnail draws the legend's sample bar.
func (s *spanPlotter) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(draw.LineStyle{Color: s.color, Width: s.width}, c.Min.X, y, c.Max.X, y)
}

// hourTicks marks every 6 hours, labelling midnights with the day.
type hourTicks struct{}

// Ticks returns the ticks between min and max hours.
func (hourTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for h := float64(int(lo/6)) * 6; h <= hi; h += 6 {
		if h < lo {
			continue
		}
		label := fmt.Sprintf("%02d:00", int(h)%24)
		if int(h)%24 == 0 {
			label = fmt.Sprintf("day %d", int(h)/24+1)
		}
		ticks = append(ticks, plot.Tick{Value: h, Label: label})
	}
	return ticks
}
