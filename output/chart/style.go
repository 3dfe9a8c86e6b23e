package chart

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// palette holds the series colours: distinct for readers with the
// common colour-vision deficiencies (Wong, 2011). Wong's yellow is left
// out: it does not show on white.
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{213, 94, 0, 255},    // vermillion
	color.RGBA{0, 158, 115, 255},   // bluish green
	color.RGBA{204, 121, 167, 255}, // reddish purple
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{86, 180, 233, 255},  // sky blue
	color.RGBA{0, 0, 0, 255},       // black
}

// glyphs are the series markers, filled and hollow. With 7 colours and 6
// markers, series i and j share both only when i ≡ j (mod 42), and then
// their dash patterns differ.
var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{},
	draw.TriangleGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}}

// dashes are the line patterns, solid first.
var dashes = [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)}}

// seriesStyle is how one series is drawn.
type seriesStyle struct {
	color color.Color
	line  draw.LineStyle
	glyph draw.GlyphStyle // Shape nil: no markers
}

// styleOf returns the style of the i-th series of a chart: its own colour
// and marker, a solid line for the first seven and a dashed one after.
// A reference series is thin and dashed, without markers.
func styleOf(i int, reference bool) seriesStyle {
	c := palette[i%len(palette)]
	round := i / len(palette)
	if reference {
		return seriesStyle{color: c, line: draw.LineStyle{Color: c, Width: vg.Points(1),
			Dashes: dashes[1+round%(len(dashes)-1)]}}
	}
	return seriesStyle{
		color: c,
		line: draw.LineStyle{Color: c, Width: vg.Points(1.75),
			Dashes: dashes[round%len(dashes)]},
		glyph: draw.GlyphStyle{Color: c, Radius: vg.Points(2.75),
			Shape: glyphs[i%len(glyphs)]},
	}
}

// thumbs are the style's samples for the legend.
func (st seriesStyle) thumbs() []plot.Thumbnailer {
	out := []plot.Thumbnailer{&plotter.Line{LineStyle: st.line}}
	if st.glyph.Shape != nil {
		out = append(out, &plotter.Scatter{GlyphStyle: st.glyph})
	}
	return out
}
