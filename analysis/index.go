package analysis

import (
	"math/bits"
	"slices"
)

// Index is an inverted index of a view at one resolution. For every point
// that some account holds it lists the holders, and for every account its
// distinct points:
//
//	Holders(x) = { a : account a has an observation at point x }, ascending
//	Points(a)  = { x : account a has an observation at point x }, ascending
//
// Points are numbered 0..NumPoints()-1 in increasing Point order. Both
// sides are stored flat (compressed sparse rows): one offsets array and one
// long array each, no map and no slice per point. The index keeps about 8
// bytes per distinct (account, point) pair and 12 per distinct point.
// While it is built it needs two tables of 4 bytes per possible point
// when there are at most 2^20 of them (any resolution without time, or
// with days or hours at district level), and otherwise 16 bytes per
// observation kept: for the 38 million observations of a four-week run
// of 100,000 people at venue/hour, about 0.85 GB without a focus.
//
// The index is what makes unicity and risk exact over every account of a
// view: how many accounts hold a set of points is an intersection of a few
// sorted posting lists, not a scan of every trace.
type Index struct {
	keys    []Point // the distinct points; a point's id is its position
	postOff []int32 // holders of point x: holders[postOff[x]:postOff[x+1]]
	holders []int32
	ownOff  []int32 // points of account a: owned[ownOff[a]:ownOff[a+1]]
	owned   []int32

	// With counts, the number of observations behind each entry of
	// holders and of owned; nil otherwise.
	holderN []int32
	ownedN  []int32
}

// NewIndex builds the index of view v at resolution r, in O(n) for n
// observations. When the points fit a table of 2^20 it counts each
// point's holders and then writes them, two passes over the view;
// otherwise each observation becomes one 64-bit word (place rank, time
// bin, account) and the words are sorted by a radix sort on the place and
// time bits alone, since a view's observations already come in account
// order: two passes at venue/hour over four weeks. An empty view gives an
// empty index.
func NewIndex(v *View, r Resolution) *Index {
	return buildIndex(v, r, indexSpec{timed: true})
}

// NumPoints returns the number of distinct points.
func (x *Index) NumPoints() int { return len(x.keys) }

// NumAccounts returns the number of accounts, those without observations
// included.
func (x *Index) NumAccounts() int { return len(x.ownOff) - 1 }

// Point returns the point with id id.
func (x *Index) Point(id int32) Point { return x.keys[id] }

// ID returns the id of point p, and false when no account holds p.
func (x *Index) ID(p Point) (int32, bool) {
	i, ok := slices.BinarySearch(x.keys, p)
	return int32(i), ok
}

// Holders returns the accounts holding point id, in ascending order. The
// slice belongs to the index.
func (x *Index) Holders(id int32) []int32 {
	return x.holders[x.postOff[id]:x.postOff[id+1]]
}

// Points returns the ids of account a's distinct points, in ascending
// order. The slice belongs to the index.
func (x *Index) Points(a int32) []int32 {
	return x.owned[x.ownOff[a]:x.ownOff[a+1]]
}

// Count returns the number of accounts holding every point of ids:
//
//	|Holders(ids[0]) ∩ Holders(ids[1]) ∩ … |
//
// It intersects the shortest list first, probing the others in order of
// length with a galloping search, so its cost is about the shortest
// list's length times the logarithm of the others'. When limit > 0 it
// stops as soon as limit accounts are found and returns limit: limit 2
// answers "is the set held by one account only?" at the cost of finding a
// second holder. With no ids every account holds the (empty) set.
func (x *Index) Count(ids []int32, limit int) int {
	if len(ids) == 0 {
		return capCount(x.NumAccounts(), limit)
	}
	var stack [16][]int32
	lists := stack[:0]
	for _, id := range ids {
		lists = append(lists, x.Holders(id))
	}
	slices.SortFunc(lists, func(a, b []int32) int { return len(a) - len(b) })
	return intersectCount(lists, limit)
}

