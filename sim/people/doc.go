// Package people builds a city's population: households of a configured
// size distribution placed in housing compounds, each person with an age
// band, an occupation (work, school or neither) and the venue that goes
// with it, smartphone ownership, a payment habit, a transit card or none,
// and the friend groups that go out together.
//
// Age bands are drawn for everyone first and households are then filled,
// one adult or senior heading each, so that the band shares match the
// scenario exactly in expectation.
package people
