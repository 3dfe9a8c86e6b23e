package realdata

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// point is one GPS fix of a user.
type point struct {
	lat, lon float64
	time     int64
}

// GeoLifeColumns are the columns of a GeoLife .plt file (Zheng et al.,
// 2009) after its six header lines.
var GeoLifeColumns = []string{"latitude", "longitude", "0", "altitude (feet)",
	"days since 1899-12-30", "date (2008-10-23)", "time (02:53:04, GMT)"}

// TDriveColumns are the columns of a T-Drive taxi file (Yuan et al.,
// 2011): comma-separated, no header, times in local Beijing time.
var TDriveColumns = []string{"taxi id", "time (2008-02-02 15:36:08)", "longitude", "latitude"}

// pltHeaderLines is the number of header lines of a .plt file.
const pltHeaderLines = 6

// ReadGeoLife reads GeoLife trajectories: a .plt file, or a folder walked
// for .plt files. The user is the folder above Trajectory/ (GeoLife's
// Data/010/Trajectory/*.plt layout), or else the file's own folder. Since
// those paths name users, no message or log shows them: a file is
// "PATH (file k of n)" when PATH, the folder given, lies above every user
// folder, and "geolife input (file k of n)" otherwise, k counting the
// files in name order. It stops with ctx's error when ctx is done.
func (b *Builder) ReadGeoLife(ctx context.Context, path string) error {
	files, err := walk(path, ".plt", "the geolife input")
	if err != nil {
		return err
	}
	users := make([]string, len(files))
	for i, f := range files {
		users[i] = geoLifeUserDir(f)
	}
	showRoot := isDir(path) && allBelow(path, users)
	label := fileLabels(path, "geolife", len(files), showRoot)
	b.logFiles("geolife", path, len(files), showRoot)
	b.stays, b.report.gps = true, true
	for i, f := range files {
		user := "geolife/" + filepath.Base(users[i])
		err := b.readFile(ctx, f, label(i), func(in *input) error {
			return b.readPLT(ctx, in, user)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// walk lists path itself, or the files under it with the extension
// (plain or .gz), in name order. An error met under the folder is told as
// met under name, without the path, which may name a user.
func walk(path, ext, name string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return relabel(err, "a file or folder under "+name)
		}
		name := strings.TrimSuffix(strings.ToLower(d.Name()), ".gz")
		if !d.IsDir() && strings.HasSuffix(name, ext) {
			files = append(files, p)
		}
		return nil
	})
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("%s: %w: no %s files in the folder", path, ErrFormat, ext)
	}
	return files, err
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// allBelow reports whether every folder in dirs lies strictly below root,
// so that root names none of them.
func allBelow(root string, dirs []string) bool {
	for _, d := range dirs {
		rel, err := filepath.Rel(root, d)
		if err != nil || rel == "." || rel == ".." ||
			strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return false
		}
	}
	return true
}

// fileLabels returns the names of n files read from root in messages:
// "root (file k of n)" when root may be shown, "format input (file k of
// n)" when it may name a user.
func fileLabels(root, format string, n int, showRoot bool) func(i int) string {
	prefix := format + " input"
	if showRoot {
		prefix = root
	}
	return func(i int) string { return fmt.Sprintf("%s (file %d of %d)", prefix, i+1, n) }
}

// logFiles logs how many files an argument holds, naming it only when it
// may be shown.
func (b *Builder) logFiles(format, root string, n int, showRoot bool) {
	if showRoot {
		b.log.Info("reading", "format", format, "path", root, "files", n)
		return
	}
	b.log.Info("reading", "format", format, "files", n)
}

// geoLifeUserDir returns the user folder of a .plt file: the folder above
// Trajectory/, or else the file's own folder.
func geoLifeUserDir(path string) string {
	dir := filepath.Dir(path)
	if strings.EqualFold(filepath.Base(dir), "Trajectory") {
		dir = filepath.Dir(dir)
	}
	return dir
}

func (b *Builder) readPLT(ctx context.Context, in *input, user string) error {
	first := in.firstLine()
	if !strings.HasPrefix(strings.TrimSpace(first), "Geolife trajectory") {
		return formatError(in.name, "GeoLife .plt", `six header lines starting with `+
			`"Geolife trajectory", then `+fieldsWant(GeoLifeColumns),
			lineShape(first, sniffDelimiter(first)))
	}
	for range pltHeaderLines {
		if _, err := in.r.ReadString('\n'); err != nil {
			return formatError(in.name, "GeoLife .plt", "six header lines", "a shorter file")
		}
	}
	rs := &lineRows{in: in, delim: ',', line: pltHeaderLines}
	u := b.user(user)
	want := fieldsWant(GeoLifeColumns)
	return b.eachRow(ctx, in, rs, "GeoLife .plt", want, func(f []string) *fieldError {
		if fe := wantFields(f, 7); fe != nil {
			return fe
		}
		lat, lon, fe := parseLatLon(f[0], f[1])
		if fe != nil {
			return fe
		}
		t, fe := parseTime("date and time", f[5]+" "+f[6], time.DateTime, time.UTC)
		if fe != nil {
			return fe
		}
		b.addPoint(u, lat, lon, t)
		return nil
	})
}

// ReadTDrive reads T-Drive taxi files (a file, or a folder walked for .txt
// files), each row a taxi's position. Times are read in loc (Beijing time
// for T-Drive); nil means UTC. T-Drive names each file by its taxi id, so
// no message or log shows a file's path: a file is "PATH (file k of n)"
// when PATH is the folder given, and "tdrive input (file 1 of 1)" when
// the file itself was given. It stops with ctx's error when ctx is done.
func (b *Builder) ReadTDrive(ctx context.Context, path string, loc *time.Location) error {
	if loc == nil {
		loc = time.UTC
	}
	files, err := walk(path, ".txt", path)
	if err != nil {
		return err
	}
	showRoot := isDir(path)
	label := fileLabels(path, "tdrive", len(files), showRoot)
	b.logFiles("tdrive", path, len(files), showRoot)
	b.stays, b.report.gps = true, true
	want := "comma-separated " + fieldsWant(TDriveColumns)
	for i, f := range files {
		err := b.readFile(ctx, f, label(i), func(in *input) error {
			return b.eachRow(ctx, in, newRows(in, ','), "T-Drive", want,
				func(f []string) *fieldError { return b.tdriveRow(f, loc) })
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (b *Builder) tdriveRow(f []string, loc *time.Location) *fieldError {
	if fe := wantFields(f, 4); fe != nil {
		return fe
	}
	if _, err := strconv.ParseInt(strings.TrimSpace(f[0]), 10, 64); err != nil {
		return bad("taxi id", "got %s, want a whole number", describe(f[0]))
	}
	t, fe := parseTime("time", f[1], time.DateTime, loc)
	if fe != nil {
		return fe
	}
	lat, lon, fe := parseLatLon(f[3], f[2])
	if fe != nil {
		return fe
	}
	b.addPoint(b.user("tdrive/"+strings.TrimSpace(f[0])), lat, lon, t)
	return nil
}

func (b *Builder) addPoint(u int32, lat, lon float64, t int64) {
	b.points[u] = append(b.points[u], point{lat: lat, lon: lon, time: t})
	b.report.Kept++
}