func capCount(n, limit int) int {
	if limit > 0 && n > limit {
		return limit
	}
	return n
}

// intersectCount counts the values of lists[0] found in every other list;
// the lists are sorted and lists[0] should be the shortest.
func intersectCount(lists [][]int32, limit int) int {
	var cursorStack [16]int
	cursor := cursorStack[:0]
	for range lists {
		cursor = append(cursor, 0)
	}
	n := 0
	for _, a := range lists[0] {
		if !containsAll(lists[1:], cursor[1:], a) {
			continue
		}
		n++
		if n == limit {
			break
		}
	}
	return n
}

// containsAll reports whether a is in every list, moving each list's
// cursor to the first value not below a. Values arrive in ascending order.
func containsAll(lists [][]int32, cursor []int, a int32) bool {
	for i, l := range lists {
		c := gallop(l, cursor[i], a)
		cursor[i] = c
		if c == len(l) || l[c] != a {
			return false
		}
	}
	return true
}

// countAtLeast is Count with multiplicities, for an index with counts: the
// number of accounts with at least mins[i] observations at ids[i], for
// every i, stopping at limit when limit > 0. The first id should have the
// shortest posting list; it drives the intersection. It also returns how
// many entries of that list it read, a measure of its cost.
func (x *Index) countAtLeast(ids, mins []int32, limit int) (n, read int) {
	var cursorStack [16]int32
	cursor := cursorStack[:0]
	for _, id := range ids {
		cursor = append(cursor, x.postOff[id])
	}
	lo, hi := x.postOff[ids[0]], x.postOff[ids[0]+1]
	e := lo
	for ; e < hi && (limit <= 0 || n < limit); e++ {
		if x.holderN[e] >= mins[0] && x.holdsAtLeast(ids[1:], mins[1:], cursor[1:], x.holders[e]) {
			n++
		}
	}
	return n, int(e - lo)
}

// holdsAtLeast reports whether account a has at least mins[i] observations
// at every ids[i], moving each list's cursor (a position in holders) to
// the first holder not below a. Accounts arrive in ascending order.
func (x *Index) holdsAtLeast(ids, mins, cursor []int32, a int32) bool {
	for i, id := range ids {
		lo, hi := int(x.postOff[id]), int(x.postOff[id+1])
		c := lo + gallop(x.holders[lo:hi], int(cursor[i])-lo, a)
		cursor[i] = int32(c)
		if c == hi || x.holders[c] != a || x.holderN[c] < mins[i] {
			return false
		}
	}
	return true
}

// gallop returns the first index i ≥ from with l[i] ≥ a (or len(l)),
// doubling its step from from and then searching the last step.
func gallop(l []int32, from int, a int32) int {
	step, hi := 1, from
	for hi < len(l) && l[hi] < a {
		from = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, len(l))
	i, _ := slices.BinarySearch(l[from:hi], a)
	return from + i
}

// indexSpec says what buildIndex keeps.
type indexSpec struct {
	// timed keeps the time bin; without it a point is a place alone.
	timed bool
	// counts keeps how many observations stand behind each (account,
	// point) pair.
	counts bool
	// focus, when not nil, restricts the index to the points these
	// accounts hold: their posting lists are complete and so are the
	// focus accounts' own point lists, but other accounts have no point
	// list. Unicity and Risk ask nothing else.
	focus []int32
	// budget is the width of a sorting word: 64, narrower in tests.
	budget uint
	// sorted makes tests take the sorting path where countHolders would
	// serve.
	sorted bool
}

// buildIndex indexes v at r as spec says.
func buildIndex(v *View, r Resolution, spec indexSpec) *Index {
	if spec.budget == 0 {
		spec.budget = 64
	}
	pk := newPacker(v, r, spec.timed, spec.budget)
	x := &Index{}
	if !pk.wide && pk.keyBits <= countingKeyBits && !spec.sorted {
		x.countHolders(v, pk, spec.focus, spec.counts)
	} else {
		x.fillHolders(pk.pack(v, spec.focus), pk, spec.counts)
	}
	if spec.focus != nil {
		x.fillFocusOwned(v, pk, spec.focus, spec.counts)
	} else {
		x.fillOwned(v.NumAccounts(), spec.counts)
	}
	return x
}

