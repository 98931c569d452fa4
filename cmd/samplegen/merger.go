package main

import (
	"fmt"
	"math"
	"strconv"

	"chitieu/schemas"
)

// The 2025 samples, the year of the reorganisation: the 63 provinces report
// their flows for January–June, the 34 provinces that replaced them on
// 1 July 2025 report July–September (each the sum of its old provinces),
// and the 2025 plans were set for the 63 before the merger. chitieu must
// compare the new provinces with their old ones of 2024 and combine the old
// plans into the new provinces' targets.

// growth2025 is a flow's 2025 month against the same month of 2024, drawn
// per province and flow.
func growth2025(p *province, f int) float64 {
	return uniform(rng("growth 2025", p.Code, flowCodes[f]), 0.99, 1.06)
}

// month2025 is an old province's flow in month m (1–12) of 2025, had it
// kept its borders.
func month2025(p *province, f, m int) int {
	return int(math.Round(float64(p.Y[1].Months[f][m-1]) * growth2025(p, f)))
}

// flowsFirstHalf2025 are the old provinces' January–June 2025 flows, by code.
func flowsFirstHalf2025(ps []*province) []row {
	var rows []row
	for _, p := range ps {
		for m := 1; m <= 6; m++ {
			for f := range nFlows {
				rows = append(rows, row{Element: flowCodes[f], Area: p.Code, Period: fmt.Sprintf("2025-%02d", m),
					Value: strconv.Itoa(month2025(p, f, m)), Kind: "actual", Status: "final"})
			}
		}
	}
	return rows
}

// flowsThirdQuarter2025 are the new provinces' July–September 2025 flows,
// by the new province's name; September is provisional.
func flowsThirdQuarter2025(ps []*province, areas *schemas.Areas) []row {
	var rows []row
	for _, n := range areas.Provinces(schemas.MonthPeriod(2025, 7).End()) {
		for m := 7; m <= 9; m++ {
			status := "final"
			if m == 9 {
				status = "provisional"
			}
			for f := range nFlows {
				total := 0
				for _, p := range ps {
					if p.Successor == n.Code {
						total += month2025(p, f, m)
					}
				}
				rows = append(rows, row{Element: flowCodes[f], Area: n.FullNameVI, Period: fmt.Sprintf("2025-%02d", m),
					Value: strconv.Itoa(total), Kind: "actual", Status: status})
			}
		}
	}
	return rows
}

// plans2025 are the old provinces' 2025 flow plans, set before the merger:
// the year at 2025's pace, give or take 3%.
func plans2025(ps []*province) []row {
	var rows []row
	for _, p := range ps {
		r := rng("plans 2025", p.Code)
		for f := range nFlows {
			year := 0
			for m := 1; m <= 12; m++ {
				year += month2025(p, f, m)
			}
			rows = append(rows, row{Element: flowCodes[f], Area: p.Code, Period: "2025",
				Value: strconv.Itoa(roundPlan(float64(year) * uniform(r, 0.97, 1.03))), Kind: "plan", Status: "final"})
		}
	}
	return rows
}
