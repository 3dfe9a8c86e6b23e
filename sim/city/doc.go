// Package city lays out the venues of a simulated city and answers the
// spatial questions movement asks of them: which venue of a kind to explore
// from a point, under a gravity rule with distance decay, and which station
// is nearest.
//
// A city is either synthetic (Synthetic: districts on a square grid, a dense
// centre, metro lines through it, a bus-stop grid and housing compounds
// sized to the population) or read from a venue list (FromCSV: a Foursquare
// style CSV whose categories are mapped onto scantrail's venue kinds by a
// table that a scenario can extend).
package city