// countingKeyBits bounds the key space that countHolders tabulates: two
// int32 tables of 2^20 keys take 8 MiB and stay mostly in cache. Coarse
// resolutions (district/day has a few hundred keys) and places without
// time, where nearly every observation is kept and sorting words would
// take 16 bytes each, always fit; venue/hour over weeks does not, and
// its focused words are few.
const countingKeyBits = 20

// countHolders fills the posting lists straight from the view, in two
// passes over its observations and no sort: the first counts each key's
// distinct holders, the second writes them. A view comes grouped by
// account in increasing order, so each key's holders arrive in order, and
// last[k], the account that wrote k's latest entry, tells whether an
// observation is its account's first at k. It builds the same index as
// fillHolders with two tables of one int32 per possible key instead of 16
// bytes per observation.
func (x *Index) countHolders(v *View, pk *packer, focus []int32, counts bool) {
	base, keep := pk.countingKeys(v, focus)
	size := 1 << pk.keyBits
	last := make([]int32, size)
	pos := make([]int32, size+1)
	// holdings resets last and calls fn for every observation the index
	// keeps, with its key and account, in view order (accounts ascending).
	holdings := func(fn func(k int, a int32)) {
		for i := range last {
			last[i] = -1
		}
		for _, o := range v.obs {
			k := base[o.Venue]
			if k < 0 {
				continue
			}
			k = pk.withBin(k, o.Minute)
			if keep != nil && keep[k/64]&(1<<(k%64)) == 0 {
				continue
			}
			fn(k, o.Account)
		}
	}
	holdings(func(k int, a int32) {
		if last[k] != a {
			last[k] = a
			pos[k+1]++
		}
	})
	x.postingsFrom(pk, pos)
	if counts {
		x.holderN = make([]int32, len(x.holders))
	}
	holdings(func(k int, a int32) {
		if last[k] != a {
			last[k] = a
			x.holders[pos[k]] = a
			pos[k]++
		}
		if counts {
			x.holderN[pos[k]-1]++
		}
	})
}

// postingsFrom sets the points, offsets and holders (to be filled) from
// the number of holders of each key, held in count[k+1], and turns count
// into where each key's list starts.
func (x *Index) postingsFrom(pk *packer, count []int32) {
	points := 0
	for k := 1; k < len(count); k++ {
		points += int(min(count[k], 1))
		count[k] += count[k-1]
	}
	x.keys = make([]Point, 0, points)
	x.postOff = make([]int32, 1, points+1)
	for k := range len(count) - 1 {
		if count[k+1] > count[k] {
			x.keys = append(x.keys, pk.point(uint64(k)))
			x.postOff = append(x.postOff, count[k+1])
		}
	}
	x.holders = make([]int32, count[len(count)-1])
}

// countingKeys returns, per venue, the place part of its key (the key
// itself without time), or −1 when no focus account holds a point at its
// place; and the bitmap of focus keys when there is a focus and time
// counts, nil otherwise.
func (pk *packer) countingKeys(v *View, focus []int32) (base []int, keep []uint64) {
	keep, places := pk.focusKeys(v, focus)
	base = make([]int, len(pk.rank))
	for ve, r := range pk.rank {
		base[ve] = int(r) << pk.binBits
		if places != nil && !places[r] {
			base[ve] = -1
		}
	}
	if pk.binOf == nil {
		keep = nil // the place decides
	}
	return base, keep
}

// withBin adds the time bin of minute to a key's place part.
func (pk *packer) withBin(k int, minute int32) int {
	if pk.binOf != nil {
		k |= int(pk.binOf[minute-pk.minMinute])
	}
	return k
}

