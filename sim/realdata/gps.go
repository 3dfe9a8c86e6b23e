package realdata

import (
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
// Data/010/Trajectory/*.plt layout), or else the file's own folder.
func (b *Builder) ReadGeoLife(path string) error {
	files, err := walk(path, ".plt")
	if err != nil {
		return err
	}
	b.stays, b.report.gps = true, true
	for _, f := range files {
		user := geoLifeUser(f)
		if err := b.readFile(f, func(in *input) error { return b.readPLT(in, user) }); err != nil {
			return err
		}
	}
	return nil
}

// walk lists path itself, or the files under it with the extension
// (plain or .gz), in name order.
func walk(path, ext string) ([]string, error) {
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
			return err
		}
		name := strings.TrimSuffix(strings.ToLower(d.Name()), ".gz")
		if !d.IsDir() && strings.HasSuffix(name, ext) {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

func geoLifeUser(path string) string {
	dir := filepath.Dir(path)
	if strings.EqualFold(filepath.Base(dir), "Trajectory") {
		dir = filepath.Dir(dir)
	}
	return "geolife/" + filepath.Base(dir)
}

func (b *Builder) readPLT(in *input, user string) error {
	first := in.firstLine()
	if !strings.HasPrefix(strings.TrimSpace(first), "Geolife trajectory") {
		return formatError(in.name, "GeoLife .plt", `six header lines starting with `+
			`"Geolife trajectory", then `+fieldsWant(GeoLifeColumns), quote(first))
	}
	for range pltHeaderLines {
		if _, err := in.r.ReadString('\n'); err != nil {
			return formatError(in.name, "GeoLife .plt", "six header lines", "a shorter file")
		}
	}
	rs := &splitRows{in: in, delim: ",", line: pltHeaderLines}
	u := b.user(user)
	want := fieldsWant(GeoLifeColumns)
	return b.eachRow(in, rs, "GeoLife .plt", want, func(f []string) *fieldError {
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
// for T-Drive); nil means UTC.
func (b *Builder) ReadTDrive(path string, loc *time.Location) error {
	if loc == nil {
		loc = time.UTC
	}
	files, err := walk(path, ".txt")
	if err != nil {
		return err
	}
	b.stays, b.report.gps = true, true
	want := "comma-separated " + fieldsWant(TDriveColumns)
	for _, f := range files {
		err := b.readFile(f, func(in *input) error {
			return b.eachRow(in, newRows(in, ','), "T-Drive", want, func(f []string) *fieldError {
				return b.tdriveRow(f, loc)
			})
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
		return bad("taxi id", "got %s, want a whole number", quote(f[0]))
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
