// Package realdata reads real location records into scantrail: check-in
// logs (Foursquare in the TSMC2014 layout of Yang et al., 2015; SNAP's
// Gowalla and Brightkite files of Cho, Myers and Leskovec, 2011; any CSV
// with its columns named), raw GPS trajectories (GeoLife .plt files of
// Zheng et al., 2009; T-Drive taxi points of Yuan et al., 2011) turned into
// stays by a stay-point detector, and it fits the generator's parameters
// to what it read.
//
// A reader turns a file into rows on a Builder; the Builder pseudonymises
// users with a salted hash (Pseudonymizer), numbers people by their first
// record (so that nothing computed from an import depends on the salt) and
// venues by their first appearance, drops duplicate rows and lays the
// venues out on a plane. Build returns an Import: sim
// values (venues, scans or visits, the accounts of one holder) that can be
// written as a run folder of the same schema as a simulation, without the
// ground truth and the other streams.
//
// Bad input is handled in two ways. A file that is not of the named format
// (no such columns, the wrong delimiter, a first row that does not parse)
// is refused with an error wrapping ErrFormat that names the expected
// columns. A malformed row further on is counted in the Report, with its
// line number for the first few; under Options.Strict it stops the read
// with a *RowError instead. Each physical line is one row: a quoted field
// left open at the end of its line makes that line malformed rather than
// swallowing the lines after it. Empty files, truncated gzip streams and
// files that are not regular files are refused.
//
// No raw user id leaves a reader. Since any field of a malformed row, and
// any line of a file not of the format, may hold one, messages describe
// values and lines by their shape (length, kinds of characters, number of
// fields) and never quote them; GeoLife and T-Drive files, whose paths
// name users, are named by number and only counted in the log; the Import
// holds only pseudonyms. Salts are read (ReadSalt) before anything else
// and a new one is kept (SaveSalt) only once an import has succeeded.
//
// Every reader, Build and Write take a context and stop with its error
// when it is done, looking at it every few tens of thousands of rows.
//
// Fit estimates, from imported traces, the visits per person per day, the
// exploration and preferential return parameters ρ and γ of Song et al.
// (2010), the distance decay of exploration, the mix of venue kinds and the
// active hours; Calibrate writes them into a scenario.
package realdata
