package schemas

import (
	"errors"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	es, err := LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		label, above string
		want         string // "" no match
		guess        bool
		ambiguous    bool
	}{
		// the plan tables' own wording
		{"Tỷ lệ thất nghiệp của lao động trong độ tuổi ở khu vực thành thị", "", "urban_unemployment_rate", false, false},
		{"Tạo việc làm trong nước", "jobs_created", "jobs_domestic", false, false},
		{"Đưa lao động đi làm việc ở nước ngoài theo hợp đồng", "jobs_created", "jobs_abroad", false, false},
		{"Tỷ lệ tham gia bảo hiểm xã hội của lực lượng lao động trong độ tuổi", "", "si_coverage", false, false},
		{"Tuyển mới giáo dục nghề nghiệp", "", "vet_enrolment", false, false},
		{"Dạy nghề cho lao động nông thôn", "vet_enrolment_elementary", "rural_vet_training", false, false},
		// the numbered hierarchy decides a repeated label
		{"Cao đẳng, trung cấp", "vet_enrolment", "vet_enrolment_college", false, false},
		{"Cao đẳng, trung cấp", "vet_graduates", "vet_graduates_college", false, false},
		{"Sơ cấp và và các chương trình đào tạo nghề nghiệp khác", "vet_enrolment", "vet_enrolment_elementary", true, false},
		// a breakdown beneath its count: the count's series
		{"Nữ", "jobs_created", "jobs_created[sex=female]", false, false},
		{"Trong đó nữ", "vet_enrolment", "vet_enrolment[sex=female]", false, false},
		{"Nam", "jobs_created", "jobs_created[sex=male]", false, false},
		{"Lao động nữ được giải quyết việc làm", "", "jobs_created[sex=female]", false, false},
		{"jobs_created_female", "", "jobs_created[sex=female]", false, false}, // the code it had before breakdowns
		{"Nữ", "", "", false, true}, // two equally good candidates
		{"Cao đẳng, trung cấp", "", "", false, true},
		{"Nữ", "jobs_domestic", "", false, false}, // domestic jobs are not broken down by sex
		{"Nông nghiệp", HeadingAnchor("Cơ cấu lao động"), "agriculture_share", false, false},
		{"Riêng các huyện nghèo", "poor_household_rate", "poor_district_poverty_rate", false, false},
		// abbreviations are spelt out: a match, not a guess
		{"Tỷ lệ LĐ tham gia BHXH", "", "si_coverage", false, false},
		{"Tuyển mới GDNN", "", "vet_enrolment", false, false},
		// other word order, other fillers: a guess
		{"Người lao động đi làm việc ở nước ngoài theo hợp đồng", "", "jobs_abroad", false, false},
		{"Tỷ lệ thất nghiệp thành thị của lao động trong độ tuổi", "", "urban_unemployment_rate", true, false},
		{"Trung cấp, cao đẳng", "vet_graduates", "vet_graduates_college", true, false},
		{"Số xã đạt chuẩn nông thôn mới", "", "", false, false},
	} {
		got, ok, err := es.Resolve(tc.label, tc.above)
		if tc.ambiguous {
			if !errors.Is(err, ErrAmbiguousLabel) {
				t.Errorf("Resolve(%q, %q) = %v, %v, %v; want ErrAmbiguousLabel", tc.label, tc.above, got.Element.Code, ok, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Resolve(%q, %q): %v", tc.label, tc.above, err)
			continue
		}
		if tc.want == "" {
			if ok {
				t.Errorf("Resolve(%q, %q) = %s, want no match", tc.label, tc.above, got.Element.Code)
			}
			continue
		}
		if !ok || got.Element.Code != tc.want || got.Guess != tc.guess {
			t.Errorf("Resolve(%q, %q) = %s (guess %v, ok %v), want %s (guess %v)", tc.label, tc.above, got.Element.Code, got.Guess, ok, tc.want, tc.guess)
		}
	}
}

func TestResolveAmbiguousNamesBoth(t *testing.T) {
	es, err := LoadElements()
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = es.Resolve("Cao đẳng, trung cấp", "")
	for _, want := range []string{"vet_enrolment_college", "vet_graduates_college"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Resolve(\"Cao đẳng, trung cấp\") error %v, want it to name %s", err, want)
		}
	}
}

