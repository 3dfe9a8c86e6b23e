// Package report writes the hand-out page of a run, an import or a sweep:
// one self-contained HTML file with the key findings and the mitigations
// in force, the key facts, the charts (embedded as data URIs, so the page
// needs no other file and no network), tables of estimates with their 95%
// intervals grouped by attack, the scenario as YAML and short notes on
// each method with its citation.
//
// The caller gathers the content into a Report; Write only lays it out,
// through html/template, so every text is escaped. Findings writes a
// run's headline from its estimates, and AttackTitle, MetricLabel and
// SettingLabel give readers' names for the attacks' metrics. Sections
// lists the sections a complete page has, for tests and readers of the
// HTML.
package report
