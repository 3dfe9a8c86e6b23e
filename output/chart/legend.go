package chart

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendEntry is one line of the legend beneath a chart.
type legendEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

// The legend's type and spacing.
const (
	legendFontSize = 10
	legendThumb    = vg.Length(26) // points: long enough to show a dash pattern
	legendAbove    = vg.Length(6)  // between the x axis label and the legend
	legendColumn   = vg.Length(16) // between columns
	legendRow      = vg.Length(1)  // between rows
	legendBelow    = vg.Length(3)  // under the last row
)

// legendLayout places the entries beneath the axes in rows and columns,
// reading left to right, then down.
type legendLayout struct {
	style      text.Style
	cols, rows int
	colWidth   vg.Length
	rowHeight  vg.Length
}

// layout fits the legend's entries into columns across width.
func (c *Chart) layout(width vg.Length) legendLayout {
	l := legendLayout{style: text.Style{Font: font.From(plot.DefaultFont, legendFontSize),
		Handler: plot.DefaultTextHandler}}
	widest := vg.Length(0)
	for _, e := range c.legend {
		widest = max(widest, l.style.Width(e.label))
		l.rowHeight = max(l.rowHeight, l.style.Rectangle(e.label).Max.Y)
	}
	em := l.style.Width(" ")
	l.colWidth = legendThumb + em + widest + legendColumn
	n := len(c.legend)
	l.cols = max(1, min(n, int((width+legendColumn)/l.colWidth)))
	l.rows = (n + l.cols - 1) / l.cols
	// Balance the columns: 5 entries in 3 columns read better as 3 + 2.
	l.cols = (n + l.rows - 1) / l.rows
	return l
}

// height is the room the legend takes beneath the plot.
func (l legendLayout) height() vg.Length {
	rows := vg.Length(l.rows)
	return legendAbove + rows*l.rowHeight + (rows-1)*legendRow + legendBelow +
		l.style.FontExtents().Descent
}

// draw draws the entries in the strip at the bottom of dc, centred
// between x0 and x1 (the data area's edges).
func (l legendLayout) draw(dc draw.Canvas, x0, x1 vg.Length, entries []legendEntry) {
	total := vg.Length(l.cols)*l.colWidth - legendColumn
	left := x0 + max(0, (x1-x0-total)/2)
	top := dc.Min.Y + l.height() - legendAbove
	for j := range l.cols {
		col := plot.NewLegend()
		col.TextStyle = l.style
		col.Top, col.Left = true, true
		col.Padding = legendRow
		col.ThumbnailWidth = legendThumb
		for i := j; i < len(entries); i += l.cols {
			col.Add(entries[i].label, entries[i].thumbs...)
		}
		x := left + vg.Length(j)*l.colWidth
		col.Draw(draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: dc.Min.Y},
			Max: vg.Point{X: x + l.colWidth, Y: top},
		}})
	}
}
