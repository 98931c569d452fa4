package schemas

import (
	_ "embed"
	"fmt"
	"time"
)

//go:embed forms.yaml
var formsYAML []byte

// Form is a report that reporters owe for every period of a type, by a
// deadline.
type Form struct {
	Code   string `yaml:"code"`
	NameVI string `yaml:"name_vi"`
	NameEN string `yaml:"name_en"`
	// Templates are the templates (schemas/templates, or "long_csv") whose
	// files, for one reporter and one period, are this form.
	Templates  []string `yaml:"templates"`
	PeriodType string   `yaml:"period_type"` // month, quarter or year
	// Reporters is who must report: "provinces", every province valid on
	// the last day of the period.
	Reporters string `yaml:"reporters"`
	Due       Due    `yaml:"due"`
}

// Due is a deadline relative to a period: day Day of the month MonthsAfter
// months after the month the period ends in.
type Due struct {
	MonthsAfter int `yaml:"months_after"`
	Day         int `yaml:"day"`
}

// Vietnam keeps UTC+7 all year.
var vietnam = time.FixedZone("ICT", 7*3600)

// Deadline is the last instant a report for p is on time: the end of the
// due day in Vietnam. For the monthly form and March 2024 that is
// 2024-04-20 24:00 +07.
func (f Form) Deadline(p Period) time.Time {
	end := p.End()
	day := time.Date(end.Year(), end.Month()+time.Month(f.Due.MonthsAfter), f.Due.Day, 0, 0, 0, 0, vietnam)
	return day.AddDate(0, 0, 1)
}

// LoadForms reads and validates the embedded forms.
func LoadForms() ([]Form, error) {
	var doc struct {
		Forms []Form `yaml:"forms"`
	}
	if err := DecodeYAML("forms.yaml", formsYAML, &doc); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, f := range doc.Forms {
		switch {
		case f.Code == "" || seen[f.Code]:
			return nil, fmt.Errorf("forms.yaml: form code %q empty or repeated", f.Code)
		case f.PeriodType != Month && f.PeriodType != Quarter && f.PeriodType != Year:
			return nil, fmt.Errorf("forms.yaml: form %s: period_type %q, want month, quarter or year", f.Code, f.PeriodType)
		case f.Reporters != "provinces":
			return nil, fmt.Errorf("forms.yaml: form %s: reporters %q, want provinces", f.Code, f.Reporters)
		case f.Due.Day < 1 || f.Due.Day > 28 || f.Due.MonthsAfter < 0:
			return nil, fmt.Errorf("forms.yaml: form %s: due day %d (1–28), months_after %d", f.Code, f.Due.Day, f.Due.MonthsAfter)
		case len(f.Templates) == 0:
			return nil, fmt.Errorf("forms.yaml: form %s has no templates", f.Code)
		}
		seen[f.Code] = true
	}
	return doc.Forms, nil
}
