package main

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"chitieu/schemas"
)

// seed fixes every random draw; change it and every generated figure changes.
const seed = 0x63686974696575 // "chitieu"

// years are the reporting years of the samples; index 0 is 2023.
var years = [2]int{2023, 2024}

// Flows in the order of the provincial report form.
const (
	jobsCreated = iota
	jobsAbroad
	vetEnrolment
	vetGraduates
	nFlows
)

var flowCodes = [nFlows]string{"jobs_created", "jobs_abroad", "vet_enrolment", "vet_graduates"}

// National annual totals the flows are apportioned to (persons). They are
// plausible orders of magnitude for the sector, not published figures.
var (
	jobsTotal   = [2]int{1_620_000, 1_665_000}
	abroadTotal = [2]int{155_000, 159_000}
	vetTotal    = [2]int{2_280_000, 2_360_000}
)

// Nghệ An reproduces the worked example (seed 004: the director of Nghệ An's
// Sở LĐTBXH on the 2024 results). The seed gives 2024 values and percentages;
// the 2023 values and 2024 plans below are the ones those percentages imply.
const (
	ngheAn    = "40"
	binhDuong = "74" // misses its December 2024 flows (coverage)
)

var (
	ngheAnJobs       = [2]int{46_256, 48_500} // 104.85 % of 2023
	ngheAnAbroad     = [2]int{22_857, 20_000} // 87.5 % of 2023
	ngheAnVet        = [2]int{64_800, 65_000} // "65,000 ... 100 % over the same period"
	ngheAnPoor       = [2]float64{5.19, 4.12} // 4.12 % at year end, down 1.07 points
	ngheAnTrained    = 70.1
	ngheAnSI         = 25.7  // expected for the year
	ngheAnSISoFar    = 25.55 // reached when the interview was given
	ngheAnJobsPlan   = 47_000
	ngheAnAbroadPlan = 16_500
	ngheAnVetPlan    = 65_000
	ngheAnRatePlans  = ratePlans{TrainedShare: 70, SICoverage: 25.7, PoorRate: 4.19, UrbanUnempRate: 4}
)

// noUrbanUnemployment2024 are the provinces whose 2024 annual report lacks
// the urban unemployment figure (coverage).
var noUrbanUnemployment2024 = map[string]bool{"12": true, "67": true}

// province is one province with the real GSO figures it is scaled by.
type province struct {
	schemas.Area
	LF2021      float64 // labour force aged 15+, thousand persons, GSO 2021 (prelim.)
	Trained2016 float64 // percent of employed workers with a degree or certificate, GSO 2016
	Poor2023    float64 // multidimensional poor-household rate, percent, GSO 2023 (prelim.)

	// ReportsParts: the province reports the numerators of its rates
	// (trained_workers …); otherwise it reports the rates (trained_share …).
	// Both report the denominators.
	ReportsParts bool
	Y            [2]*yearData // 2023, 2024
}

// yearData is what a province reports for one year. Counts are persons
// (households for Households and PoorHouseholds); rates are percent as
// reported (1–2 decimals). A province reports either a rate or its
// numerator, but both are kept here so that national totals can be checked.
type yearData struct {
	LabourForce, Households, UrbanLabourForce          int
	TrainedShare, SICoverage, PoorRate, UrbanUnempRate float64
	TrainedWorkers, SIParticipants, PoorHouseholds     int
	UrbanUnemployed                                    int
	NoUrbanUnemployment                                bool
	Months                                             [nFlows][12]int // persons per month
	FlowPlans                                          [nFlows]int     // persons per year
	Plans                                              ratePlans
}

// ratePlans are a year's targets for the rates, percent.
type ratePlans struct {
	TrainedShare, SICoverage, PoorRate, UrbanUnempRate float64
}

// Annual is a flow's total over the year.
func (y *yearData) Annual(flow int) int {
	n := 0
	for _, v := range y.Months[flow] {
		n += v
	}
	return n
}

