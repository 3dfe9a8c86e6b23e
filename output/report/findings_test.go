package report

import (
	"math"
	"testing"

	"github.com/scantrail/scantrail/analysis"
)

func est(adv, attack, metric, param string, mean float64) analysis.Estimate {
	return analysis.Estimate{Adversary: adv, Attack: attack, Metric: metric,
		Parameter: param, N: 3, Mean: mean, Low: math.NaN(), High: math.NaN()}
}

// A simulated run's estimates give one line per adversary, taking ε at 4
// points of the first resolution, linkage at the longest span and the risk
// at the largest k, and leaving out what did not apply.
func TestFindings(t *testing.T) {
	nan := math.NaN()
	got := Findings([]analysis.Estimate{
		est("police", "holdings", "records", "", 308375.3),
		est("police", "holdings", "identified_accounts", "", 1500),
		est("police", "unicity", "epsilon", "resolution=venue/hour p=3", 0.89),
		est("police", "unicity", "epsilon", "resolution=venue/hour p=4", 0.9805),
		est("police", "unicity", "epsilon", "resolution=venue/hour p=5", 0.995),
		est("police", "unicity", "epsilon", "resolution=district/day p=4", 0.07),
		est("police", "linkage", "top1", "days=1", 0.64),
		est("police", "linkage", "top1", "days=14", 1),
		est("police", "linkage", "top1", "days=7", 0.998),
		est("police", "home_work", "home_accuracy", "", 0.963),
		est("police", "tracking", "answered", "", 0.105),
		est("police", "tracking", "venue_correct", "", 0.024),
		est("police", "risk", "unique_share", "k=2", 0.04),
		est("police", "risk", "unique_share", "k=3", 0.248),
		est("operators", "tracking", "answered", "", nan),
		est("operators", "unicity", "epsilon", "resolution=venue/hour p=1", 0.02),
		est("operators", "unicity", "epsilon", "resolution=venue/hour p=2", 0.54),
		est("empty", "tracking", "answered", "", nan),
	})
	want := []Finding{
		{"police", "holds 308,375 records (1,500 accounts by real name); 4 points at " +
			"venue/hour single out 98% of sampled people; linkage matches 100% of " +
			"pseudonymous accounts to their owner over 14 days; home found for 96% of " +
			"people; 10% of where-was-this-person queries answered (2.4% with the right " +
			"venue); 3 known places single out 25%."},
		{"operators", "2 points at venue/hour single out 54% of sampled people."},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// An imported folder's estimates speak of inferred homes and of linking
// later histories back.
func TestFindingsImported(t *testing.T) {
	got := Findings([]analysis.Estimate{
		est("analyst", "linkage", "top1", "split=0.7 method=most_frequent_venue", 0.44),
		est("analyst", "linkage", "top1", "split=0.7 method=profile", 0.556),
		est("analyst", "home_work", "with_home", "", 0.874),
	})
	want := "56% of later histories linked back to their owner (top-1); a home " +
		"inferred for 87% of people."
	if len(got) != 1 || got[0].Text != want {
		t.Errorf("got %+v, want %q", got, want)
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0%"}, {1, "100%"}, {0.004, "0.4%"}, {0.0996, "10.0%"}, {0.5, "50%"},
		{0.9805, "98%"}, {0.998, "99.8%"}, {0.99999, "over 99.9%"},
	}
	for _, tt := range tests {
		if got := Percent(tt.in); got != tt.want {
			t.Errorf("Percent(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{SettingLabel("resolution=venue/hour p=4"), "venue/hour, 4 points"},
		{SettingLabel("days=1"), "over 1 day"},
		{SettingLabel("k=3"), "3 known places"},
		{SettingLabel("level=district"), "district level"},
		{SettingLabel("split=0.7 method=most_frequent_venue"), "split at 0.7, most frequent venue"},
		{SettingLabel("holder=scans stream=scans"), "holder scans, stream scans"},
		{SettingLabel("odd=1"), "odd=1"},
		{SettingLabel(""), ""},
		{MetricLabel("home_work", "home_accuracy"), "home found"},
		{MetricLabel("new_attack", "new_metric"), "new_metric"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if title, note := AttackTitle("home_work"); title != "Home and work" || note == "" {
		t.Errorf("AttackTitle(home_work) = %q, %q", title, note)
	}
	if title, note := AttackTitle("other"); title != "other" || note != "" {
		t.Errorf("AttackTitle(other) = %q, %q; want the name and no note", title, note)
	}
}
