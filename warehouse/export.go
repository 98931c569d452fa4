package warehouse

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Export formats.
const (
	Parquet = "parquet" // Hive-partitioned by year and area
	CSV     = "csv"     // one file per table
	SDMX    = "sdmx"    // SDMX-CSV, one file per table
)

// ExportFormats are the formats Export writes.
var ExportFormats = []string{Parquet, CSV, SDMX}

// exportObservations are the current observations with the long CSV's
// column names, and the year of their period for partitioning.
const exportObservations = `SELECT o.data_element, o.breakdown, o.area, o.period, o.value, o.kind, o.status, p.year
	FROM observations o JOIN periods p ON p.code = o.period`

// exportIndicators are the rows of indicator_values with the year of their
// period.
const exportIndicators = `SELECT v.*, p.year FROM indicator_values v JOIN periods p ON p.code = v.period`

// SDMX-CSV (SDMX 2.1 CSV format): the dataflow, the dimensions
// (INDICATOR, REF_AREA, TIME_PERIOD, MEASURE, and for observations SEX in
// SDMX's code list: F, M, _T total), OBS_VALUE and the
// attributes OBS_STATUS (SDMX's code list: A normal, P provisional, E
// estimated), UNIT_MEASURE and UNIT_MULT (0: values are in units, not
// thousands). A year-to-date period is an ISO 8601 time range from
// 1 January ("2024-01-01/P9M"), which SDMX accepts as a TIME_PERIOD.
const sdmxTime = `CASE p.period_type WHEN 'ytd' THEN p.year || '-01-01/P' || p.last_month || 'M' ELSE p.code END`

const sdmxUnit = `CASE d.unit WHEN 'persons' THEN 'PS' WHEN 'households' THEN 'HH' WHEN 'percent' THEN 'PT' WHEN 'index' THEN 'IX' ELSE upper(d.unit) END`

const sdmxObservations = `SELECT 'VN_MOLISA:DF_CHITIEU_OBS(1.0)' AS DATAFLOW, o.data_element AS INDICATOR, o.area AS REF_AREA,
	` + sdmxTime + ` AS TIME_PERIOD, upper(o.kind) AS MEASURE,
	CASE o.breakdown WHEN 'sex=female' THEN 'F' WHEN 'sex=male' THEN 'M' ELSE '_T' END AS SEX, o.value AS OBS_VALUE,
	CASE o.status WHEN 'provisional' THEN 'P' WHEN 'estimated' THEN 'E' ELSE 'A' END AS OBS_STATUS,
	` + sdmxUnit + ` AS UNIT_MEASURE, 0 AS UNIT_MULT
	FROM observations o JOIN periods p ON p.code = o.period JOIN data_elements d ON d.code = o.data_element
	ORDER BY INDICATOR, REF_AREA, p.start_date, p.period_type, MEASURE, SEX`

const sdmxIndicators = `SELECT 'VN_MOLISA:DF_CHITIEU_IND(1.0)' AS DATAFLOW, v.indicator AS INDICATOR, v.area AS REF_AREA,
	` + sdmxTime + ` AS TIME_PERIOD, m.measure AS MEASURE,
	CASE m.measure WHEN 'VALUE' THEN v.value WHEN 'PLAN' THEN v.plan WHEN 'PCT_OF_PLAN' THEN v.pct_of_plan
	     ELSE v.previous_year END AS OBS_VALUE,
	CASE WHEN v.status = 'provisional' THEN 'P' ELSE 'A' END AS OBS_STATUS,
	CASE WHEN m.measure = 'PCT_OF_PLAN' THEN 'PT' ELSE ` + sdmxUnit + ` END AS UNIT_MEASURE, 0 AS UNIT_MULT,
	v.provinces_reporting AS COVERAGE, v.provinces_expected AS COVERAGE_EXPECTED
	FROM indicator_values v JOIN periods p ON p.code = v.period
	JOIN indicator_definitions d ON d.code = v.indicator,
	(VALUES ('VALUE'), ('PLAN'), ('PCT_OF_PLAN'), ('PREVIOUS_YEAR')) m(measure)
	WHERE CASE m.measure WHEN 'VALUE' THEN v.value WHEN 'PLAN' THEN v.plan WHEN 'PCT_OF_PLAN' THEN v.pct_of_plan
	           ELSE v.previous_year END IS NOT NULL
	ORDER BY INDICATOR, REF_AREA, p.start_date, p.period_type, MEASURE`

// Export writes the current observations and indicator values into dir in
// a format and returns the paths written (files, or directories of
// partitions). Parquet goes to dir/observations, dir/indicator_values and
// dir/indicator_values_current (history on today's 34 provinces), each
// partitioned Hive style by year and area (year=2024/area=40/…);
// csv to observations.csv and indicator_values.csv; sdmx to
// observations.sdmx.csv and indicator_values.sdmx.csv. Each output is
// written beside its place and renamed into it, replacing an earlier
// export.
func (w *Warehouse) Export(ctx context.Context, format, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	type job struct{ name, query, options string }
	var jobs []job
	switch format {
	case Parquet:
		opts := "FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year, area)"
		jobs = []job{
			{"observations", exportObservations, opts},
			{"indicator_values", exportIndicators, opts},
			{"indicator_values_current", strings.Replace(exportIndicators, "indicator_values", "indicator_values_current", 1), opts},
		}
	case CSV:
		jobs = []job{
			{"observations.csv", strings.Replace(exportObservations, ", p.year", "", 1) + " ORDER BY o.data_element, o.breakdown, o.area, p.start_date, p.period_type, o.kind", "FORMAT csv, HEADER"},
			{"indicator_values.csv", "SELECT * FROM indicator_values ORDER BY indicator, area, period", "FORMAT csv, HEADER"},
		}
	case SDMX:
		jobs = []job{
			{"observations.sdmx.csv", sdmxObservations, "FORMAT csv, HEADER"},
			{"indicator_values.sdmx.csv", sdmxIndicators, "FORMAT csv, HEADER"},
		}
	default:
		return nil, fmt.Errorf("export format %q, want one of %s", format, strings.Join(ExportFormats, ", "))
	}
	var paths []string
	for _, j := range jobs {
		target := filepath.Join(dir, j.name)
		tmp, err := os.MkdirTemp(dir, "."+j.name+".")
		if err != nil {
			return paths, err
		}
		out := filepath.Join(tmp, j.name)
		_, err = w.db.ExecContext(ctx, fmt.Sprintf("COPY (%s) TO %s (%s)", j.query, quote(out), j.options))
		if err == nil {
			err = replace(out, target)
		}
		os.RemoveAll(tmp)
		if err != nil {
			return paths, fmt.Errorf("export %s: %w", j.name, err)
		}
		paths = append(paths, target)
	}
	return paths, nil
}

// replace moves src into dst's place: a file by one rename, a directory by
// moving the old one aside first.
func replace(src, dst string) error {
	if fi, err := os.Stat(dst); err == nil && fi.IsDir() {
		old := dst + ".old"
		os.RemoveAll(old)
		if err := os.Rename(dst, old); err != nil {
			return err
		}
		defer os.RemoveAll(old)
	}
	return os.Rename(src, dst)
}