// YTD is a flow's "lũy kế" (year-to-date cumulative) through month m (1–12).
func (y *yearData) YTD(flow, m int) int {
	n := 0
	for _, v := range y.Months[flow][:m] {
		n += v
	}
	return n
}

// rng returns a generator of its own for one purpose and province, so that
// each figure depends only on the seed and its key, not on the order in
// which figures are drawn.
func rng(key ...string) *rand.Rand {
	h := fnv.New64a()
	for _, k := range key {
		h.Write([]byte(k))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// uniform draws from [lo, hi). Here and below, float64(x*y) around a product
// that is then added keeps the compiler from fusing the two into one
// multiply-add, which rounds differently and would make the samples depend on
// the machine (arm64, or amd64 built with GOAMD64=v3).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + float64((hi-lo)*r.Float64()) }

func round1(x float64) float64 { return math.Round(x*10) / 10 }
func round2(x float64) float64 { return math.Round(x*100) / 100 }

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// share is the count that a rate (percent) of a base amounts to.
func share(base int, pct float64) int { return int(math.Round(float64(base) * pct / 100)) }

// apportion splits total into integer parts proportional to weights that sum
// exactly to total (largest remainder; ties go to the earlier part).
func apportion(total int, weights []float64) []int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	parts := make([]int, len(weights))
	rem := make([]float64, len(weights))
	given := 0
	for i, w := range weights {
		x := float64(float64(total) * w / sum)
		parts[i] = int(math.Floor(x))
		rem[i] = x - float64(parts[i])
		given += parts[i]
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
	for k := 0; given < total; k++ {
		parts[order[k%len(order)]]++
		given++
	}
	return parts
}

// build generates every province's figures.
func build() ([]*province, error) {
	areas, err := schemas.LoadAreas()
	if err != nil {
		return nil, err
	}
	lf, err := loadGSO("gso_labour_force_by_province_2021.csv", 2021)
	if err != nil {
		return nil, err
	}
	trained, err := loadGSO("gso_trained_workers_pct_by_province_2016.csv", 2016)
	if err != nil {
		return nil, err
	}
	poor, err := loadGSO("gso_multidim_poor_households_pct_by_province_2023.csv", 2023)
	if err != nil {
		return nil, err
	}
	var ps []*province
	for _, a := range areas.Provinces(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)) {
		p := &province{Area: a, LF2021: lf.ByCode[a.Code], Trained2016: trained.ByCode[a.Code], Poor2023: poor.ByCode[a.Code]}
		for _, g := range []*gsoFigures{lf, trained, poor} {
			if _, ok := g.ByCode[a.Code]; !ok {
				return nil, fmt.Errorf("GSO %s %d has no value for province %s (%s)", g.Indicator, g.Year, a.Code, a.NameVI)
			}
		}
		p.Y[0], p.Y[1] = &yearData{}, &yearData{}
		ps = append(ps, p)
	}
	if len(ps) != 63 {
		return nil, fmt.Errorf("area codelist has %d provinces in 2024, want 63", len(ps))
	}
	chooseReporters(ps)
	trainedRank := rankBy(ps, func(p *province) float64 { return p.Trained2016 })
	for i, p := range ps {
		stocksAndRates(p, float64(trainedRank[i])/float64(len(ps)-1))
	}
	flows(ps)
	for _, p := range ps {
		plans(p)
	}
	return ps, nil
}

// chooseReporters picks about half the provinces to report the parts of
// their rates. Nghệ An reports rates: the worked example quotes them.
func chooseReporters(ps []*province) {
	r := rng("reports-parts")
	n := 0
	for _, i := range r.Perm(len(ps)) {
		if ps[i].Code == ngheAn || n == len(ps)/2 {
			continue
		}
		ps[i].ReportsParts = true
		n++
	}
}

// rankBy returns each province's rank (0 = lowest) by key, ties by code order.
func rankBy(ps []*province, key func(*province) float64) []int {
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return key(ps[order[a]]) < key(ps[order[b]]) })
	rank := make([]int, len(ps))
	for r, i := range order {
		rank[i] = r
	}
	return rank
}

