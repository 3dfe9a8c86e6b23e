package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
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
(the first --show); --strict stops at the first. A line whose quoted field
is not closed is one malformed row: fields may not span lines. A file that
is not of the named format is refused, naming the columns expected.
Messages describe a bad value by its length and the kinds of characters in
it, never by the value, and since GeoLife user folders and T-Drive file
names are user ids, files of those formats are named by number, as
"geo (file 3 of 182)" (files in name order), and only counted in the log.
.gz files are read as they are. Nothing is written, and no salt file is
created, unless the whole import succeeds; Ctrl-C leaves nothing behind.`,
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
	f.IntVar(&opts.shown, "show", realdata.DefaultShown, "malformed rows to list (0: none)")
	f.Float64Var(&opts.stayM, "stay-distance", realdata.DefaultStayOptions.DistanceM,
		"stay-point distance threshold in metres, above 0 and at most 10000 (geolife, tdrive)")
	f.DurationVar(&opts.stayMin, "stay-duration", realdata.DefaultStayOptions.MinDuration,
		"stay-point duration threshold, above 0 and at most 24h (geolife, tdrive)")
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
	salt, found, err := realdata.ReadSalt(opts.saltFile)
	if err != nil {
		return usageError{err}
	}
	log := newLogger(opts.io.err, opts.quiet)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	began := time.Now()
	b := realdata.NewBuilder(realdata.Options{Strict: opts.strict, Shown: opts.shownRows(),
		Categories: mapper, Logger: log,
		Stay: realdata.StayOptions{DistanceM: opts.stayM, MinDuration: opts.stayMin}})
	for _, f := range opts.files {
		if err := opts.read(ctx, b, f, loc); err != nil {
			return importError(ctx, err)
		}
	}
	if !found {
		if salt, err = realdata.NewSalt(); err != nil {
			return err
		}
	}
	p, err := realdata.NewPseudonymizer(salt)
	if err != nil {
		return err
	}
	imp, err := b.Build(ctx, opts.format, p)
	if err != nil {
		if errors.Is(err, realdata.ErrNothingKept) {
			printProblems(opts.io.err, b.Report())
		}
		return importError(ctx, err)
	}
	newSalt := salt
	if found {
		newSalt = nil
	}
	if err := writeImport(ctx, imp, b.Report(), loc, opts, newSalt, time.Since(began)); err != nil {
		if ctx.Err() != nil {
			return interrupted("nothing was written")
		}
		return err
	}
	if !found {
		log.Warn("created a new salt file; keep it private and reuse it for later imports",
			"file", opts.saltFile)
	}
	printImport(opts.io.out, imp, b.Report(), opts.out)
	return nil
}

// shownRows is the Shown option for --show: 0 lists no malformed rows.
func (o *importOptions) shownRows() int {
	if o.shown == 0 {
		return -1
	}
	return o.shown
}

// maxStayDistance and maxStayDuration bound the stay-point thresholds: a
// "stay" wider than a town or longer than a day is no stay at a place.
const (
	maxStayDistance = 10000.0
	maxStayDuration = 24 * time.Hour
)

// check validates the flags and returns the time zone and category map.
func (o *importOptions) check() (*time.Location, *city.Mapper, error) {
	checks := []func() error{o.checkFormat, o.checkOut, o.checkNumbers, o.checkColumns}
	for _, c := range checks {
		if err := c(); err != nil {
			return nil, nil, usageError{err}
		}
	}
	if strings.TrimSpace(o.timezone) == "" {
		return nil, nil, usageError{errors.New("--timezone is empty; want an IANA zone name " +
			"such as America/New_York, or UTC")}
	}
	loc, err := time.LoadLocation(o.timezone)
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("--timezone %q: want an IANA zone name such "+
			"as America/New_York", o.timezone)}
	}
	mapper, err := o.mapper()
	if err != nil {
		return nil, nil, usageError{err}
	}
	return loc, mapper, nil
}

func (o *importOptions) checkFormat() error {
	for _, f := range importFormats {
		if f[0] == o.format {
			return nil
		}
	}
	return fmt.Errorf("unknown format %q; want one of:\n%s", o.format, formatList())
}

// checkOut checks --out and --salt-file before anything is read: --out
// must be a folder that is new, empty, or (with --overwrite) an earlier
// run, and the salt must lie outside it, symbolic links followed.
func (o *importOptions) checkOut() error {
	if strings.TrimSpace(o.out) == "" {
		return errors.New("--out is empty; want the run folder to write, such as runs/nyc")
	}
	if strings.TrimSpace(o.saltFile) == "" {
		return errors.New("--salt-file is empty; want the file that keeps the salt " +
			"(it is created when missing)")
	}
	if within(o.saltFile, o.out) {
		return fmt.Errorf("--salt-file %s is inside --out %s; the salt must stay outside "+
			"the folder that is shared", o.saltFile, o.out)
	}
	info, err := os.Stat(o.out)
	if err != nil {
		return nil
	}
	if !info.IsDir() {
		return fmt.Errorf("--out %s is a file; want a run folder", o.out)
	}
	if entries, err := os.ReadDir(o.out); err == nil && len(entries) > 0 && !o.overwrite {
		return fmt.Errorf("--out %s: the folder is not empty; give --overwrite to replace "+
			"an earlier run there, or choose another folder", o.out)
	}
	return nil
}

// checkNumbers checks the numeric flags against their ranges.
func (o *importOptions) checkNumbers() error {
	if math.IsNaN(o.stayM) || o.stayM <= 0 || o.stayM > maxStayDistance {
		return fmt.Errorf("--stay-distance %v: want a number of metres above 0 and at most "+
			"%g", o.stayM, maxStayDistance)
	}
	if o.stayMin <= 0 || o.stayMin > maxStayDuration {
		return fmt.Errorf("--stay-duration %v: want a duration above 0 and at most %v, such "+
			"as 30m", o.stayMin, maxStayDuration)
	}
	if o.shown < 0 {
		return fmt.Errorf("--show %d: want 0 or more malformed rows to list", o.shown)
	}
	return nil
}

// checkColumns checks the csv format's column flags: given for csv only,
// the user, time, latitude and longitude columns named, and no other
// column the user column.
func (o *importOptions) checkColumns() error {
	c := o.cols
	named := c.User != "" || c.Time != "" || c.Lat != "" || c.Lon != "" || c.Venue != "" ||
		c.Category != ""
	if o.format != "csv" {
		if named {
			return fmt.Errorf("--user-col, --time-col, --lat-col, --lon-col, --venue-col and "+
				"--category-col apply to the csv format only, not %s", o.format)
		}
		return nil
	}
	var missing []string
	for _, f := range []struct{ flag, name string }{{"--user-col", c.User},
		{"--time-col", c.Time}, {"--lat-col", c.Lat}, {"--lon-col", c.Lon}} {
		if strings.TrimSpace(f.name) == "" {
			missing = append(missing, f.flag)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the csv format needs --user-col, --time-col, --lat-col and "+
			"--lon-col; missing %s", strings.Join(missing, ", "))
	}
	for _, f := range []struct{ flag, name string }{{"--time-col", c.Time},
		{"--lat-col", c.Lat}, {"--lon-col", c.Lon}, {"--venue-col", c.Venue},
		{"--category-col", c.Category}} {
		if strings.EqualFold(strings.TrimSpace(f.name), strings.TrimSpace(c.User)) {
			return fmt.Errorf("%s %q is the --user-col; want another column (a user id "+
				"read as a time, a position, a venue or a category would be shown or written)",
				f.flag, f.name)
		}
	}
	return c.Check()
}

// mapper builds the category map with the --category overrides.
func (o *importOptions) mapper() (*city.Mapper, error) {
	extra := map[string]string{}
	for _, c := range o.categories {
		name, kind, ok := strings.Cut(c, "=")
		if _, valid := parseKindOrNone(kind); !ok || !valid || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("--category %q: want NAME=KIND with a NAME that is not "+
				"empty and KIND one of none, %s", c, strings.Join(kindNames(), ", "))
		}
		extra[name] = kind
	}
	return city.NewMapper(extra), nil
}

// within reports whether path lies inside dir (or is dir), after
// following the symbolic links of the parts of both that exist.
func within(path, dir string) bool {
	p, err1 := resolve(path)
	d, err2 := resolve(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolve returns the absolute path with the symbolic links of its
// longest existing part followed; the parts that do not exist yet are
// joined on as they are.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	var rest []string
	for p := abs; ; p = filepath.Dir(p) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
	}
}

// read reads one file in the chosen format.
func (o *importOptions) read(ctx context.Context, b *realdata.Builder, path string,
	loc *time.Location) error {
	switch o.format {
	case "foursquare":
		return b.ReadFoursquare(ctx, path)
	case "snap":
		return b.ReadSNAP(ctx, path)
	case "geolife":
		return b.ReadGeoLife(ctx, path)
	case "tdrive":
		return b.ReadTDrive(ctx, path, loc)
	case "csv":
		cols := o.cols
		cols.Location = loc
		return b.ReadGeneric(ctx, path, cols)
	}
	return b.ReadVenueList(ctx, path)
}

// importError reports an interrupt as such (exit status 130) and marks
// the errors that are the input's fault as usage errors (exit status 2).
func importError(ctx context.Context, err error) error {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return interrupted("nothing was written")
	}
	if errors.Is(err, realdata.ErrFormat) || errors.Is(err, realdata.ErrRow) ||
		errors.Is(err, realdata.ErrColumns) || errors.Is(err, realdata.ErrNothingKept) ||
		errors.Is(err, fs.ErrNotExist) || errors.Is(err, city.ErrVenueFile) {
		return usageError{err}
	}
	if strings.Contains(err.Error(), "gzip") {
		return usageError{err}
	}
	return err
}

// writeImport writes the run folder: tables, then the manifest marking it
// as an import. A new salt (newSalt not nil) is kept in --salt-file just
// before the folder is committed, and removed again if the commit fails,
// so that an import that fails leaves no salt file behind.
func writeImport(ctx context.Context, imp *realdata.Import, rep *realdata.Report,
	loc *time.Location, opts *importOptions, newSalt []byte, took time.Duration) error {
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
	if err := imp.Write(ctx, run); err != nil {
		return err
	}
	text, err := scenarios.Marshal(s)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if newSalt != nil {
		if err := realdata.SaveSalt(opts.saltFile, newSalt); err != nil {
			return err
		}
	}
	err = run.Commit(output.Manifest{
		Scantrail: version, ScenarioName: s.Name, Scenario: string(text), Seed: s.Seed,
		Timings: map[string]float64{"import": took.Seconds()},
		Extra: map[string]any{"kind": "import", "format": imp.Format, "files": rep.Files,
			"rows": rep.Rows, "kept": rep.Kept, "malformed": rep.Malformed,
			"stays": rep.Stays, "duplicates": rep.Duplicates, "records": rep.Records,
			"venues": rep.Venues, "users": rep.Users, "people": imp.People},
	})
	if err != nil && newSalt != nil {
		os.Remove(opts.saltFile)
	}
	return err
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
	printProblems(w, rep)
}

// printProblems lists the first malformed rows, or says how to list them.
func printProblems(w io.Writer, rep *realdata.Report) {
	switch {
	case rep.Malformed == 0:
	case len(rep.Problems) == 0:
		fmt.Fprintf(w, "\n%d malformed rows skipped (--show N lists the first N)\n",
			rep.Malformed)
	default:
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
	if imp.View.NumObservations() == 0 {
		return usageError{fmt.Errorf("%s holds no records (a venue list, or an import where "+
			"nobody has a record): there is nobody to attack", opts.dir)}
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