func TestParseElementsRejects(t *testing.T) {
	for name, yaml := range map[string]string{
		"cycle": `
- {code: a, name_vi: A, name_en: A, unit: persons, kind: flow, part_of: b}
- {code: b, name_vi: B, name_en: B, unit: persons, kind: flow, part_of: a}`,
		"part label without place": `
- {code: a, name_vi: A, name_en: A, unit: persons, kind: flow, part_labels: [Nữ]}`,
		"same part label under the same row": `
- {code: t, name_vi: T, name_en: T, unit: persons, kind: flow}
- {code: a, name_vi: A, name_en: A, unit: persons, kind: flow, part_of: t, part_labels: [Nữ]}
- {code: b, name_vi: B, name_en: B, unit: persons, kind: flow, part_of: t, part_labels: [Nữ]}`,
		"unknown under": `
- {code: a, name_vi: A, name_en: A, unit: persons, kind: flow, under: [nothing_here]}`,
		"unknown field": `
- {code: a, name_vi: A, name_en: A, unit: persons, kind: flow, colour: red}`,
		"rate part of another denominator": `
- {code: n, name_vi: N, name_en: N, unit: persons, kind: stock}
- {code: d, name_vi: D, name_en: D, unit: persons, kind: stock}
- {code: e, name_vi: E, name_en: E, unit: persons, kind: stock}
- {code: r, name_vi: R, name_en: R, unit: percent, kind: rate, numerator: n, denominator: d}
- {code: s, name_vi: S, name_en: S, unit: percent, kind: rate, numerator: n, denominator: e, part_of: r}`,
		"unknown dimension": `
- {code: a, name_vi: A, name_en: A, unit: persons, kind: flow, breakdowns: [age]}`,
		"a rate broken down": `
- {code: n, name_vi: N, name_en: N, unit: persons, kind: stock}
- {code: r, name_vi: R, name_en: R, unit: percent, kind: rate, denominator: n, breakdowns: [sex]}`,
		"breakdown label of no option": `
- {code: a, name_vi: A, name_en: A, unit: persons, kind: flow, breakdowns: [sex], breakdown_labels: {girls: [A girls]}}`,
		"element named as a series's old code": `
- {code: a, name_vi: A, name_en: A, unit: persons, kind: flow, breakdowns: [sex]}
- {code: a_female, name_vi: AF, name_en: AF, unit: persons, kind: flow}`,
		"rate of an unknown series": `
- {code: a, name_vi: A, name_en: A, unit: persons, kind: flow}
- {code: r, name_vi: R, name_en: R, unit: percent, kind: rate, numerator: "a[sex=female]", denominator: a}`,
	} {
		if _, err := ParseElements(name, []byte(yaml)); err == nil {
			t.Errorf("%s: ParseElements accepted it", name)
		}
	}
}

// A breakdown makes series of its element: parts of it, of its unit and
// kind, named by the series code and by the code they had before.
func TestBreakdownSeries(t *testing.T) {
	es, err := ParseElements("t", []byte(`
- {code: a, name_vi: Việc làm, name_en: Jobs, unit: persons, kind: flow, breakdowns: [sex], breakdown_labels: {female: [Việc làm nữ]}}
- {code: r, name_vi: Tỷ lệ nữ, name_en: Women's share, unit: percent, kind: rate, numerator: "a[sex=female]", denominator: a}`))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, d := range es.All() {
		codes = append(codes, d.Code)
	}
	if got, want := strings.Join(codes, " "), "a a[sex=female] a[sex=male] r"; got != want {
		t.Errorf("elements %q, want %q", got, want)
	}
	for _, code := range []string{"a[sex=female]", "a_female"} {
		d, err := es.Get(code)
		if err != nil || d.Base() != "a" || d.BreakdownOrTotal() != "sex=female" || d.PartOf != "a" || d.Kind != Flow {
			t.Errorf("Get(%q) = %+v, %v; want the women's series of a, a part of it", code, d, err)
		}
	}
	if d, ok := es.Match("VIEC LAM NU"); !ok || d.Code != "a[sex=female]" {
		t.Errorf("Match(breakdown label) = %q, %v", d.Code, ok)
	}
}