// siBase is the social-insurance coverage of the labour force (percent, 2024)
// around which a province is drawn: high where industrial parks employ many
// insured workers, low in farming and mountain provinces.
var siBase = map[string]float64{
	"74": 77, "75": 62, "79": 56, "77": 47, "72": 44, "70": 37, // South East
	"27": 58, "01": 47, "31": 46, "26": 44, "22": 42, "33": 40, "30": 40, "35": 40, // Red River Delta
	"19": 38, "24": 38, // Thái Nguyên, Bắc Giang
	"48": 47, "56": 34, "80": 42, "92": 33,
}
var siRegion = map[string]float64{"R1": 31, "R2": 24, "R3": 27, "R4": 24, "R5": 38, "R6": 24}

// urbanBase is the urban share of the labour force (percent) of the cities
// and urbanised provinces; others are drawn around their region's share.
var urbanBase = map[string]float64{
	"48": 88, "74": 84, "79": 80, "92": 70, "22": 66, "77": 53, "01": 50, "46": 50,
	"56": 50, "31": 47, "75": 45, "27": 40, "68": 40, "19": 37, "26": 31,
}
var urbanRegion = map[string]float64{"R1": 21, "R2": 20, "R3": 24, "R4": 28, "R5": 33, "R6": 24}

// stocksAndRates draws a province's annual stocks and rates for both years.
// trainedPos is its position (0 lowest … 1 highest) by GSO's 2016 trained
// share, which shapes the sector's much higher "qua đào tạo" share.
func stocksAndRates(p *province, trainedPos float64) {
	y23, y24 := p.Y[0], p.Y[1]
	r := rng("stocks", p.Code)

	g := uniform(r, 0.008, 0.011) // labour-force growth per year
	y23.LabourForce = int(math.Round(p.LF2021 * 1000 * (1 + g) * (1 + g)))
	y24.LabourForce = int(math.Round(p.LF2021 * 1000 * (1 + g) * (1 + g) * (1 + g)))

	y23.Households = int(math.Round(float64(y23.LabourForce) / uniform(r, 1.82, 1.98)))
	y24.Households = int(math.Round(float64(y23.Households) * uniform(r, 1.008, 1.016)))

	// Trained-worker share, 55–80 %.
	t := round1(clamp(57+float64(21.5*trainedPos)+uniform(r, -1.2, 1.2), 55.8, 79.6))
	if p.Code == ngheAn {
		t = ngheAnTrained
	}
	y24.TrainedShare, y23.TrainedShare = t, round1(math.Max(55, t-uniform(r, 0.4, 1.4)))

	// Social-insurance coverage of the labour force, 20–80 %.
	base, ok := siBase[p.Code]
	if !ok {
		base = siRegion[p.Parent]
	}
	si := round2(clamp(base+uniform(r, -3, 3), 20.5, 79.5))
	if p.Code == ngheAn {
		si = ngheAnSI
	}
	y24.SICoverage, y23.SICoverage = si, round2(math.Max(20, si-uniform(r, 0.6, 1.8)))

	// Poor-household rate: GSO 2023, then a fall that is larger where poverty
	// is high (the mountain provinces cut several points a year) and a share
	// of the rate where it is already low.
	p23 := p.Poor2023
	var fall float64
	switch {
	case p23 >= 10:
		fall = uniform(r, 2.0, 4.0)
	case p23 >= 3:
		fall = uniform(r, 0.3, 1.2)
	default:
		fall = float64(p23 * uniform(r, 0.12, 0.35))
	}
	y23.PoorRate, y24.PoorRate = p23, round2(p23-fall)
	if p.Code == ngheAn {
		// The province's own figures; GSO's preliminary 2023 rate is 4.72.
		y23.PoorRate, y24.PoorRate = ngheAnPoor[0], ngheAnPoor[1]
	}

	// Urban labour force, 20–90 % of the labour force.
	u, ok := urbanBase[p.Code]
	if !ok {
		u = urbanRegion[p.Parent] + uniform(r, 0, 9)
	}
	u = clamp(u+uniform(r, -1.5, 1.5), 20, 90)
	y24.UrbanLabourForce = share(y24.LabourForce, u)
	y23.UrbanLabourForce = share(y23.LabourForce, u-uniform(r, 0.2, 0.8))

	// Urban unemployment rate, 1.5–4.5 %.
	ur := clamp(uniform(r, 1.9, 3.6), 1.5, 4.5)
	y24.UrbanUnempRate, y23.UrbanUnempRate = round2(ur), round2(clamp(ur+uniform(r, -0.15, 0.4), 1.5, 4.5))

	y24.NoUrbanUnemployment = noUrbanUnemployment2024[p.Code]

	for _, y := range p.Y {
		y.TrainedWorkers = share(y.LabourForce, y.TrainedShare)
		y.SIParticipants = share(y.LabourForce, y.SICoverage)
		y.PoorHouseholds = share(y.Households, y.PoorRate)
		y.UrbanUnemployed = share(y.UrbanLabourForce, y.UrbanUnempRate)
	}
}

