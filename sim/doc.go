// Package sim holds the domain of a scantrail simulation: venues and their
// families and kinds, people and households, the ground-truth visits people
// make, and the records that sensors at venue doors produce (QR check-ins,
// mobile payments, camera sightings and transit taps).
//
// The types here are shared by every stage of the pipeline. The stages
// themselves live in sub-packages: sim/city lays out venues, sim/people
// builds the population, sim/movement plans each day, sim/sensors turns
// visits into records, and sim/engine runs them day by day and hands each
// day's records to a Sink.
//
// Times in records are milliseconds since the Unix epoch, UTC. Person,
// household and venue ids are dense from zero, so they index slices.
package sim
