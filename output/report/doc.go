// Package report writes the hand-out page of a run or a sweep: one
// self-contained HTML file with the key facts, the charts (embedded as
// data URIs, so the page needs no other file and no network), tables of
// estimates with their 95% intervals, the scenario as YAML and short notes
// on each method with its citation.
//
// The caller gathers the content into a Report; Write only lays it out,
// through html/template, so every text is escaped. Sections lists the
// sections a complete page has, for tests and readers of the HTML.
package report