// abroadFactor is how much more than the average a province sends workers
// abroad under contract, per person of its labour force: North Central
// provinces and the northern midlands send most, the South least.
var abroadFactor = map[string]float64{
	"42": 7, "38": 2.6, "44": 2.2, "45": 1.8, // Hà Tĩnh, Thanh Hóa, Quảng Bình, Quảng Trị
	"24": 3, "25": 2.4, "30": 2, "34": 1.8, "36": 1.8, "33": 1.8, "01": 0.9,
}
var abroadRegion = map[string]float64{"R1": 1.5, "R2": 1, "R3": 0.7, "R4": 0.5, "R5": 0.25, "R6": 0.35}

// Seasonal shapes of the monthly flows, per mille of the year: Tết (late
// January or February) is low; job placement peaks in spring and autumn,
// enrolment with the school year in August–October, graduation in June–July
// and December; departures abroad rise towards the year's end.
var seasonal = [nFlows][12]float64{
	jobsCreated:  {55, 50, 90, 95, 90, 85, 80, 85, 95, 95, 90, 90}, // domestic jobs
	jobsAbroad:   {60, 45, 95, 90, 85, 85, 80, 85, 90, 90, 95, 100},
	vetEnrolment: {40, 35, 70, 75, 70, 80, 95, 130, 140, 120, 85, 60},
	vetGraduates: {50, 40, 60, 70, 85, 120, 110, 75, 70, 80, 95, 145},
}

