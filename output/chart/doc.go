// Package chart draws scantrail's charts with gonum/plot: unicity against
// the number of known points, re-identification against the adoption of a
// defence, linkage and tracking against a retention limit (the policy
// chart), one person's day as lived and as an adversary reconstructs it,
// a venue map coloured by scans, and scans per venue family per hour.
//
// Every chart takes plain data (series of points, spans, venues, counts)
// and returns a *plot.Plot, so it can be tested without files; reading
// run folders is for the caller. Series built from tidy metric rows with
// Summarize carry a mean and a 95% Student t interval over replicates,
// drawn as a shaded band.
//
// Write renders a plot as PNG, SVG or PDF, chosen by name, at the
// package's fixed size. Text is set in the Liberation fonts gonum/plot
// embeds, so the same data gives the same SVG bytes on every machine of
// one architecture; the tests compare SVG text with golden files in
// testdata/ (go test ./output/chart -update rewrites them).
package chart
