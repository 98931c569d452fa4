package report

import (
	"sort"
	"time"

	"chitieu/schemas"
)

// Report is everything a quarterly report shows, in the order it shows it.
// Values are in the indicator's unit (persons, households, or percent for
// rates); percentages of plan and of the previous year are in percent.
type Report struct {
	Period     string  `json:"period"`     // the quarter, "2024-Q3"
	Cumulative string  `json:"cumulative"` // the year-to-date period it covers, "2024-YTD09" ("2024" for Q4)
	Previous   string  `json:"previous"`   // the same months a year earlier, "2023-YTD09"
	Year       int     `json:"year"`       //
	Quarter    int     `json:"quarter"`    // 1–4
	LastMonth  int     `json:"last_month"` // 3, 6, 9 or 12: the figures run January to this month
	Lang       string  `json:"lang"`       // vi or en
	View       string  `json:"view"`       // the view the figures were read from
	Boundaries string  `json:"boundaries"` // the map of provinces the figures are on: "63 provinces", "34 provinces"
	DrawnAt    string  `json:"drawn_at"`   // when the report was made, RFC 3339
	AsOf       string  `json:"as_of"`      // the warehouse state shown, RFC 3339; empty: as loaded when drawn
	Version    Version `json:"data_version"`
	// Issuer is the ministry whose name heads the report, in force on the
	// period's last day; Ministries every ministry answering for some
	// indicator then, when there are several (from March 2025), and Basis
	// the act that organised them so.
	Issuer     Ministry   `json:"issuer"`
	Ministries []Ministry `json:"ministries,omitempty"`
	Basis      string     `json:"basis,omitempty"`
	// DocNumber is the document's number ("125/BC-BNV"); empty leaves a
	// blank to fill in by hand before signing.
	DocNumber string `json:"document_number,omitempty"`
	// Regions names the regions of the period's map by code; none after
	// June 2025, when no grouping of the 34 provinces was published.
	Regions map[string]string `json:"regions,omitempty"`
	// Mergers are the 2025 reorganisation: which new province absorbed
	// which old ones, stated in the reports of 2025 and 2026.
	Mergers []Merger `json:"mergers,omitempty"`

	organisation IssuerPeriod // the issuers in force, for each indicator's ministry

	Indicators []Indicator  `json:"indicators"`
	Months     []MonthPoint `json:"monthly_national"`
	Reporting  Completeness `json:"completeness"`
}

// Version identifies the data a report was drawn from: the last submission
// loaded (at as-of, when given).
type Version struct {
	Submission int64  `json:"last_submission"`
	LoadedAt   string `json:"loaded_at"` // RFC 3339
}

// Indicator is one key indicator: its national and regional figures (the
// summary) and its provinces, ranked.
type Indicator struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Unit      string   `json:"unit"`      // persons, households, percent
	Kind      string   `json:"kind"`      // flow, stock, rate
	Direction string   `json:"direction"` // higher or lower is better
	Ministry  string   `json:"ministry"`  // the ministry answering for it in the period, in the report's language
	Summary   []Figure `json:"summary"`   // VN, then the regions in code order
	Provinces []Figure `json:"provinces"` // ranked, best first; unranked last
}

// Figure is one indicator value for one area over the report's year-to-date
// period.
type Figure struct {
	Area      string   `json:"area"`
	AreaName  string   `json:"area_name"`
	Level     string   `json:"level"`  // nation, region, province
	Region    string   `json:"region"` // a province's region
	Rank      int      `json:"rank,omitempty"`
	InQuarter *float64 `json:"quarter_value"`   // the quarter alone ("thực hiện quý")
	Value     *float64 `json:"value"`           // January to the quarter's end
	Plan      *float64 `json:"plan"`            // the annual plan
	PctPlan   *float64 `json:"pct_of_plan"`     // above 100 is better than planned, whatever the direction
	PlanMet   *bool    `json:"plan_met"`        //
	Previous  *float64 `json:"previous_year"`   // the same months of the previous year
	PctPrev   *float64 `json:"pct_of_previous"` // value ÷ previous × 100
	Change    *float64 `json:"change"`          // percent for counts, percentage points for rates
	ChangeIn  string   `json:"change_unit"`     // percent or percentage points
	Reporting int64    `json:"provinces_reporting"`
	Expected  int64    `json:"provinces_expected"`
	Status    string   `json:"status"`            // final or provisional
	Missing   []string `json:"missing,omitempty"` // codes of the expected provinces not in the figure
}

// Provisional reports whether the figure is built from any provisional or
// estimated value.
func (f Figure) Provisional() bool { return f.Value != nil && f.Status != "final" }

// Incomplete reports whether some expected provinces are not in the figure.
func (f Figure) Incomplete() bool { return f.Value != nil && f.Reporting < f.Expected }

// Reported reports whether the figure has a value: a province without one
// has not reported what it is built from ("chưa báo cáo").
func (f Figure) Reported() bool { return f.Value != nil }

// Merger is one new province of 1 July 2025 and the old provinces it
// absorbed.
type Merger struct {
	Code string    `json:"code"`
	Name string    `json:"name"`
	Old  []AreaRef `json:"old"`
}

