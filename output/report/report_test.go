package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func sample() *Report {
	return &Report{
		Title: "scantrail run: default, seed 1",
		Intro: "A city of 600 people over 3 days.",
		Headline: []Finding{{"public_security", "4 points at venue/hour single out 98% " +
			"of sampled people."}},
		Mitigations: []string{"cash (share 0.3)", "scans: retention 21 days"},
		Facts:       []Fact{{"scenario", "default"}, {"seed", "1"}},
		Figures: []Figure{{Title: "Unicity", Caption: "ε_p against p",
			Image: []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), MediaType: "image/svg+xml"}},
		Tables: []Table{{Title: "Adversary public_security", Note: "Mean over 3 replicates.",
			Header: []string{"measure", "setting", "mean"}, Numeric: 2,
			Groups: []Group{{Title: "Unicity",
				Note: "how few points single a person out", Rows: []Row{{Cells: []string{
					"share singled out (ε_p)", "venue/hour, 4 points", "0.930"},
					Raw: "epsilon resolution=venue/hour p=4"}}}}}},
		Scenario: "name: default\nseed: 1\n",
		Sweep:    "scenario: default\nparameters: []\n",
	}
}

// The page has every section, the facts, tables and scenario, and refers
// to nothing outside itself: every src and href is a data URI or an
// anchor in the page.
func TestPageIsCompleteAndSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sample()); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, id := range Sections() {
		if !strings.Contains(page, `<section id="`+id+`">`) {
			t.Errorf("no section %q", id)
		}
	}
	for _, want := range []string{"<title>scantrail run: default, seed 1</title>",
		"public_security", "0.930", "name: default", "scenario: default",
		"de Montjoye, Hidalgo, Verleysen and Blondel (2013)", "Riederer",
		"Golle and Partridge (2009)", "data:image/svg&#43;xml;base64,",
		"<strong>public_security</strong>: 4 points", "cash (share 0.3); scans: retention 21",
		`<th colspan="3">Unicity <span>– how few points`,
		`<small class="raw">epsilon resolution=venue/hour p=4</small>`,
		`<td class="num">0.930</td>`,
		"Andrés, Bordenabe", "Gruteser and Grunwald (2003)", "Lueks et al. (2021)",
		"Xu et al. (2017)", "Kido, Yanagisawa and Satoh (2005)", "Trajectory recovery",
		"Companions", "Holdings"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	refs := regexp.MustCompile(`(?i)\b(src|href)\s*=\s*"([^"]*)"`).FindAllStringSubmatch(page, -1)
	if len(refs) == 0 {
		t.Fatal("the page embeds no image")
	}
	for _, r := range refs {
		if !strings.HasPrefix(r[2], "data:") && !strings.HasPrefix(r[2], "#") {
			t.Errorf("%s=%q refers outside the page", r[1], r[2])
		}
	}
	if strings.Contains(page, "<link") || strings.Contains(page, "@import") ||
		strings.Contains(page, "url(") {
		t.Error("the page loads a style sheet or a resource")
	}
}

// Text is escaped: a scenario cannot inject markup into the page.
func TestPageEscapesText(t *testing.T) {
	r := sample()
	r.Scenario = "name: <script>alert(1)</script>\n"
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script>") {
		t.Error("scenario text reached the page unescaped")
	}
}

func TestWriteRefusesOtherMediaTypes(t *testing.T) {
	r := sample()
	r.Figures[0].MediaType = "text/html"
	var b bytes.Buffer
	if err := Write(&b, r); err == nil || !strings.Contains(err.Error(), "image/svg+xml") {
		t.Errorf("got %v, want an error naming the allowed media types", err)
	}
}

// A page without figures or tables says so instead of leaving a hole.
func TestEmptyPage(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, &Report{Title: "t", Scenario: "x"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"No chart applies", "No attack was run",
		"Mitigations in force:</strong> none."} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("empty page lacks %q", want)
		}
	}
}
