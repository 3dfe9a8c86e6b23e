// Package analysis measures what a run's records reveal. This first part
// summarises the streams as they are written: how many records each stream
// and venue family produced, how many scans a person makes a day, and what
// share of the population each stream saw at least once. The attacks of
// the adversary (unicity, linkage, home and work, tracking, companions and
// background-knowledge risk) build on the same record types.
package analysis