// fillHolders reads the sorted words, each a point and an account, into
// the points' posting lists.
func (x *Index) fillHolders(words []uint64, pk *packer, counts bool) {
	points, pairs := 0, 0
	for i, w := range words {
		if i == 0 || w != words[i-1] {
			pairs++
			if i == 0 || w>>pk.accBits != words[i-1]>>pk.accBits {
				points++
			}
		}
	}
	x.keys = make([]Point, 0, points)
	x.postOff = make([]int32, 1, points+1)
	x.holders = make([]int32, 0, pairs)
	if counts {
		x.holderN = make([]int32, 0, pairs)
	}
	for i, w := range words {
		if i > 0 && w == words[i-1] {
			if counts {
				x.holderN[len(x.holderN)-1]++
			}
			continue
		}
		if i == 0 || w>>pk.accBits != words[i-1]>>pk.accBits {
			x.keys = append(x.keys, pk.point(w>>pk.accBits))
			x.postOff = append(x.postOff, x.postOff[len(x.postOff)-1])
		}
		x.holders = append(x.holders, int32(w&(1<<pk.accBits-1)))
		x.postOff[len(x.postOff)-1]++
		if counts {
			x.holderN = append(x.holderN, 1)
		}
	}
}

// fillOwned transposes the posting lists into per-account point lists
// with a counting sort; walking the points in id order leaves each
// account's list ascending.
func (x *Index) fillOwned(accounts int, counts bool) {
	x.ownOff = make([]int32, accounts+1)
	for _, a := range x.holders {
		x.ownOff[a+1]++
	}
	for a := 1; a <= accounts; a++ {
		x.ownOff[a] += x.ownOff[a-1]
	}
	next := slices.Clone(x.ownOff[:accounts])
	x.owned = make([]int32, len(x.holders))
	if counts {
		x.ownedN = make([]int32, len(x.holders))
	}
	for id := range x.keys {
		for e := x.postOff[id]; e < x.postOff[id+1]; e++ {
			a := x.holders[e]
			x.owned[next[a]] = int32(id)
			if counts {
				x.ownedN[next[a]] = x.holderN[e]
			}
			next[a]++
		}
	}
}

