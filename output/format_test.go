package output_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/scantrail/scantrail/output"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    output.Format
		wantExt string
		wantErr bool
	}{
		{"parquet", output.Parquet, ".parquet", false},
		{"CSV", output.CSV, ".csv", false},
		{"Parquet", output.Parquet, ".parquet", false},
		{"json", 0, "", true},
		{"", 0, "", true},
	}
	for _, tt := range tests {
		got, err := output.ParseFormat(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseFormat(%q) error = %v, want error %v",
				tt.in, err, tt.wantErr)
			continue
		}
		if err != nil {
			if !strings.Contains(err.Error(), "parquet, csv") {
				t.Errorf("ParseFormat(%q) error %q does not list the "+
					"formats", tt.in, err)
			}
			continue
		}
		if got != tt.want || got.Ext() != tt.wantExt {
			t.Errorf("ParseFormat(%q) = %v (%s), want %v (%s)",
				tt.in, got, got.Ext(), tt.want, tt.wantExt)
		}
	}
}

func TestFormatJSON(t *testing.T) {
	for _, f := range []output.Format{output.Parquet, output.CSV} {
		data, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		var got output.Format
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		if want := `"` + f.String() + `"`; string(data) != want ||
			got != f {
			t.Errorf("JSON of %v = %s, read back as %v; want %s", f, data,
				got, want)
		}
	}
	if _, err := json.Marshal(output.Format(9)); err == nil {
		t.Errorf("json.Marshal(Format(9)) succeeded, want error")
	}
}
