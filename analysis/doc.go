// Package analysis plays the adversary: it rebuilds what each data holder
// keeps from a run's records, joins holders as an adversary may, attacks
// those views and scores every attack against the ground truth.
//
// Records keeps what the attacks need of a run (it is a sim.Sink, fed by a
// running simulation or by Load from a run folder, so both give the same
// numbers). A View is what one adversary reads: observations (account,
// venue, minute) under each holder's identifiers. The attacks are:
//
//   - Unicity: the share of people singled out by p random points of their
//     trace (de Montjoye et al., 2013), counted exactly through an Index;
//   - Link: pseudonymous accounts matched to identified ones by weighted
//     co-occurrence and a one-to-one assignment (after Riederer et al.,
//     2016), over growing amounts of data (Kondor et al., 2020);
//   - HomeWork: home and workplace inferred from night and weekday-daytime
//     records, and the anonymity set of the pair (Golle and Partridge,
//     2009);
//   - Track: where a named person was at a random time;
//   - Companions: who goes out with whom, from repeated co-presence;
//   - Risk and PlaceRisk: the background-knowledge location attack of
//     Pellungrini et al. (2018), as scikit-mobility computes it.
//
// Evaluate runs a scenario's attacks for every adversary, Assess does so
// over replicates, and Summarize turns the tidy Metric rows into estimates
// with Student t intervals. Summary counts a run's records for the run
// summary. Unicity and risk are properties of people: they run on the view
// merged by the true person behind each account (View.ByPerson), so a
// person's named account and transit card do not count as two people.
//
// Nothing here reads the truth to attack; Account.Person, the visits and
// the households are used only to score.
package analysis
