package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/scantrail/scantrail/analysis"
	"github.com/scantrail/scantrail/output"
	"github.com/scantrail/scantrail/scenarios"
	"github.com/scantrail/scantrail/sim"
	"github.com/scantrail/scantrail/sim/engine"
	"github.com/scantrail/scantrail/sim/realdata"
)

// calibrateOptions are the flags and arguments of scantrail calibrate.
type calibrateOptions struct {
	io        streams
	dir       string
	out       string
	venues    string
	days      int
	overwrite bool
	quiet     bool
	// venuesSet is set when --venues was given, even empty.
	venuesSet bool
}

func newCalibrateCmd(io streams) *cobra.Command {
	opts := &calibrateOptions{io: io}
	cmd := &cobra.Command{
		Use:   "calibrate <IMPORT_DIR> --out <scenario.yaml>",
		Short: "Fit the generator to an imported folder and write the scenario",
		Long: `Fit the generator's parameters to the real records of an imported folder
(scantrail import): records per person per day, the exploration
parameters rho and gamma, the distance decay of exploration, the mix of
venue kinds and the active hours. Write a scenario that simulates the
same number of people over the same days on the same venue layout (the
imported venues that map to a kind, written beside the scenario as
NAME.venues.csv, or --venues FILE), with QR scan rates per venue kind set
so that each kind is recorded as often as in the real data. The scenario
names its venue list relative to its own folder, so the two can be moved
together, and puts the city's centre at the venues' centroid.

The scenario is then simulated once and its unicity curve printed beside
the real one; both curves and the fitted values are added to the
imported folder as the tables unicity_comparison and calibration.

The scenario and its venue list are written aside and put in place only
when everything has succeeded; an existing file is replaced only with
--overwrite.`,
		Example: `  scantrail calibrate runs/nyc --out nyc-calibrated.yaml
  scantrail run nyc-calibrated.yaml --out runs/nyc-synthetic
  scantrail calibrate runs/gowalla --out gowalla.yaml \
      --venues ../shared/data/foursquare-nyc/venues.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = args[0]
			opts.venuesSet = cmd.Flags().Changed("venues")
			return runCalibrate(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.out, "out", "o", "", "scenario file to write (required)")
	f.StringVar(&opts.venues, "venues", "", "venue list to lay the city out on instead "+
		"of the imported venues")
	f.IntVar(&opts.days, "days", 0, "days to simulate (default: the imported span, at most 366)")
	f.BoolVar(&opts.overwrite, "overwrite", false, "replace an existing --out file")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print no progress, only results and errors")
	return cmd
}

func runCalibrate(ctx context.Context, opts *calibrateOptions) error {
	if err := opts.check(); err != nil {
		return usageError{err}
	}
	imp, err := loadForCalibration(opts.dir)
	if err != nil {
		return err
	}
	log := newLogger(opts.io.err, opts.quiet)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := newStage(opts.out)
	if err != nil {
		return err
	}
	defer st.discard()
	fit := realdata.FitTraces(imp.View.Venues, traces(imp.View), imp.Scenario.Days)
	s, dir, err := opts.scenario(ctx, imp, fit, st, log)
	if err == nil {
		var cmp []unicityPair
		if cmp, err = compareUnicity(ctx, imp, s, dir, log); err == nil {
			return opts.finish(st, fit, cmp)
		}
	}
	if ctx.Err() != nil {
		return interrupted("nothing was written")
	}
	return err
}

// finish puts the scenario and its venue list in place, prints the fit
// and the comparison and adds both to the imported folder.
func (o *calibrateOptions) finish(st *stage, fit realdata.Fit, cmp []unicityPair) error {
	if err := st.place(); err != nil {
		return err
	}
	printFit(o.io.out, fit, o.out)
	printComparison(o.io.out, cmp)
	if err := amendCalibration(o.dir, fit, cmp); err != nil {
		return fmt.Errorf("the scenario was written, but the imported folder was not "+
			"amended: %w", err)
	}
	return nil
}

// check checks the flags before anything is read or written: --out names
// a file that is new (or replaced with --overwrite), as does the venue
// list written beside it, and --venues, when given, names a file.
func (o *calibrateOptions) check() error {
	if strings.TrimSpace(o.out) == "" {
		return errors.New("--out is empty; want the scenario file to write, such as " +
			"calibrated.yaml")
	}
	if o.days < 0 || o.days > 366 {
		return fmt.Errorf("--days %d: want 1 to 366, or 0 for the imported span", o.days)
	}
	if err := o.checkVenues(); err != nil {
		return err
	}
	if err := newFile("--out "+o.out, o.out, o.overwrite); err != nil {
		if isFolder(o.out) {
			return fmt.Errorf("%w; want the scenario file to write, such as %s", err,
				filepath.Join(o.out, "calibrated.yaml"))
		}
		return err
	}
	if o.venues == "" {
		path := venuesBeside(o.out)
		what := path + ", where calibrate writes the imported venues beside --out,"
		if err := newFile(what, path, o.overwrite); err != nil {
			return fmt.Errorf("%w (or give --venues FILE to lay the city out on another "+
				"venue list)", err)
		}
	}
	return parentIsFolder("--out", o.out)
}

func (o *calibrateOptions) checkVenues() error {
	if o.venuesSet && strings.TrimSpace(o.venues) == "" {
		return errors.New("--venues is empty; want a venue list file, or leave the flag " +
			"out to lay the city out on the imported venues")
	}
	if o.venues == "" {
		return nil
	}
	info, err := os.Stat(o.venues)
	if err != nil {
		return fmt.Errorf("--venues: %w", err)
	}
	if info.IsDir() {
		return fmt.Errorf("--venues %s is a folder; want a venue list file", o.venues)
	}
	return nil
}

// newFile checks that path, which what names, may be written: not a
// folder, and new unless overwrite.
func newFile(what, path string, overwrite bool) error {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return nil
	case info.IsDir():
		return fmt.Errorf("%s is a folder, not a file", what)
	case !overwrite:
		return fmt.Errorf("%s exists; give --overwrite to replace it", what)
	}
	return nil
}

func isFolder(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// parentIsFolder checks that the nearest existing folder above path is a
// folder, not a file.
func parentIsFolder(flag, path string) error {
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		if err == nil && !info.IsDir() {
			return fmt.Errorf("%s %s: %s is a file, not a folder", flag, path, dir)
		}
		if err == nil || filepath.Dir(dir) == dir {
			return nil
		}
	}
}

// venuesBeside is the venue list written beside the scenario out:
// NAME.venues.csv for NAME.yaml.
func venuesBeside(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + ".venues.csv"
}

// loadForCalibration reads the imported folder, refusing a path that is
// not one, and one without records, with a usage error (exit status 2).
func loadForCalibration(dir string) (*analysis.Imported, error) {
	imp, err := analysis.LoadImported(dir)
	if errors.Is(err, analysis.ErrNotImported) {
		return nil, usageError{fmt.Errorf("calibrate: %w", err)}
	}
	if err != nil {
		return nil, err
	}
	if imp.People() == 0 {
		return nil, usageError{fmt.Errorf("calibrate: %s holds no records (0 people), as "+
			"an import of a venue list does; there is nothing to fit. Calibrate an import "+
			"of check-ins or GPS trajectories", dir)}
	}
	return imp, nil
}

// stage holds the files calibrate writes until all are complete: they go
// into a hidden folder beside --out and are renamed into place by place.
// discard removes whatever is left, and the folders made for --out when
// nothing was placed.
type stage struct {
	dir    string   // the hidden folder
	final  string   // the folder of --out
	names  []string // the files written into dir, in the order to place them
	made   []string // the folders made for --out, deepest first
	placed bool
}

func newStage(out string) (*stage, error) {
	final, err := filepath.Abs(filepath.Dir(out))
	if err != nil {
		return nil, err
	}
	st := &stage{final: final}
	for d := final; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		st.made = append(st.made, d)
	}
	if err := os.MkdirAll(final, 0o755); err != nil {
		st.discard()
		return nil, fmt.Errorf("--out %s: %w", out, err)
	}
	st.dir, err = os.MkdirTemp(final, "."+filepath.Base(out)+".partial-*")
	if err != nil {
		st.discard()
		return nil, err
	}
	return st, nil
}

// write writes a file of the stage, readable by all.
func (st *stage) write(name string, data []byte) error {
	path := filepath.Join(st.dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	if err := os.Chmod(path, 0o644); err != nil {
		return err
	}
	st.names = append(st.names, name)
	return nil
}

// place renames the stage's files into the folder of --out. When one
// cannot be renamed, those already placed are removed.
func (st *stage) place() error {
	for i, name := range st.names {
		err := os.Rename(filepath.Join(st.dir, name), filepath.Join(st.final, name))
		if err != nil {
			for _, done := range st.names[:i] {
				os.Remove(filepath.Join(st.final, done))
			}
			return err
		}
	}
	st.placed = true
	return nil
}

// discard removes the hidden folder and, when nothing was placed, the
// folders made for it.
func (st *stage) discard() {
	if st.dir != "" {
		os.RemoveAll(st.dir)
	}
	if !st.placed {
		for _, d := range st.made {
			os.Remove(d) // only if empty: never what someone else put there
		}
	}
}

// traces returns each account's records of the view.
func traces(v *analysis.View) [][]realdata.Obs {
	out := make([][]realdata.Obs, v.NumAccounts())
	for a := range out {
		for _, o := range v.Trace(int32(a)) {
			out[a] = append(out[a], realdata.Obs{Venue: o.Venue, Minute: o.Minute})
		}
	}
	return out
}

// scenario writes the layout and the calibrated scenario and returns it
// with the folder its venue file is read from.
func (o *calibrateOptions) scenario(ctx context.Context, imp *analysis.Imported,
	fit realdata.Fit, st *stage, log *slog.Logger) (*scenarios.Scenario, string, error) {
	base := *imp.Scenario
	if o.days > 0 {
		base.Days = o.days
	}
	base.Days = min(base.Days, 366)
	layout, err := o.layout(imp, st)
	if err != nil {
		return nil, "", err
	}
	s, err := o.calibrated(&base, fit, layout, [sim.NumKinds]float64{})
	if err != nil {
		return nil, "", err
	}
	c, err := engine.BuildCity(s, layout.Dir, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, "", err
	}
	layout.CentreLat, layout.CentreLon = realdata.Centroid(c.Venues)
	visits, err := realdata.Pilot(ctx, s, layout.Dir, log)
	if err != nil {
		return nil, "", err
	}
	scan, short := realdata.ScanRates(fit, visits)
	warnShortfall(log, fit, short)
	if s, err = o.calibrated(&base, fit, layout, scan); err != nil {
		return nil, "", err
	}
	return s, layout.Dir, o.write(s, fit, layout.Dir, st)
}

// calibrated builds the scenario; a --venues list keeps its own category
// names, read through the built-in table.
func (o *calibrateOptions) calibrated(base *scenarios.Scenario, fit realdata.Fit,
	layout realdata.Layout, scan [sim.NumKinds]float64) (*scenarios.Scenario, error) {
	s, err := realdata.Calibrated(base, fit, layout, scan)
	if err == nil && o.venues != "" {
		s.City.CategoryMap = nil
	}
	return s, err
}

// warnShortfall warns, in words, when more than 1% of the real records
// per person-day fall at kinds the generator visits too rarely to match.
func warnShortfall(log *slog.Logger, fit realdata.Fit, short [sim.NumKinds]float64) {
	total := 0.0
	var kinds []string
	for k, v := range short {
		if v > 0 {
			total += v
			kinds = append(kinds, fmt.Sprintf("%s (%.1f%% of records)", sim.Kind(k),
				100*v/fit.PerPersonDay))
		}
	}
	if total <= 0.01*fit.PerPersonDay {
		return
	}
	log.Warn(fmt.Sprintf("the calibrated scenario makes %.1f%% fewer records per "+
		"person-day than the real data (%.4f instead of %.4f): even with every visit "+
		"scanned, the generator visits %s less often than people were recorded there. "+
		"Its traces are that much sparser; if that matters, map those categories to kinds "+
		"the generator visits more often (scantrail import --category NAME=KIND) and "+
		"import and calibrate again", 100*total/fit.PerPersonDay, fit.PerPersonDay-total,
		fit.PerPersonDay, strings.Join(kinds, ", ")))
}

// layout returns the venue list of the calibrated city: --venues, named
// relative to the scenario's folder when it can be, or the imported
// venues, written into the stage as NAME.venues.csv and read from there
// until the stage is placed beside the scenario.
func (o *calibrateOptions) layout(imp *analysis.Imported, st *stage) (realdata.Layout, error) {
	if o.venues != "" {
		return realdata.Layout{File: relativeTo(st.final, o.venues), Dir: st.final}, nil
	}
	var buf bytes.Buffer
	n, housing, err := realdata.WriteLayout(&buf, imp.View.Venues)
	if err != nil {
		return realdata.Layout{}, err
	}
	if housing == 0 || n == 0 {
		return realdata.Layout{}, usageError{fmt.Errorf("%s: none of the %d imported venues "+
			"maps to housing_compound, and the simulated people need homes; give --venues "+
			"FILE with a venue list that has homes (such as the Foursquare venue list)",
			o.dir, n)}
	}
	name := filepath.Base(venuesBeside(o.out))
	if err := st.write(name, buf.Bytes()); err != nil {
		return realdata.Layout{}, err
	}
	return realdata.Layout{File: name, Dir: st.dir}, nil
}

// relativeTo names path relative to dir, or absolute when it cannot be.
func relativeTo(dir, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(dir, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return abs
}

// write writes the scenario file into the stage, with the fitted values
// as a comment, after checking that it loads back from dir, the folder
// its venue list is read from.
func (o *calibrateOptions) write(s *scenarios.Scenario, fit realdata.Fit, dir string,
	st *stage) error {
	text, err := scenarios.Marshal(s)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Calibrated by scantrail calibrate from %s.\n", o.dir)
	fmt.Fprintf(&b, "# Fitted: %.4f records per person-day, rho %.3f, gamma %.3f, distance "+
		"decay %.2f,\n# active hours %02d:00-%02d:00 (central 90%% of records); hour shares:",
		fit.PerPersonDay, fit.Rho, fit.Gamma, fit.DistanceDecay, fit.ActiveFrom, fit.ActiveTo)
	for h, sh := range fit.HourShares {
		if h%8 == 0 {
			b.WriteString("\n#  ")
		}
		fmt.Fprintf(&b, " %02d:%.3f", h, sh)
	}
	b.WriteString("\n")
	b.Write(text)
	if _, err := scenarios.Parse(o.out, dir, b.Bytes(), nil); err != nil {
		return fmt.Errorf("calibrate: the scenario does not load back: %w", err)
	}
	return st.write(filepath.Base(o.out), b.Bytes())
}

// unicityPair is one point of the real and synthetic unicity curves.
type unicityPair struct {
	Resolution string  `parquet:"resolution,dict"`
	P          int32   `parquet:"p"`
	Real       float64 `parquet:"real"`
	Synthetic  float64 `parquet:"synthetic"`
}

// compareUnicity measures unicity on the real records and on one
// simulation of the calibrated scenario, at the same resolutions.
func compareUnicity(ctx context.Context, imp *analysis.Imported, s *scenarios.Scenario,
	baseDir string, log *slog.Logger) ([]unicityPair, error) {
	only := unicityOnly(imp.Scenario)
	real, err := analysis.EvaluateImported(ctx, only, imp, log)
	if err != nil {
		return nil, err
	}
	start, err := s.StartDate()
	if err != nil {
		return nil, err
	}
	rec := analysis.NewRecords(start.UnixMilli())
	opts := engine.Options{Logger: log, BaseDir: baseDir}
	if _, err := engine.Run(ctx, s, rec, opts); err != nil {
		return nil, err
	}
	synth, err := analysis.Evaluate(ctx, unicityOnly(s), rec, 0, log)
	if err != nil {
		return nil, err
	}
	bySpec := map[string]float64{}
	for _, m := range synth {
		if m.Attack == analysis.AttackUnicity {
			bySpec[m.Parameter] = m.Value
		}
	}
	var out []unicityPair
	for _, m := range real {
		if m.Attack != analysis.AttackUnicity {
			continue
		}
		var res string
		var p int32
		fmt.Sscanf(strings.ReplaceAll(m.Parameter, "=", " "), "resolution %s p %d", &res, &p)
		out = append(out, unicityPair{Resolution: res, P: p, Real: m.Value,
			Synthetic: bySpec[m.Parameter]})
	}
	return out, nil
}

// unicityOnly returns s with every attack but unicity disabled.
func unicityOnly(s *scenarios.Scenario) *scenarios.Scenario {
	c := *s
	c.Attacks.Linkage.Enabled = false
	c.Attacks.HomeWork.Enabled = false
	c.Attacks.Tracking.Enabled = false
	c.Attacks.Companions.Enabled = false
	c.Attacks.Risk.Enabled = false
	c.Attacks.Unicity.Enabled = true
	return &c
}

// fitRow is one fitted value, for the calibration table.
type fitRow struct {
	Parameter string  `parquet:"parameter"`
	Value     float64 `parquet:"value"`
}

func fitRows(f realdata.Fit) []fitRow {
	rows := []fitRow{
		{"people", float64(f.People)}, {"records", float64(f.Records)},
		{"days", float64(f.Days)}, {"records_per_person_day", f.PerPersonDay},
		{"epr_rho", f.Rho}, {"epr_gamma", f.Gamma},
		{"distance_decay", f.DistanceDecay}, {"explorations", float64(f.Explorations)},
		{"mapped_share", f.Mapped},
		{"active_from_hour", float64(f.ActiveFrom)}, {"active_to_hour", float64(f.ActiveTo)},
	}
	for k, sh := range f.KindShares {
		rows = append(rows, fitRow{"kind_share:" + sim.Kind(k).String(), sh})
	}
	for h, sh := range f.HourShares {
		rows = append(rows, fitRow{fmt.Sprintf("hour_share:%02d", h), sh})
	}
	return rows
}

// amendCalibration adds the fitted values and both unicity curves to the
// imported folder.
func amendCalibration(dir string, f realdata.Fit, cmp []unicityPair) error {
	run, m, err := output.Amend(dir, "calibration", "unicity_comparison")
	if err != nil {
		return err
	}
	defer run.Abort()
	for _, format := range []output.Format{output.Parquet, output.CSV} {
		if err := output.WriteTableAs(run, "calibration", format, fitRows(f)); err != nil {
			return err
		}
		if err := output.WriteTableAs(run, "unicity_comparison", format, cmp); err != nil {
			return err
		}
	}
	return run.Commit(*m)
}

func printFit(w io.Writer, f realdata.Fit, out string) {
	fmt.Fprintf(w, "fitted to %d people, %d records over %d days:\n", f.People, f.Records, f.Days)
	fmt.Fprintf(w, "  records per person-day  %.4f\n", f.PerPersonDay)
	fmt.Fprintf(w, "  EPR rho, gamma          %.3f, %.3f\n", f.Rho, f.Gamma)
	fmt.Fprintf(w, "  distance decay          %.2f (from %d explorations)\n",
		f.DistanceDecay, f.Explorations)
	fmt.Fprintf(w, "  active hours            %02d:00-%02d:00 (central 90%% of records)\n",
		f.ActiveFrom, f.ActiveTo)
	fmt.Fprintf(w, "  records at mapped kinds %.1f%%:", 100*f.Mapped)
	for k, sh := range f.KindShares {
		if sh >= 0.005 {
			fmt.Fprintf(w, " %s %.1f%%", sim.Kind(k), 100*sh)
		}
	}
	fmt.Fprintf(w, "\nscenario written to %s\n\n", out)
}

func printComparison(w io.Writer, cmp []unicityPair) {
	fmt.Fprintln(w, "unicity ε_p, real records against one simulation of the calibrated scenario")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "resolution\tp\treal\tsynthetic\t")
	for _, c := range cmp {
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t\n", c.Resolution, c.P, c.Real, c.Synthetic)
	}
	tw.Flush()
}
