package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/city"
	"github.com/scantrail/scantrail/sim/realdata"
)

// importFormats are the formats scantrail import reads, with a line each.
var importFormats = [][2]string{
	{"foursquare", "Foursquare check-ins, TSMC2014 layout (CSV with header, or the original TSV)"},
	{"snap", "SNAP check-ins (Gowalla, Brightkite): tab-separated, no header"},
	{"geolife", "GeoLife .plt trajectories (files or folders), turned into stays"},
	{"tdrive", "T-Drive taxi points (files or folders), turned into stays"},
	{"csv", "any check-in CSV with a header; columns named by --user-col etc."},
	{"venues", "a venue list: Foursquare venues CSV, OpenStreetMap POI CSV or GeoJSON"},
}

// importOptions are the flags and arguments of scantrail import.
type importOptions struct {
	io         streams
	format     string
	files      []string
	out        string
	overwrite  bool
	saltFile   string
	timezone   string
	strict     bool
	shown      int
	stayM      float64
	stayMin    time.Duration
	categories []string
	cols       realdata.Columns
	quiet      bool
}

func newImportCmd(io streams) *cobra.Command {
	opts := &importOptions{io: io}
	cmd := &cobra.Command{
		Use:   "import <FORMAT> <FILE>... --out <DIR>",
		Short: "Import real check-ins, trajectories or venues into a run folder",
		Long: `Read real location records and write them as a run folder with the
schema of a simulation: venues, then scans (check-ins) or visits (stays
found in GPS trajectories), the accounts of one data holder ("source")
and its route. There is no ground truth and no other stream. ` + "`scantrail analyze`" + `
attacks the folder and ` + "`scantrail calibrate`" + ` fits the generator to it.

Formats:
` + formatList() + `

Raw user ids are replaced by salted hashes. The salt is kept in
--salt-file (created, readable by you only, when it does not exist) and
is never written into the folder; keep it private, and reuse it to give
the same person the same pseudonym across imports. No raw id is written
to the folder or printed. People are numbered by their first record
(ties in input order), so every figure computed from the folder is the
same whatever the salt; users without any record (GPS users who never
stay anywhere) are left out.

Malformed rows are skipped, counted and reported with their line numbers
(the first few); --strict stops at the first. A file that is not of the
named format is refused, naming the columns expected. .gz files are read
as they are. Nothing is written unless the whole import succeeds.`,
		Example: `  scantrail import foursquare ../shared/data/foursquare-nyc/checkins.csv \
      --timezone America/New_York --out runs/nyc
  scantrail import snap ../shared/data/gowalla-nyc/checkins.tsv --out runs/gowalla \
      --timezone America/New_York
  scantrail import geolife ../shared/data/geolife --stay-distance 200 --stay-duration 30m \
      --timezone Asia/Shanghai --out runs/geolife
  scantrail import csv trips.csv.gz --user-col rider --time-col ts --time-format unix \
      --lat-col y --lon-col x --out runs/trips
  scantrail import venues ../shared/data/osm-taipei/pois.csv --out runs/taipei-venues`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.format, opts.files = args[0], args[1:]
			return runImport(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.out, "out", "o", "", "run folder to write (required)")
	f.BoolVar(&opts.overwrite, "overwrite", false, "replace an earlier run or import in --out")
	f.StringVar(&opts.saltFile, "salt-file", defaultSaltFile(),
		"file holding the salt of the user pseudonyms (created when missing)")
	f.StringVar(&opts.timezone, "timezone", "UTC",
		"IANA time zone of the records' city (also the zone of T-Drive's local times)")
	f.BoolVar(&opts.strict, "strict", false, "stop at the first malformed row")
	f.IntVar(&opts.shown, "show", realdata.DefaultShown, "malformed rows to list")
	f.Float64Var(&opts.stayM, "stay-distance", realdata.DefaultStayOptions.DistanceM,
		"stay-point distance threshold in metres (geolife, tdrive)")
	f.DurationVar(&opts.stayMin, "stay-duration", realdata.DefaultStayOptions.MinDuration,
		"stay-point duration threshold (geolife, tdrive)")
	f.StringArrayVar(&opts.categories, "category", nil,
		"map a category or OSM tag to a kind, as NAME=KIND (repeatable; KIND none drops it)")
	f.StringVar(&opts.cols.User, "user-col", "", "csv: user column")
	f.StringVar(&opts.cols.Time, "time-col", "", "csv: time column")
	f.StringVar(&opts.cols.Lat, "lat-col", "", "csv: latitude column")
	f.StringVar(&opts.cols.Lon, "lon-col", "", "csv: longitude column")
	f.StringVar(&opts.cols.Venue, "venue-col", "", "csv: venue id column (optional)")
	f.StringVar(&opts.cols.Category, "category-col", "", "csv: venue category column (optional)")
	f.StringVar(&opts.cols.TimeFormat, "time-format", "rfc3339",
		"csv: rfc3339, unix, unixms or a Go layout such as '2006-01-02 15:04:05'")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print no progress, only the summary and errors")
	return cmd
}

func formatList() string {
	var b strings.Builder
	for _, f := range importFormats {
		fmt.Fprintf(&b, "  %-11s %s\n", f[0], f[1])
	}
	return strings.TrimRight(b.String(), "\n")
}

// defaultSaltFile is the salt file in the user's configuration folder.
func defaultSaltFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ".scantrail-salt"
	}
	return filepath.Join(dir, "scantrail", "import.salt")
}

