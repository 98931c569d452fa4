// Package report builds the quarterly report leadership reads ("báo cáo
// quý"): for a quarter, the year-to-date figures of every key indicator
// against the annual plan and against the same months of the previous year,
// nationally, by region and by province, with who reported on time, who was
// late and who is missing, and the data version the figures were drawn from.
//
// One query layer (Build) reads the warehouse into a Report; two renderers
// write that one model: an Excel workbook with native charts (WriteXLSX) and
// a self-contained HTML page with inline SVG charts (WriteHTML). Write does
// all three steps and also keeps the model as JSON beside the files, so that
// a report's numbers can be compared and reproduced.
//
// The package talks to the warehouse through database/sql only; the caller
// opens the database.
package report
