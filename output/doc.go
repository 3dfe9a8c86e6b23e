// Package output writes a simulation's results as a run folder and reads
// them back.
//
// # The run folder
//
// A run folder holds one file per table and a manifest:
//
//	runs/city-a/
//	    households.parquet
//	    people.parquet
//	    venues.parquet
//	    visits.parquet
//	    scans.parquet
//	    ...
//	    manifest.json
//
// All tables of a run share one [Format]: Parquet (zstd-compressed, the
// default) or CSV. A table's columns are the fields of its Go row type,
// named by their `parquet` struct tags; fields tagged "-" are not written.
// In CSV, int64 fields tagged timestamp(millisecond) are written as RFC 3339
// instants in UTC with milliseconds, for example 2022-05-02T08:45:00.000Z.
//
// manifest.json records the scantrail version, the resolved scenario, the
// seed, the format, row counts, timings and, for every file, its size and
// SHA-256 digest. [VerifyFiles] checks a folder against its manifest.
//
// # Write aside, then rename
//
// A run is never written in place. [Create] makes a hidden sibling folder
// named .<base>.partial-<random> next to the run folder (for runs/city-a
// that is runs/.city-a.partial-1234567890) and every table is written
// there. [Run.Commit] writes manifest.json last, syncs it, and only then
// renames the partial folder to its final name. [Run.Abort] removes the
// partial folder. So a run that is stopped, crashes or fails leaves either
// nothing or a hidden partial folder, never a folder under the final name
// that looks complete.
//
// manifest.json is the mark of completion: a folder without it is not a
// finished run, whatever else it holds, and readers should refuse it.
//
// Create refuses a target folder that exists and is not empty unless
// [CreateOptions.Overwrite] is set. Even then it replaces only an earlier
// run (a folder holding manifest.json), so a mistyped path cannot delete
// unrelated data. Commit replaces the old run in three steps: it renames
// the old folder aside to .<base>.replaced-<random>, renames the new one
// in and removes the old one. Between the first two renames the final
// name is briefly absent; if the process dies there, the old run survives
// under the hidden name.
//
// # Determinism
//
// The same rows give byte-identical files, however the caller splits them
// into Write calls: tables hand rows to the Parquet encoder in chunks
// aligned to absolute row positions, and neither encoder writes times or
// random values. Parquet files do name the parquet-go version that wrote
// them (the created_by field), so files from different builds of
// scantrail may differ in that field alone.
package output
