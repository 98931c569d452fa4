package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
)

// Limits on a workbook's zip archive, checked from its directory before
// excelize inflates anything. A monthly report is a few hundred kilobytes
// unzipped; a zip bomb declares gigabytes.
const (
	MaxUnzippedBytes = 64 << 20 // all parts together, uncompressed
	MaxParts         = 2000     // files in the archive
	maxRatio         = 200      // uncompressed ÷ compressed size of one large part
)

// ErrArchiveTooLarge is returned for a workbook whose parts would inflate
// beyond the limits: a zip bomb, or far more than any report.
var ErrArchiveTooLarge = errors.New("workbook too large when unzipped")

// CheckArchive reads the zip directory of the workbook at path and refuses
// it if its parts would inflate beyond the limits. archive/zip also stops
// reading a part at the size its header declares, so a part cannot lie its
// way past this check.
func CheckArchive(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	if len(zr.File) > MaxParts {
		return fmt.Errorf("%w: %d parts, at most %d allowed", ErrArchiveTooLarge, len(zr.File), MaxParts)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > MaxUnzippedBytes || total > MaxUnzippedBytes {
			return fmt.Errorf("%w: part %s inflates to %d bytes, at most %d allowed in all", ErrArchiveTooLarge,
				f.Name, f.UncompressedSize64, MaxUnzippedBytes)
		}
		if f.UncompressedSize64 > 1<<20 && f.UncompressedSize64/max(f.CompressedSize64, 1) > maxRatio {
			return fmt.Errorf("%w: part %s inflates %d times (%d bytes)", ErrArchiveTooLarge, f.Name,
				f.UncompressedSize64/max(f.CompressedSize64, 1), f.UncompressedSize64)
		}
	}
	return nil
}
