package warehouse

import (
	"fmt"
	"time"
)

// vietnamTime is the time of Vietnam (UTC+7 all year, no daylight saving).
var vietnamTime = time.FixedZone("ICT", 7*3600)

// ParseAsOf reads an as-of time: RFC 3339, or a date with an optional
// time of day in Vietnam time ("2024-10-25", "2024-10-25 08:00"). Empty is
// the zero time: now.
func ParseAsOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05-07"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{time.DateOnly, "2006-01-02 15:04", time.DateTime} {
		if t, err := time.ParseInLocation(layout, s, vietnamTime); err == nil {
			if layout == time.DateOnly {
				t = t.AddDate(0, 0, 1).Add(-time.Nanosecond) // the whole day
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--as-of %q: want 2024-10-25, 2024-10-25 08:00 (Vietnam time) or 2024-10-25T08:00:00+07:00", s)
}
