package report

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"time"

	"chitieu/schemas"
)

//go:embed issuers.yaml
var defaultIssuers []byte

// Issuers says which ministry issues the report and which answers for each
// indicator, by date (issuers.yaml).
type Issuers struct {
	Periods []IssuerPeriod `yaml:"periods"`
}

// IssuerPeriod is the organisation of the sector from one date to another.
type IssuerPeriod struct {
	From       string     `yaml:"from"` // 2025-03-01
	To         string     `yaml:"to"`   // empty: still in force
	BasisVI    string     `yaml:"basis_vi"`
	BasisEN    string     `yaml:"basis_en"`
	Ministries []Ministry `yaml:"ministries"`
}

// Ministry is one ministry of the sector and what it answers for.
type Ministry struct {
	NameVI     string   `yaml:"name_vi" json:"name_vi"`
	NameEN     string   `yaml:"name_en" json:"name_en"`
	Abbr       string   `yaml:"abbr" json:"abbr"` // in document numbers: "…/BC-BNV"
	Issuer     bool     `yaml:"issuer" json:"issuer,omitempty"`
	SignerVI   []string `yaml:"signer_vi" json:"signer_vi,omitempty"`
	SignerEN   []string `yaml:"signer_en" json:"signer_en,omitempty"`
	FieldsVI   string   `yaml:"fields_vi" json:"fields_vi,omitempty"`
	FieldsEN   string   `yaml:"fields_en" json:"fields_en,omitempty"`
	Indicators []string `yaml:"indicators" json:"indicators,omitempty"`
}

// DefaultIssuers is the embedded issuers.yaml.
func DefaultIssuers() (*Issuers, error) { return ParseIssuers("issuers.yaml", defaultIssuers) }

// ReadIssuers reads an issuers file shaped like issuers.yaml.
func ReadIssuers(path string) (*Issuers, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseIssuers(path, b)
}

// ParseIssuers decodes and checks an issuers file: dates, one issuer per
// period, periods in order without gaps or overlaps.
func ParseIssuers(name string, data []byte) (*Issuers, error) {
	var is Issuers
	if err := schemas.DecodeYAML(name, data, &is); err != nil {
		return nil, err
	}
	if len(is.Periods) == 0 {
		return nil, fmt.Errorf("%s: no periods", name)
	}
	var prevTo time.Time
	for i, p := range is.Periods {
		from, err := time.Parse(time.DateOnly, p.From)
		if err != nil {
			return nil, fmt.Errorf("%s: period %d: from %q: want a date like 2025-03-01", name, i+1, p.From)
		}
		if i > 0 && !from.Equal(prevTo.AddDate(0, 0, 1)) {
			return nil, fmt.Errorf("%s: period %d starts %s, want the day after the previous one ends (%s)", name, i+1, p.From, prevTo.Format(time.DateOnly))
		}
		if p.To == "" {
			if i != len(is.Periods)-1 {
				return nil, fmt.Errorf("%s: period %d has no end but is not the last", name, i+1)
			}
		} else if prevTo, err = time.Parse(time.DateOnly, p.To); err != nil || prevTo.Before(from) {
			return nil, fmt.Errorf("%s: period %d: to %q: want a date on or after %s", name, i+1, p.To, p.From)
		}
		issuers := 0
		for _, m := range p.Ministries {
			if m.NameVI == "" || m.NameEN == "" {
				return nil, fmt.Errorf("%s: period %d: a ministry without name_vi and name_en", name, i+1)
			}
			if m.Issuer {
				issuers++
			}
		}
		if issuers != 1 {
			return nil, fmt.Errorf("%s: period %d: %d ministries marked issuer, want 1", name, i+1, issuers)
		}
	}
	return &is, nil
}

// ErrNoIssuer is returned when no issuer period covers a report's period.
var ErrNoIssuer = errors.New("no issuer for the period")

// At is the organisation in force on day d.
func (is *Issuers) At(d time.Time) (IssuerPeriod, error) {
	day := d.Format(time.DateOnly)
	for _, p := range is.Periods {
		if p.From <= day && (p.To == "" || day <= p.To) {
			return p, nil
		}
	}
	return IssuerPeriod{}, fmt.Errorf("%w %s", ErrNoIssuer, day)
}

// Issuer is the ministry whose name heads the report.
func (p IssuerPeriod) Issuer() Ministry {
	for _, m := range p.Ministries {
		if m.Issuer {
			return m
		}
	}
	return Ministry{}
}

// For is the ministry that answers for an indicator: the one listing it,
// else the issuer.
func (p IssuerPeriod) For(indicator string) Ministry {
	for _, m := range p.Ministries {
		for _, c := range m.Indicators {
			if c == indicator {
				return m
			}
		}
	}
	return p.Issuer()
}
