package schemas

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Period types.
const (
	Year    = "year"
	Quarter = "quarter"
	Month   = "month"
	// YTD is a cumulative period, January to the end of a month ("6 tháng
	// đầu năm", the first six months): "2024-YTD06". Months 2–11 only:
	// January alone is the month 2024-01 and January–December the year.
	YTD = "ytd"
)

// The years chitieu's period codelist spans.
const (
	MinYear = 1990
	MaxYear = 2060
)

// ErrBadPeriod is returned for text that names no period chitieu knows.
var ErrBadPeriod = errors.New("unrecognised period")

// Period is a calendar year, quarter, month or year to date. Its code is
// "2024", "2024-Q1", "2024-03" or "2024-YTD06".
type Period struct {
	Type    string
	Year    int
	Quarter int // 1–4 for quarters, else 0
	Month   int // 1–12 for months, the last month of a year to date, else 0
}

// YearPeriod is the calendar year y.
func YearPeriod(y int) Period { return Period{Type: Year, Year: y} }

// QuarterPeriod is quarter q (1–4) of year y.
func QuarterPeriod(y, q int) Period { return Period{Type: Quarter, Year: y, Quarter: q} }

// MonthPeriod is month m (1–12) of year y.
func MonthPeriod(y, m int) Period { return Period{Type: Month, Year: y, Month: m} }

// YearToDate is January to month m (1–12) of year y: the month itself for
// January, the year for December, else the cumulative period y-YTDmm.
func YearToDate(y, m int) Period {
	switch m {
	case 1:
		return MonthPeriod(y, 1)
	case 12:
		return YearPeriod(y)
	}
	return Period{Type: YTD, Year: y, Month: m}
}

// String is the period code.
func (p Period) String() string { return p.Code() }

// PreviousYear is the same period one year earlier ("so với cùng kỳ", the
// same period of last year): 2024-Q3 gives 2023-Q3.
func (p Period) PreviousYear() Period { p.Year--; return p }

// Start is the period's first day.
func (p Period) Start() time.Time { return date(p.Year, p.firstMonth(), 1) }

// End is the period's last day; areas are resolved as they were on it.
func (p Period) End() time.Time { return p.Start().AddDate(0, p.months(), -1) }

// Code is the canonical period code.
func (p Period) Code() string {
	switch p.Type {
	case Year:
		return strconv.Itoa(p.Year)
	case Quarter:
		return fmt.Sprintf("%d-Q%d", p.Year, p.Quarter)
	case Month:
		return fmt.Sprintf("%d-%02d", p.Year, p.Month)
	case YTD:
		return fmt.Sprintf("%d-YTD%02d", p.Year, p.Month)
	}
	return ""
}

func (p Period) firstMonth() int {
	switch p.Type {
	case Quarter:
		return 3*p.Quarter - 2
	case Month:
		return p.Month
	}
	return 1
}

func (p Period) months() int {
	switch p.Type {
	case Quarter:
		return 3
	case Month:
		return 1
	case YTD:
		return p.Month
	}
	return 12
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// Period spellings, matched against the folded text (see Fold): lower case,
// no diacritics, punctuation turned into single spaces.
var (
	reYear         = regexp.MustCompile(`^(?:nam )?(\d{4})$`)
	reQuarter      = regexp.MustCompile(`^(\d{4}) ?q ?([1-4])$`)
	reQuarterPre   = regexp.MustCompile(`^(?:q|quy) ?(i|ii|iii|iv|[1-4]) (?:nam )?(\d{4})$`)
	reMonth        = regexp.MustCompile(`^(\d{4}) (\d{1,2})$`)
	reMonthCompact = regexp.MustCompile(`^(\d{4})(\d{2})$`)
	reMonthPre     = regexp.MustCompile(`^(?:thang )?(\d{1,2}) (?:nam )?(\d{4})$`)
	reYTD          = regexp.MustCompile(`^(\d{4}) ytd ?(\d{1,2})$`)
	reYTDPre       = regexp.MustCompile(`^(?:luy ke )?(\d{1,2}) thang (?:dau )?(?:nam )?(\d{4})$`)
)

var roman = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

// ParsePeriod reads a period in any of the spellings provinces use: "2024",
// "Năm 2024", "2024-Q1", "2024Q1", "Q1/2024", "Quý I/2024", "quý II năm 2024",
// "2024-03", "202403", "03/2024", "Tháng 3/2024", "tháng 03 năm 2024", and
// years to date: "2024-YTD06", "6 tháng đầu năm 2024", "9 tháng năm 2024"
// (see YearToDate: "12 tháng năm 2024" is the year).
func ParsePeriod(s string) (Period, error) {
	f := Fold(s)
	var p Period
	if m := reYear.FindStringSubmatch(f); m != nil {
		p = YearPeriod(atoi(m[1]))
	} else if m := reQuarter.FindStringSubmatch(f); m != nil {
		p = QuarterPeriod(atoi(m[1]), atoi(m[2]))
	} else if m := reQuarterPre.FindStringSubmatch(f); m != nil {
		p = QuarterPeriod(atoi(m[2]), roman[m[1]])
	} else if m := reMonth.FindStringSubmatch(f); m != nil {
		p = MonthPeriod(atoi(m[1]), atoi(m[2]))
	} else if m := reMonthCompact.FindStringSubmatch(f); m != nil {
		p = MonthPeriod(atoi(m[1]), atoi(m[2]))
	} else if m := reMonthPre.FindStringSubmatch(f); m != nil {
		p = MonthPeriod(atoi(m[2]), atoi(m[1]))
	} else if m := reYTD.FindStringSubmatch(f); m != nil {
		p = Period{Type: YTD, Year: atoi(m[1]), Month: atoi(m[2])}
	} else if m := reYTDPre.FindStringSubmatch(f); m != nil {
		p = Period{Type: YTD, Year: atoi(m[2]), Month: atoi(m[1])}
	} else {
		return Period{}, fmt.Errorf("%w %q: want a year (2024), quarter (2024-Q1, Quý I/2024), month (2024-03, Tháng 3/2024) or year to date (2024-YTD06, 6 tháng đầu năm 2024)", ErrBadPeriod, s)
	}
	if p.Year < MinYear || p.Year > MaxYear || (p.Type == Month || p.Type == YTD) && (p.Month < 1 || p.Month > 12) {
		return Period{}, fmt.Errorf("%w %q: year or month out of range", ErrBadPeriod, s)
	}
	if p.Type == YTD {
		p = YearToDate(p.Year, p.Month)
	}
	return p, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
