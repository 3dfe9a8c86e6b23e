package analysis

import (
	"cmp"
	"math"
	"slices"
)

// maxCloakLevel bounds the depth of the cloaking quadtree; cells at the
// deepest level of a city some kilometres wide are a few metres across.
const maxCloakLevel = 12

// cloakItem is an observation whose place a holder cloaks.
type cloakItem struct {
	obs    int   // index in the builder's observations
	person int32 // the account, standing for one person
	venue  int32
	k      int
}

// cloak replaces the place of every cloaked observation by the smallest
// quadtree cell around it in which at least k distinct accounts were
// observed in the same hour, the spatial cloaking of Gruteser and
// Grunwald (2003) applied to stored records. Where even the whole city
// holds fewer than k, the whole city is the cell.
func (b *viewBuilder) cloak() {
	if len(b.cloaks) == 0 {
		return
	}
	q := newQuadtree(b.r)
	slices.SortFunc(b.cloaks, func(x, y cloakItem) int {
		return cmp.Or(cmp.Compare(b.hour(x), b.hour(y)), cmp.Compare(x.k, y.k),
			cmp.Compare(x.person, y.person), cmp.Compare(x.obs, y.obs))
	})
	for lo := 0; lo < len(b.cloaks); {
		hi := lo + 1
		for hi < len(b.cloaks) && b.hour(b.cloaks[hi]) == b.hour(b.cloaks[lo]) &&
			b.cloaks[hi].k == b.cloaks[lo].k {
			hi++
		}
		b.cloakHour(q, b.cloaks[lo:hi])
		lo = hi
	}
}

func (b *viewBuilder) hour(c cloakItem) int32 {
	return floorDiv(b.obs[c.obs].Minute, 60)
}

// cloakHour cloaks one hour's items, sorted by account, with one k.
func (b *viewBuilder) cloakHour(q quadtree, items []cloakItem) {
	type tally struct {
		last  int32
		count int
	}
	counts := map[uint64]*tally{}
	for _, it := range items {
		v := b.places.venue(it.venue)
		for level := 0; level <= q.levels; level++ {
			key := q.cell(v.X, v.Y, level)
			t := counts[key]
			if t == nil {
				t = &tally{last: -1}
				counts[key] = t
			}
			if t.last != it.person {
				t.last, t.count = it.person, t.count+1
			}
		}
	}
	for _, it := range items {
		v := b.places.venue(it.venue)
		level := q.levels
		for level > 0 && counts[q.cell(v.X, v.Y, level)].count < it.k {
			level--
		}
		key := q.cell(v.X, v.Y, level)
		x, y := q.centre(key)
		b.obs[it.obs].Venue = b.places.coarse(placeKey{unit: 3, cell: key, kind: v.K},
			it.venue, x, y)
	}
}

// quadtree divides the square around the city's venues into cells.
type quadtree struct {
	x0, y0, side float64
	levels       int
}

func newQuadtree(r *Records) quadtree {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, v := range r.Venues {
		minX, maxX = min(minX, v.X), max(maxX, v.X)
		minY, maxY = min(minY, v.Y), max(maxY, v.Y)
	}
	side := max(maxX-minX, maxY-minY, 1) * (1 + 1e-9)
	levels := 0
	for levels < maxCloakLevel && side/float64(int(1)<<(levels+1)) >= 10 {
		levels++
	}
	return quadtree{x0: minX, y0: minY, side: side, levels: levels}
}

// cell returns the key of the cell holding (x, y) at a level: the level
// in the high bits, then the row and column.
func (q quadtree) cell(x, y float64, level int) uint64 {
	n := float64(int(1) << level)
	col := uint64(min(max((x-q.x0)/q.side*n, 0), n-1))
	row := uint64(min(max((y-q.y0)/q.side*n, 0), n-1))
	return uint64(level)<<40 | row<<20 | col
}

// centre returns the centre of a cell.
func (q quadtree) centre(key uint64) (x, y float64) {
	level := int(key >> 40)
	row, col := float64(key>>20&(1<<20-1)), float64(key&(1<<20-1))
	size := q.side / float64(int(1)<<level)
	return q.x0 + (col+0.5)*size, q.y0 + (row+0.5)*size
}