// AreaRef names an area.
type AreaRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// MonthPoint is one indicator's national value in one month, for the
// monthly series of flows.
type MonthPoint struct {
	Indicator string   `json:"indicator"`
	Year      int      `json:"year"`
	Month     int      `json:"month"`
	Value     *float64 `json:"value"`
	Reporting int64    `json:"provinces_reporting"`
	Expected  int64    `json:"provinces_expected"`
	Status    string   `json:"status"`
}

// Completeness is who sent the monthly reports of the quarter, when.
type Completeness struct {
	Months    []string          `json:"months"` // the quarter's months, "2024-07"…
	Provinces []ProvinceReports `json:"provinces"`
	OnTime    int               `json:"on_time"` // province-months received by the deadline
	Late      int               `json:"late"`
	Rejected  int               `json:"rejected"` // only rejected files so far
	Missing   int               `json:"missing"`  // nothing received, past the deadline
	Pending   int               `json:"pending"`  // not yet due
}

// count adds one province-month in state to the totals.
func (c *Completeness) count(state string) {
	switch state {
	case OnTime:
		c.OnTime++
	case Late:
		c.Late++
	case Rejected:
		c.Rejected++
	case Pending:
		c.Pending++
	default:
		c.Missing++
	}
}

// ProvinceReports is one province's monthly reports of the quarter.
type ProvinceReports struct {
	Area     string        `json:"area"`
	AreaName string        `json:"area_name"`
	Region   string        `json:"region"`
	Months   []MonthReport `json:"months"` // in the order of Completeness.Months
}

// MonthReport is one province's report for one month.
type MonthReport struct {
	Period   string `json:"period"`
	Deadline string `json:"deadline"`           // RFC 3339, the 20th of the next month, end of day in Viet Nam
	Received string `json:"received,omitempty"` // when its first accepted file arrived, RFC 3339
	State    string `json:"state"`              // as submission_status: on_time, late, rejected, missing, pending
	DaysLate int    `json:"days_late,omitempty"`
}

// Report states of a province's monthly report: the status codes of the
// warehouse's submission_status, the one definition of a report received.
const (
	OnTime   = "on_time"
	Late     = "late"
	Rejected = "rejected" // only rejected files so far
	Missing  = "missing"  // nothing received and past the deadline
	Pending  = "pending"  // not yet due
)

// vietnam is the zone deadlines are kept in (UTC+7, no daylight saving).
var vietnam = time.FixedZone("ICT", 7*3600)

// Deadline is when a monthly report is due: by the 20th of the following
// month, the end of that day in Viet Nam.
func Deadline(p schemas.Period) time.Time {
	return time.Date(p.Year, time.Month(p.Month)+1, 21, 0, 0, 0, 0, vietnam).Add(-time.Second)
}

// daysLate is by how many started days a report received at t missed its
// deadline; 0 when it met it.
func daysLate(t, deadline time.Time) int {
	if !t.After(deadline) {
		return 0
	}
	return int((t.Sub(deadline) + 24*time.Hour - time.Nanosecond) / (24 * time.Hour))
}

// Cumulative is the year-to-date period a quarterly report covers: January
// to the quarter's last month ("lũy kế từ đầu năm"). The fourth quarter
// covers the whole year, whose code is the year.
func Cumulative(year, quarter int) string {
	return schemas.YearToDate(year, 3*quarter).Code()
}

// rank orders provinces best first and numbers them, ties sharing a rank
// ("1, 2, 2, 4"). Attainment (% of plan, above 100 better whatever the
// direction) decides when any province has a plan, and provinces without
// one are not ranked; an indicator without plans is ranked by its value in
// its direction. Unranked provinces come last, by code.
func rank(figs []Figure, direction string) {
	byPlan := false
	for _, f := range figs {
		if f.PctPlan != nil {
			byPlan = true
		}
	}
	key := func(f Figure) (float64, bool) {
		if byPlan {
			if f.PctPlan == nil {
				return 0, false
			}
			return *f.PctPlan, true
		}
		if f.Value == nil || direction == "none" {
			return 0, false
		}
		if direction == "lower" {
			return -*f.Value, true
		}
		return *f.Value, true
	}
	sort.SliceStable(figs, func(i, j int) bool {
		a, aok := key(figs[i])
		b, bok := key(figs[j])
		if aok != bok {
			return aok
		}
		if aok && a != b {
			return a > b
		}
		return figs[i].Area < figs[j].Area
	})
	for i := range figs {
		k, ok := key(figs[i])
		if !ok {
			figs[i].Rank = 0
			continue
		}
		figs[i].Rank = i + 1
		if i > 0 && figs[i-1].Rank > 0 {
			if prev, _ := key(figs[i-1]); prev == k {
				figs[i].Rank = figs[i-1].Rank
			}
		}
	}
}

// DueQuarter is the latest quarter whose reports are all due by t: the
// quarter whose last month's deadline (the 20th of the following month)
// has passed. A scheduled job run on 21 October reports on Q3; one run on
// 21 January reports on Q4 of the year before.
func DueQuarter(t time.Time) schemas.Period {
	t = t.In(vietnam)
	y, q := t.Year(), (int(t.Month())-1)/3+1
	for {
		p := schemas.QuarterPeriod(y, q)
		if Deadline(schemas.MonthPeriod(y, 3*q)).Before(t) {
			return p
		}
		if q--; q == 0 {
			y, q = y-1, 4
		}
	}
}