func runImport(ctx context.Context, opts *importOptions) error {
	loc, mapper, err := opts.check()
	if err != nil {
		return err
	}
	log := newLogger(opts.io.err, opts.quiet)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	began := time.Now()
	b := realdata.NewBuilder(realdata.Options{Strict: opts.strict, Shown: opts.shown,
		Categories: mapper, Logger: log,
		Stay: realdata.StayOptions{DistanceM: opts.stayM, MinDuration: opts.stayMin}})
	for _, f := range opts.files {
		if err := ctx.Err(); err != nil {
			return interrupted("nothing was written")
		}
		if err := opts.read(b, f, loc); err != nil {
			return importError(err)
		}
	}
	salt, created, err := realdata.LoadSalt(opts.saltFile)
	if err != nil {
		return err
	}
	if created {
		log.Warn("created a new salt file; keep it private and reuse it for later imports",
			"file", opts.saltFile)
	}
	p, err := realdata.NewPseudonymizer(salt)
	if err != nil {
		return err
	}
	imp, err := b.Build(opts.format, p)
	if err != nil {
		return usageError{err}
	}
	if err := writeImport(imp, b.Report(), loc, opts, time.Since(began)); err != nil {
		return err
	}
	printImport(opts.io.out, imp, b.Report(), opts.out)
	return nil
}

// check validates the flags and returns the time zone and category map.
func (o *importOptions) check() (*time.Location, *city.Mapper, error) {
	known := false
	for _, f := range importFormats {
		known = known || f[0] == o.format
	}
	if !known {
		return nil, nil, usageError{fmt.Errorf("unknown format %q; want one of:\n%s",
			o.format, formatList())}
	}
	if o.out == "" {
		return nil, nil, usageError{errors.New("--out DIR is required")}
	}
	if within(o.saltFile, o.out) {
		return nil, nil, usageError{fmt.Errorf("--salt-file %s is inside --out %s; the salt "+
			"must stay outside the folder that is shared", o.saltFile, o.out)}
	}
	loc, err := time.LoadLocation(o.timezone)
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("--timezone %q: want an IANA zone name such "+
			"as America/New_York", o.timezone)}
	}
	extra := map[string]string{}
	for _, c := range o.categories {
		name, kind, ok := strings.Cut(c, "=")
		if _, valid := parseKindOrNone(kind); !ok || !valid {
			return nil, nil, usageError{fmt.Errorf("--category %q: want NAME=KIND with KIND "+
				"one of none, %s", c, strings.Join(kindNames(), ", "))}
		}
		extra[name] = kind
	}
	return loc, city.NewMapper(extra), nil
}