// fillFocusOwned writes the point lists of the focus accounts alone,
// from their traces, leaving the other accounts' lists empty.
func (x *Index) fillFocusOwned(v *View, pk *packer, focus []int32, counts bool) {
	in := make([]bool, v.NumAccounts())
	for _, a := range focus {
		in[a] = true
	}
	x.ownOff = make([]int32, len(in)+1)
	var ids []int32
	for a := range int32(len(in)) {
		x.ownOff[a+1] = x.ownOff[a]
		if !in[a] {
			continue
		}
		ids = ids[:0]
		for _, o := range v.Trace(a) {
			id, _ := x.ID(pk.pointOf(v, o))
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for i, id := range ids {
			switch {
			case i > 0 && id == ids[i-1] && counts:
				x.ownedN[len(x.ownedN)-1]++
			case i > 0 && id == ids[i-1]:
			case counts:
				x.ownedN = append(x.ownedN, 1)
				fallthrough
			default:
				x.owned = append(x.owned, id)
			}
		}
		x.ownOff[a+1] = int32(len(x.owned))
	}
}

// packer turns an observation into one sortable word: the rank of its
// place among the view's places, then its time bin less the smallest bin,
// then its account, each in as few bits as the view needs.
type packer struct {
	r     Resolution
	timed bool
	// wide is set when the fields do not fit one word, or the minutes
	// are too spread to tabulate: points are then ranked by comparison.
	wide      bool
	rank      []uint32 // per venue, the rank of its place
	places    []uint32 // per rank, the place
	minMinute int32
	binOf     []uint32 // per minute from minMinute: its bin less minBin
	minBin    uint32
	binBits   uint
	keyBits   uint
	accBits   uint
	distinct  []Point // when wide: the point of each key
}

func newPacker(v *View, r Resolution, timed bool, budget uint) *packer {
	pk := &packer{r: r, timed: timed}
	pk.rankPlaces(v)
	if timed {
		pk.tabulateBins(v)
	}
	placeBits := uint(bits.Len32(uint32(max(len(pk.places)-1, 0))))
	pk.keyBits = placeBits + pk.binBits
	pk.accBits = uint(bits.Len32(uint32(max(v.NumAccounts()-1, 0))))
	pk.wide = pk.wide || pk.keyBits+pk.accBits > budget
	return pk
}

// rankPlaces numbers the distinct places of the venues in increasing
// order, so that comparing ranks compares places.
func (pk *packer) rankPlaces(v *View) {
	of := make([]uint32, len(v.Venues))
	for ve := range v.Venues {
		of[ve] = uint32(pk.r.Point(v, Observation{Venue: int32(ve)}) >> 32)
	}
	pk.places = slices.Compact(slices.Sorted(slices.Values(of)))
	pk.rank = make([]uint32, len(of))
	for ve, p := range of {
		i, _ := slices.BinarySearch(pk.places, p)
		pk.rank[ve] = uint32(i)
	}
}

// tabulateBins writes the time bin of every minute the view spans, which
// spares a division per observation. Bins never fall as minutes rise.
func (pk *packer) tabulateBins(v *View) {
	if len(v.obs) == 0 {
		return
	}
	lo, hi := v.obs[0].Minute, v.obs[0].Minute
	for _, o := range v.obs {
		lo, hi = min(lo, o.Minute), max(hi, o.Minute)
	}
	if lo < 0 || hi-lo >= 1<<22 {
		pk.wide = true
		return
	}
	probe := Observation{Venue: v.obs[0].Venue}
	pk.minMinute = lo
	pk.binOf = make([]uint32, hi-lo+1)
	for m := lo; m <= hi; m++ {
		probe.Minute = m
		pk.binOf[m-lo] = uint32(pk.r.Point(v, probe))
	}
	pk.minBin = pk.binOf[0]
	for i := range pk.binOf {
		pk.binOf[i] -= pk.minBin
	}
	pk.binBits = uint(bits.Len32(pk.binOf[hi-lo]))
}

// key returns the point part of an observation's word: place rank, then
// bin offset.
func (pk *packer) key(o Observation) uint64 {
	k := uint64(pk.rank[o.Venue]) << pk.binBits
	if pk.binOf != nil {
		k |= uint64(pk.binOf[o.Minute-pk.minMinute])
	}
	return k
}

// point decodes the point part of a word.
func (pk *packer) point(key uint64) Point {
	if pk.wide {
		return pk.distinct[key]
	}
	place := pk.places[key>>pk.binBits]
	bin := uint32(key&(1<<pk.binBits-1)) + pk.minBin
	return Point(uint64(place)<<32 | uint64(bin))
}

// pointOf returns an observation's point at the packer's grain.
func (pk *packer) pointOf(v *View, o Observation) Point {
	p := pk.r.Point(v, o)
	if !pk.timed {
		p &^= 1<<32 - 1
	}
	return p
}

// pack returns the observations as sorted words, leaving out those at
// points no focus account holds. A wide view goes to packRanked, which
// keeps every point.
func (pk *packer) pack(v *View, focus []int32) []uint64 {
	if pk.wide {
		return pk.packRanked(v)
	}
	var words []uint64
	if keep, places := pk.focusKeys(v, focus); keep != nil {
		words = pk.packKept(v, keep, places)
	} else {
		words = make([]uint64, len(v.obs))
		for i, o := range v.obs {
			words[i] = pk.key(o)<<pk.accBits | uint64(o.Account)
		}
	}
	// A view keeps its observations grouped by account in increasing
	// order, so a stable sort by point alone leaves each point's holders
	// in order.
	return sortWords(words, pk.accBits, pk.keyBits+pk.accBits)
}

// focusKeys returns a bitmap of the point keys that the focus accounts
// hold, and which place ranks they hold any point at; or nils to keep
// every point: when there is no focus, or when a bitmap of every possible
// key would pass 64 MiB.
func (pk *packer) focusKeys(v *View, focus []int32) (keep []uint64, places []bool) {
	if focus == nil || pk.keyBits > 29 {
		return nil, nil
	}
	keep = make([]uint64, (1<<pk.keyBits+63)/64)
	places = make([]bool, len(pk.places))
	for _, a := range focus {
		for _, o := range v.Trace(a) {
			k := pk.key(o)
			keep[k/64] |= 1 << (k % 64)
			places[pk.rank[o.Venue]] = true
		}
	}
	return keep, places
}

// packKept packs the observations whose key is set in keep. Many places
// of a large view hold no focus point, and looking the place up first
// spares those observations a probe of the large bitmap; counting them
// first bounds the words to allocate.
func (pk *packer) packKept(v *View, keep []uint64, places []bool) []uint64 {
	n := 0
	for _, o := range v.obs {
		if places[pk.rank[o.Venue]] {
			n++
		}
	}
	words := make([]uint64, 0, n)
	for _, o := range v.obs {
		if !places[pk.rank[o.Venue]] {
			continue
		}
		if k := pk.key(o); keep[k/64]&(1<<(k%64)) != 0 {
			words = append(words, k<<pk.accBits|uint64(o.Account))
		}
	}
	return words
}

// packRanked is pack for wide views: it sorts (point, account) pairs by
// comparison, then numbers the points densely.
func (pk *packer) packRanked(v *View) []uint64 {
	type pair struct {
		p Point
		a int32
	}
	pairs := make([]pair, len(v.obs))
	for i, o := range v.obs {
		pairs[i] = pair{pk.pointOf(v, o), o.Account}
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		if x.p != y.p {
			return cmpPoint(x.p, y.p)
		}
		return int(x.a - y.a)
	})
	words := make([]uint64, len(pairs))
	for i, pr := range pairs {
		if i == 0 || pr.p != pairs[i-1].p {
			pk.distinct = append(pk.distinct, pr.p)
		}
		words[i] = uint64(len(pk.distinct)-1)<<pk.accBits | uint64(pr.a)
	}
	return words
}