// flows apportions the national totals of each year to provinces and then to
// months. Jobs created are domestic jobs plus workers sent abroad, so a
// month's "of which abroad" never exceeds its total.
func flows(ps []*province) {
	for yi, year := range years {
		ys := fmt.Sprint(year)
		naIdx := -1
		wAbroad := make([]float64, len(ps))
		wDomestic := make([]float64, len(ps))
		wVet := make([]float64, len(ps))
		for i, p := range ps {
			if p.Code == ngheAn {
				naIdx = i
				continue
			}
			lf := float64(p.Y[yi].LabourForce)
			f, ok := abroadFactor[p.Code]
			if !ok {
				f = abroadRegion[p.Parent]
			}
			r := rng("flow-weights", p.Code) // the same draws both years: a province's profile persists
			ry := rng("flow-weights", p.Code, ys)
			wAbroad[i] = float64(lf * f * uniform(r, 0.75, 1.25) * uniform(ry, 0.92, 1.08))
			dom := uniform(r, 0.8, 1.25)
			if p.Parent == "R5" {
				dom *= 1.15 // industrial employers hire more
			}
			wDomestic[i] = float64(lf * dom * uniform(ry, 0.95, 1.05))
			vet := uniform(r, 0.8, 1.25)
			switch p.Code {
			case "01", "79", "48", "92": // vocational colleges concentrate in the cities
				vet *= 1.25
			}
			wVet[i] = float64(lf * vet * uniform(ry, 0.96, 1.04))
		}
		abroad := apportion(abroadTotal[yi]-ngheAnAbroad[yi], wAbroad)
		domestic := apportion(jobsTotal[yi]-abroadTotal[yi]-(ngheAnJobs[yi]-ngheAnAbroad[yi]), wDomestic)
		vet := apportion(vetTotal[yi]-ngheAnVet[yi], wVet)
		abroad[naIdx], domestic[naIdx], vet[naIdx] = ngheAnAbroad[yi], ngheAnJobs[yi]-ngheAnAbroad[yi], ngheAnVet[yi]

		for i, p := range ps {
			y := p.Y[yi]
			// A province graduates a steady share of its enrolment, varying a
			// little from year to year.
			ratio := uniform(rng("graduates", p.Code), 0.87, 0.94) + uniform(rng("graduates", p.Code, ys), -0.012, 0.012)
			graduates := int(math.Round(float64(vet[i]) * ratio))
			dm := months(domestic[i], jobsCreated, p.Code, ys)
			am := months(abroad[i], jobsAbroad, p.Code, ys)
			for m := range 12 {
				y.Months[jobsCreated][m] = dm[m] + am[m]
			}
			copy(y.Months[jobsAbroad][:], am)
			copy(y.Months[vetEnrolment][:], months(vet[i], vetEnrolment, p.Code, ys))
			copy(y.Months[vetGraduates][:], months(graduates, vetGraduates, p.Code, ys))
		}
	}
}

// months splits an annual flow into 12 months that sum to it exactly, along
// the flow's seasonal shape with the province's own noise.
func months(total, flow int, code, year string) []int {
	r := rng("months", flowCodes[flow], code, year)
	w := make([]float64, 12)
	for m := range w {
		w[m] = float64(seasonal[flow][m] * uniform(r, 0.85, 1.15))
	}
	return apportion(total, w)
}

// roundPlan rounds a planned count the way plans are set: to hundreds, or to
// fifties and tens for small numbers.
func roundPlan(x float64) int {
	step := 10.0
	switch {
	case x >= 5000:
		step = 100
	case x >= 1000:
		step = 50
	}
	return int(math.Max(step, math.Round(x/step)*step))
}

// plans sets each year's targets: counts within a few percent of what was
// achieved, rates a little above or below.
func plans(p *province) {
	for yi, year := range years {
		y := p.Y[yi]
		r := rng("plans", p.Code, fmt.Sprint(year))
		for f := range nFlows {
			y.FlowPlans[f] = roundPlan(float64(y.Annual(f)) * uniform(r, 0.95, 1.05))
		}
		y.Plans.TrainedShare = round1(y.TrainedShare + uniform(r, -0.8, 0.6))
		y.Plans.SICoverage = round1(y.SICoverage + uniform(r, -1.2, 1.0))
		// Lower is better. A province plans a fall from the previous year;
		// 2023's previous rate is not in the samples, so its plan is drawn
		// around the result. TP. Hồ Chí Minh, at 0, plans 0.
		if yi == 0 {
			y.Plans.PoorRate = round2(p.Y[0].PoorRate * uniform(r, 0.93, 1.08))
		} else {
			fall := p.Y[0].PoorRate - p.Y[1].PoorRate
			y.Plans.PoorRate = round2(math.Max(0, p.Y[0].PoorRate-float64(fall*uniform(r, 0.8, 1.2))))
		}
		y.Plans.UrbanUnempRate = 4
		if r.Float64() < 0.2 {
			y.Plans.UrbanUnempRate = 3.5
		}
	}
	if p.Code == ngheAn {
		y := p.Y[1]
		y.FlowPlans[jobsCreated], y.FlowPlans[jobsAbroad], y.FlowPlans[vetEnrolment] = ngheAnJobsPlan, ngheAnAbroadPlan, ngheAnVetPlan
		y.Plans = ngheAnRatePlans
	}
}
