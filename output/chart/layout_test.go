package chart

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// No two series of a chart look alike: colour, marker and dash differ for
// the first 42 series, and colour and dash for the first 21 references.
func TestStylesDistinct(t *testing.T) {
	for _, tt := range []struct {
		reference bool
		n         int
	}{{false, 42}, {true, 21}} {
		seen := map[string]int{}
		for i := range tt.n {
			st := styleOf(i, tt.reference)
			key := fmt.Sprint(st.color, reflect.TypeOf(st.glyph.Shape), st.line.Dashes)
			if j, ok := seen[key]; ok {
				t.Errorf("reference %v: series %d and %d are drawn alike (%s)", tt.reference,
					j, i, key)
			}
			seen[key] = i
		}
	}
	if ref := styleOf(0, true); ref.glyph.Shape != nil || len(ref.line.Dashes) == 0 ||
		ref.line.Width >= styleOf(0, false).line.Width {
		t.Errorf("a reference series should be thin and dashed without markers: %+v", ref)
	}
}

// A missing value breaks the line; the step to the forever point is a
// dotted segment of its own.
func TestSegments(t *testing.T) {
	nan := math.NaN()
	pts := func(xy ...float64) []Point {
		var out []Point
		for i := 0; i < len(xy); i += 2 {
			out = append(out, Point{X: xy[i], Y: xy[i+1]})
		}
		return out
	}
	tests := []struct {
		name       string
		points     []Point
		dottedFrom float64
		want       []segment
	}{
		{"whole", pts(1, 0.1, 2, 0.2, 3, 0.3), math.Inf(1),
			[]segment{{xy: plotter.XYs{{X: 1, Y: 0.1}, {X: 2, Y: 0.2}, {X: 3, Y: 0.3}}}}},
		{"gap", pts(1, 0.1, 2, nan, 3, 0.3, 4, 0.4), math.Inf(1),
			[]segment{{xy: plotter.XYs{{X: 3, Y: 0.3}, {X: 4, Y: 0.4}}}}},
		{"forever", pts(3, 0.5, 7, 0.7, 9, 0.9), 9, []segment{
			{xy: plotter.XYs{{X: 3, Y: 0.5}, {X: 7, Y: 0.7}}},
			{xy: plotter.XYs{{X: 7, Y: 0.7}, {X: 9, Y: 0.9}}, dotted: true}}},
		{"alone", pts(1, nan, 2, 0.2, 3, nan), math.Inf(1), nil},
	}
	for _, tt := range tests {
		if got := segments(tt.points, tt.dottedFrom); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// A retention of 0 (forever) goes past the longest limit, labelled
// forever; there is no tick at 0.
func TestRetentionAxis(t *testing.T) {
	series := []Series{{Points: []Point{{X: 0}, {X: 3}, {X: 7}, {X: 28}}}}
	ax := newRetentionAxis(series)
	if !(ax.forever > 28 && ax.max > ax.forever && ax.min >= 0 && ax.min < 3) {
		t.Errorf("axis %+v: want 0 ≤ min < 3 and 28 < forever < max", ax)
	}
	var labels []string
	for _, tk := range ax.Ticks(ax.min, ax.max) {
		labels = append(labels, tk.Label)
	}
	if want := []string{"3", "7", "28", "forever"}; !slices.Equal(labels, want) {
		t.Errorf("ticks %v, want %v", labels, want)
	}
	placed := ax.place(series[0].Points)
	if placed[len(placed)-1].X != ax.forever || placed[0].X != 3 {
		t.Errorf("placed %+v: want 3 first and forever last", placed)
	}
	none := newRetentionAxis([]Series{{Points: []Point{{X: 7}, {X: 14}}}})
	if !math.IsInf(none.dottedFrom(), 1) || len(none.Ticks(none.min, none.max)) != 2 {
		t.Errorf("limits without forever: %+v", none)
	}
}

// The legend goes beneath the axes in columns that fit the width, and
// leaves most of the height to the data.
func TestLegendLayout(t *testing.T) {
	c, err := Adoption("share", "tracking: share of queries answered", manySeries(8))
	if err != nil {
		t.Fatal(err)
	}
	width := Width * 0.85
	l := c.layout(width)
	if l.cols < 2 || l.cols*l.rows < 8 || (l.cols-1)*l.rows >= 8 {
		t.Errorf("8 entries in %d columns × %d rows: want several columns, none empty",
			l.cols, l.rows)
	}
	if total := float64(l.cols)*float64(l.colWidth) - float64(legendColumn); total >
		float64(width) {
		t.Errorf("legend %v wide, more than the %v available", total, width)
	}
	if h := l.height(); h <= 0 || h > Height/3 {
		t.Errorf("legend %v high, want between 0 and a third of %v", h, Height)
	}
}

func TestShareAxis(t *testing.T) {
	tests := []struct {
		top, high, want float64
	}{
		{0.95, math.NaN(), 1}, {0.105, math.NaN(), 0.12}, {0.02, 0.03, 0.04}, {0, 0, 1},
	}
	for _, tt := range tests {
		p := plot.New()
		shareAxis(p, []Series{{Points: []Point{{X: 1, Y: tt.top, High: tt.high}}}})
		if math.Abs(p.Y.Max-tt.want) > 1e-12 || p.Y.Min != 0 {
			t.Errorf("top %v high %v: y axis [%v, %v], want [0, %v]", tt.top, tt.high,
				p.Y.Min, p.Y.Max, tt.want)
		}
	}
}

func TestRoundUp(t *testing.T) {
	for _, tt := range []struct{ in, want float64 }{
		{0.1155, 0.12}, {0.13, 0.15}, {0.033, 0.04}, {0.45, 0.5}, {7, 8}, {0.1, 0.1}, {9, 10},
	} {
		if got := roundUp(tt.in); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("roundUp(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
