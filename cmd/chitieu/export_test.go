package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The Parquet export read back by DuckDB, Hive partitions and all, holds
// every observation and indicator value of the warehouse.
func TestExportParquet(t *testing.T) {
	c := reportCLI(t)
	dir := t.TempDir()
	out, errs, code := c.run("export", "--out", dir)
	if code != 0 {
		t.Fatalf("export exit %d\n%s%s", code, out, errs)
	}
	if want := filepath.Join(dir, "observations") + "\n" + filepath.Join(dir, "indicator_values") + "\n" +
		filepath.Join(dir, "indicator_values_current") + "\n"; out != want {
		t.Errorf("export printed %q, want %q", out, want)
	}
	for _, p := range []string{"observations/year=2024/area=40", "observations/year=2023/area=01", "indicator_values/year=2024/area=VN", "indicator_values/year=2024/area=R3"} {
		if fi, err := os.Stat(filepath.Join(dir, p)); err != nil || !fi.IsDir() {
			t.Errorf("partition %s: %v", p, err)
		}
	}
	q := func(sql string) string {
		t.Helper()
		out, errs, code := c.run("query", "--format", "csv", sql)
		if code != 0 {
			t.Fatalf("query exit %d: %s", code, errs)
		}
		return out
	}
	obs := "read_parquet('" + dir + "/observations/**/*.parquet', hive_partitioning = true, hive_types = {'area': VARCHAR, 'year': INTEGER})"
	// 3 provinces × 18 months of jobs, 3 × 4 poverty figures, 6 plans
	want := "kind,n\nactual,66\nplan,6\n"
	got := q("SELECT kind, count(*) AS n FROM " + obs + " GROUP BY kind ORDER BY kind")
	if got != want {
		t.Errorf("observations read back:\n%s\nwant\n%s", got, want)
	}
	same := q(`SELECT (SELECT sum(value) FROM ` + obs + `) = (SELECT sum(value) FROM observations) AS equal,
		(SELECT sum(value) FROM ` + obs + ` WHERE year = 2024 AND area = '40' AND data_element = 'jobs_created' AND kind = 'actual') AS nghe_an`)
	if want := "equal,nghe_an\ntrue,37000\n"; same != want {
		t.Errorf("totals:\n%s\nwant\n%s", same, want)
	}
	iv := "read_parquet('" + dir + "/indicator_values/**/*.parquet', hive_partitioning = true, hive_types = {'area': VARCHAR, 'year': INTEGER})"
	got = q("SELECT value, plan, pct_of_plan, provinces_reporting FROM " + iv + " WHERE indicator = 'jobs_created' AND area = 'VN' AND period = '2024-YTD09'")
	if want := "value,plan,pct_of_plan,provinces_reporting\n172000,227000,75.77,3\n"; got != want {
		t.Errorf("national jobs read back:\n%s\nwant\n%s", got, want)
	}
	got = q("SELECT (SELECT count(*) FROM " + iv + ") = (SELECT count(*) FROM indicator_values) AS equal")
	if got != "equal\ntrue\n" {
		t.Errorf("indicator_values rows differ:\n%s", got)
	}
	// exporting again replaces the earlier export
	if _, errs, code := c.run("export", "--out", dir); code != 0 {
		t.Fatal(errs)
	}
	if got := q("SELECT count(*) AS n FROM " + obs); got != "n\n72\n" {
		t.Errorf("after a second export: %s", got)
	}
}

func TestExportCSVAndSDMX(t *testing.T) {
	c := reportCLI(t)
	dir := t.TempDir()
	for _, f := range []string{"csv", "sdmx"} {
		if out, errs, code := c.run("export", "--format", f, "--out", dir); code != 0 {
			t.Fatalf("export %s exit %d\n%s%s", f, code, out, errs)
		}
	}
	read := func(name string) [][]string {
		t.Helper()
		fh, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		recs, err := csv.NewReader(fh).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return recs
	}
	obs := read("observations.csv")
	if got := strings.Join(obs[0], ","); got != "data_element,breakdown,area,period,value,kind,status" {
		t.Errorf("observations.csv header %q", got)
	}
	if len(obs) != 73 {
		t.Errorf("observations.csv has %d rows, want 72 and a header", len(obs)-1)
	}
	sum := 0.0
	for _, r := range obs[1:] {
		if r[0] == "jobs_created" && r[1] == "total" && r[5] == "actual" && strings.HasPrefix(r[3], "2024") {
			v, _ := strconv.ParseFloat(r[4], 64)
			sum += v
		}
	}
	if sum != 172000 {
		t.Errorf("jobs created in 2024 sum to %v in observations.csv, want 172000", sum)
	}

	sdmx := read("observations.sdmx.csv")
	if got := strings.Join(sdmx[0], ","); got != "DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,MEASURE,SEX,OBS_VALUE,OBS_STATUS,UNIT_MEASURE,UNIT_MULT" {
		t.Errorf("SDMX header %q", got)
	}
	found := false
	for _, r := range sdmx[1:] {
		if r[1] == "jobs_created" && r[2] == "38" && r[3] == "2024-09" {
			found = true
			if r[5] != "_T" || r[7] != "P" || r[8] != "PS" || r[9] != "0" || r[0] != "VN_MOLISA:DF_CHITIEU_OBS(1.0)" {
				t.Errorf("Thanh Hóa's provisional September: %q", r)
			}
		}
	}
	if !found {
		t.Errorf("no SDMX row for jobs_created, 38, 2024-09")
	}
	var ytd []string
	for _, r := range read("indicator_values.sdmx.csv")[1:] {
		if r[1] == "jobs_created" && r[2] == "VN" && r[3] == "2024-01-01/P9M" {
			ytd = append(ytd, r[4]+"="+r[5])
		}
	}
	if got := strings.Join(ytd, " "); got != "PCT_OF_PLAN=75.77 PLAN=227000.0 PREVIOUS_YEAR=159300.0 VALUE=172000.0" {
		t.Errorf("national jobs January–September 2024 in SDMX: %s", got)
	}
	if _, _, code := c.run("export", "--format", "xml", "--out", dir); code != exitUsage {
		t.Errorf("--format xml: exit %d, want %d", code, exitUsage)
	}
}