func cmpPoint(a, b Point) int {
	if a < b {
		return -1
	}
	return 1
}

// sortWords sorts words by their bits from..to-1, stably, and returns
// them; the words must already be sorted by their bits below from, and
// be below 2^to. It is a least significant digit radix sort in as few
// passes of at most 16 bits as cover the span, skipping a pass whose digit
// is the same everywhere; short inputs are sorted by comparison.
func sortWords(words []uint64, from, to uint) []uint64 {
	if len(words) < 1<<12 {
		slices.Sort(words)
		return words
	}
	span := to - from
	passes := (span + 15) / 16
	if passes == 0 {
		return words
	}
	width := (span + passes - 1) / passes
	tmp := make([]uint64, len(words))
	hist := make([]int, 1<<width)
	for shift := from; shift < to; shift += width {
		if radixPass(words, tmp, hist, shift, width) {
			words, tmp = tmp, words
		}
	}
	return words
}

// radixPass sorts words into tmp by the digit of the given width at
// shift, stably, and reports whether it moved anything.
func radixPass(words, tmp []uint64, hist []int, shift, width uint) bool {
	mask := uint64(1)<<width - 1
	clear(hist)
	for _, w := range words {
		hist[w>>shift&mask]++
	}
	if hist[words[0]>>shift&mask] == len(words) {
		return false
	}
	pos := 0
	for d, n := range hist {
		hist[d] = pos
		pos += n
	}
	for _, w := range words {
		d := w >> shift & mask
		tmp[hist[d]] = w
		hist[d]++
	}
	return true
}