// within reports whether path lies inside dir.
func within(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// read reads one file in the chosen format.
func (o *importOptions) read(b *realdata.Builder, path string, loc *time.Location) error {
	switch o.format {
	case "foursquare":
		return b.ReadFoursquare(path)
	case "snap":
		return b.ReadSNAP(path)
	case "geolife":
		return b.ReadGeoLife(path)
	case "tdrive":
		return b.ReadTDrive(path, loc)
	case "csv":
		cols := o.cols
		cols.Location = loc
		return b.ReadGeneric(path, cols)
	}
	return b.ReadVenueList(path)
}

// importError marks the errors that are the input's fault as usage
// errors (exit status 2).
func importError(err error) error {
	if errors.Is(err, realdata.ErrFormat) || errors.Is(err, realdata.ErrRow) ||
		errors.Is(err, fs.ErrNotExist) || errors.Is(err, city.ErrVenueFile) {
		return usageError{err}
	}
	if strings.Contains(err.Error(), "gzip") {
		return usageError{err}
	}
	return err
}

// writeImport writes the run folder: tables, then the manifest marking it
// as an import.
func writeImport(imp *realdata.Import, rep *realdata.Report, loc *time.Location,
	opts *importOptions, took time.Duration) error {
	s, err := imp.Scenario(loc)
	if err != nil {
		return err
	}
	run, err := output.Create(opts.out, output.Parquet,
		output.CreateOptions{Overwrite: opts.overwrite})
	if errors.Is(err, fs.ErrExist) {
		return usageError{fmt.Errorf("--out %s: the folder is not empty; give --overwrite to "+
			"replace an earlier run there, or choose another folder", opts.out)}
	}
	if err != nil {
		return err
	}
	defer run.Abort()
	if err := imp.Write(run); err != nil {
		return err
	}
	text, err := scenarios.Marshal(s)
	if err != nil {
		return err
	}
	return run.Commit(output.Manifest{
		Scantrail: version, ScenarioName: s.Name, Scenario: string(text), Seed: s.Seed,
		Timings: map[string]float64{"import": took.Seconds()},
		Extra: map[string]any{"kind": "import", "format": imp.Format, "files": rep.Files,
			"rows": rep.Rows, "kept": rep.Kept, "malformed": rep.Malformed,
			"stays": rep.Stays, "duplicates": rep.Duplicates, "records": rep.Records,
			"venues": rep.Venues, "users": rep.Users, "people": imp.People},
	})
}

// printImport writes the import summary and the first malformed rows.
func printImport(w io.Writer, imp *realdata.Import, rep *realdata.Report, dir string) {
	fmt.Fprintf(w, "imported %s: %s\n", imp.Format, rep)
	records := len(imp.Scans) + len(imp.Visits)
	if records > 0 {
		fmt.Fprintf(w, "%s with records", people(imp.People))
		if none := rep.Users - rep.People; none > 0 {
			fmt.Fprintf(w, " (%d other users in the input have none)", none)
		}
		fmt.Fprintf(w, ", %d venues, %s to %s (UTC)\n", len(imp.Venues),
			time.UnixMilli(imp.First).UTC().Format(time.DateOnly),
			time.UnixMilli(imp.Last).UTC().Format(time.DateOnly))
	}
	fmt.Fprintf(w, "run folder: %s\n", dir)
	if rep.Malformed > 0 {
		fmt.Fprintf(w, "\n%d malformed rows skipped; the first %d:\n", rep.Malformed,
			len(rep.Problems))
		for _, p := range rep.Problems {
			fmt.Fprintf(w, "  %v\n", p)
		}
	}
}

// people returns "1 person" or "n people".
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}

// kindNames lists the venue kinds a category may map to.
func kindNames() []string { return sim.KindNames() }

// parseKindOrNone accepts a kind name or "none".
func parseKindOrNone(s string) (sim.Kind, bool) {
	if s == "none" {
		return 0, true
	}
	return sim.ParseKind(s)
}

// analyzeImported runs the attacks that need no ground truth on an
// imported folder and writes their metrics into it.
func analyzeImported(ctx context.Context, cmd *cobra.Command, opts *analyzeOptions,
	sets []string, log *slog.Logger) error {
	began := time.Now()
	imp, err := analysis.LoadImported(opts.dir)
	if err != nil {
		return err
	}
	if cmd.Flags().Changed("k") {
		sets = append(sets, fmt.Sprintf("adversaries.0.knows.points=%d", opts.k))
	}
	s, err := reparse(imp.Scenario, opts.dir, sets)
	if err != nil {
		return err
	}
	metrics, err := analysis.EvaluateImported(ctx, s, imp, log)
	if err != nil {
		if ctx.Err() != nil {
			return interrupted("the folder is unchanged")
		}
		return err
	}
	estimates := analysis.Summarize(metrics)
	if err := amendRun(opts.dir, s, metrics, estimates, time.Since(began)); err != nil {
		return err
	}
	fmt.Fprintf(opts.io.out, "imported records of %s (%d observations); no ground "+
		"truth: home and work report the anonymity sets of the inferred pairs, linkage is "+
		"trajectory-user linking of each history's last 30%% to the first 70%%\n\n",
		people(imp.People()), imp.View.NumObservations())
	printEstimates(opts.io.out, estimates)
	return nil
}
