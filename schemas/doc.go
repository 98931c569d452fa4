// Package schemas holds chitieu's reference data and contracts: the area
// codelist (nation, regions, provinces with validity dates), period codes, the
// data elements provinces report, report templates, and the Arrow schemas that
// readers, the transform and the warehouse exchange.
//
// Everything declarative lives here as embedded CSV or YAML, validated when it
// is loaded; unknown YAML fields are rejected. The package imports nothing
// else of chitieu's.
package schemas
