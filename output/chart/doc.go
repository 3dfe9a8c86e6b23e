// Package chart draws scantrail's charts with gonum/plot: unicity against
// the number of known points, one re-identification measure against the
// adoption of a defence, one measure (linkage, tracking) against a
// retention limit (the policy charts), one person's day as lived and as
// an adversary reconstructs it, a venue map coloured by records, and
// records per venue family per hour.
//
// Every chart takes plain data (series of points, spans, venues, counts)
// and returns a *Chart, a gonum *plot.Plot with its legend set beneath
// the axes in columns, so it can be tested without files and its legend
// never hides a line; reading run folders is for the caller. Series built
// from tidy metric rows with Summarize carry a mean and a 95% Student t
// interval over replicates, drawn as a light band. Each series has its
// own colour, marker and dash; a series marked Reference (an adversary a
// sweep leaves alone) is a thin dashed line behind the others. A NaN
// value is missing: the line breaks there, it is never drawn as 0. On the
// policy charts a retention of 0, which keeps records forever, is drawn
// at the right end and labelled forever.
//
// Write renders a chart as PNG (at 150 dots per inch), SVG or PDF, chosen
// by name, at the package's fixed size. Text is set in the Liberation
// fonts gonum/plot embeds, so the same data gives the same SVG bytes on
// every machine of one architecture; the tests compare SVG text with
// golden files in testdata/ (go test ./output/chart -update rewrites
// them).
package chart
