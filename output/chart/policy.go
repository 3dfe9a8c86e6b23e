package chart

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/plot"
)

// Policy draws one measure, a share, against the retention limit in days,
// with bands over replicates: the chart that shows what a retention policy
// buys. A limit of 0 keeps records forever; it is drawn at the right end,
// past the longest limit, labelled "forever" and joined to the rest by a
// dotted line, so that the curve reads from the shortest limit to none
// rather than dipping from 0 like a V.
func Policy(measure string, series []Series) (*Chart, error) {
	if err := checkSeries(series); err != nil {
		return nil, err
	}
	ax := newRetentionAxis(series)
	moved := make([]Series, len(series))
	for i, s := range series {
		moved[i] = s
		moved[i].Points = ax.place(s.Points)
	}
	c := newChart(capitalize(measure)+" against the retention limit",
		"retention limit (days)", measure)
	if err := c.addSeries(moved, ax.dottedFrom()); err != nil {
		return nil, err
	}
	shareAxis(c.Plot, moved)
	c.Plot.X.Min, c.Plot.X.Max = ax.min, ax.max
	c.Plot.X.Tick.Marker = ax
	return c, nil
}

// retentionAxis maps retention limits to x positions: days as they are,
// and 0 (forever) at a position past the longest limit.
type retentionAxis struct {
	limits   []float64 // the distinct limits above 0, in order
	forever  float64   // x of the forever point; NaN when no series has one
	min, max float64   // the axis range
}

// maxLimitTicks is the most limits the axis labels one by one; beyond it
// the ticks are gonum/plot's round numbers.
const maxLimitTicks = 12

func newRetentionAxis(series []Series) retentionAxis {
	ax := retentionAxis{forever: math.NaN()}
	hasForever := false
	for _, s := range series {
		for _, pt := range s.Points {
			if pt.X == 0 {
				hasForever = true
			} else if !slices.Contains(ax.limits, pt.X) {
				ax.limits = append(ax.limits, pt.X)
			}
		}
	}
	slices.Sort(ax.limits)
	lo, hi := 0.0, 0.0
	if len(ax.limits) > 0 {
		lo, hi = ax.limits[0], ax.limits[len(ax.limits)-1]
	}
	span := hi - lo
	if span == 0 {
		span = max(hi, 1)
	}
	ax.min, ax.max = max(0, lo-0.08*span), hi+0.05*span
	if hasForever {
		ax.forever = hi + 0.22*span
		ax.max = ax.forever + 0.05*span
	}
	return ax
}

// place returns points with 0 moved to the forever position, in x order.
func (ax retentionAxis) place(points []Point) []Point {
	out := slices.Clone(points)
	for i := range out {
		if out[i].X == 0 {
			out[i].X = ax.forever
		}
	}
	slices.SortStableFunc(out, func(a, b Point) int { return cmp.Compare(a.X, b.X) })
	return out
}

// dottedFrom is the x from which points are joined by a dotted line: the
// forever point, or +Inf when there is none.
func (ax retentionAxis) dottedFrom() float64 {
	if math.IsNaN(ax.forever) {
		return math.Inf(1)
	}
	return ax.forever
}

// Ticks labels the limits (every one when there are few, round numbers up
// to the longest otherwise) and the forever position.
func (ax retentionAxis) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	if len(ax.limits) <= maxLimitTicks {
		for _, d := range ax.limits {
			ticks = append(ticks, plot.Tick{Value: d, Label: plainNumber(d)})
		}
	} else if len(ax.limits) > 0 {
		last := ax.limits[len(ax.limits)-1]
		for _, t := range (plainTicks{}).Ticks(lo, last) {
			if t.Value <= last {
				ticks = append(ticks, t)
			}
		}
	}
	if !math.IsNaN(ax.forever) {
		ticks = append(ticks, plot.Tick{Value: ax.forever, Label: "forever"})
	}
	return ticks
}
