package service

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"chitieu/ingest/xlsx"
	"chitieu/schemas"
	"chitieu/warehouse"
)

// SubmissionAnswer is the answer to an upload (the JSON body of 200, 201 and 422).
type SubmissionAnswer struct {
	Outcome    string           `json:"outcome"` // loaded, unchanged, rejected
	ID         int64            `json:"submission_id,omitempty"`
	File       string           `json:"file"`
	Province   string           `json:"province,omitempty"`
	Period     string           `json:"period,omitempty"`
	Values     int64            `json:"values"`
	Replaced   int64            `json:"replaced_values,omitempty"`
	Revised    int64            `json:"revised_values,omitempty"`
	PreviousID int64            `json:"previous_submission_id,omitempty"`
	Problems   schemas.Problems `json:"problems,omitempty"`
}

// submit takes one file from a province token: multipart field "file", or
// the raw body with ?filename=.
func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	tok, _ := TokenOf(r)
	if r.ContentLength > s.lim.MaxUpload {
		fail(w, http.StatusRequestEntityTooLarge, "the file is %d bytes; at most %d are accepted", r.ContentLength, s.lim.MaxUpload)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.lim.MaxUpload+1<<20) // room for multipart framing
	src, name, err := uploadedFile(r)
	if err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	clean, err := SanitizeFileName(name)
	if err != nil {
		fail(w, http.StatusBadRequest, "file name %q: %v", name, err)
		return
	}
	tmp, err := os.CreateTemp(s.spool, "upload-*"+strings.ToLower(filepath.Ext(clean)))
	if err != nil {
		s.log.Error("spool upload", "err", err)
		fail(w, http.StatusInternalServerError, "cannot store the upload")
		return
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(src, s.lim.MaxUpload+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || n > s.lim.MaxUpload:
		fail(w, http.StatusRequestEntityTooLarge, "the file is larger than %d bytes, the most accepted; nothing stored", s.lim.MaxUpload)
		return
	case err != nil:
		fail(w, http.StatusBadRequest, "reading the upload: %v", err)
		return
	case n == 0:
		fail(w, http.StatusBadRequest, "the file %s is empty", clean)
		return
	}
	if ext := strings.ToLower(filepath.Ext(clean)); ext == ".xlsx" || ext == ".xlsm" {
		if err := xlsx.CheckArchive(tmp.Name()); errors.Is(err, xlsx.ErrArchiveTooLarge) {
			fail(w, http.StatusUnprocessableEntity, "%s: %v; nothing stored", clean, err)
			return
		}
	}

	// A province token delivers its own province's figures only; a staff
	// token any area's, the nation's plan included (OnlyArea empty).
	who := "province " + tok.Area
	if tok.Role == warehouse.RoleStaff {
		who = "staff"
	}
	by := fmt.Sprintf("token %d (%s)", tok.ID, who)
	if tok.Note != "" {
		by = fmt.Sprintf("token %d (%s, %s)", tok.ID, who, tok.Note)
	}
	sub := warehouse.Submission{FileName: clean, ReceivedAt: s.now(), OnlyArea: tok.Area, DeliveredBy: by}
	res, err := s.Load(r.Context(), tmp.Name(), sub)
	ans := SubmissionAnswer{Outcome: res.Outcome, ID: res.ID, File: clean, Province: res.Province, Period: res.Period,
		Values: res.Rows, Replaced: res.Replaced, Revised: res.Revised, Problems: res.Problems}
	switch {
	case errors.Is(err, warehouse.ErrOtherProvince):
		fail(w, http.StatusForbidden, "%v; nothing stored", err)
	case errors.Is(err, warehouse.ErrDuplicateSubmission):
		ans.Outcome, ans.ID, ans.PreviousID = "unchanged", 0, res.PreviousID
		writeJSON(w, http.StatusOK, ans)
	case errors.Is(err, schemas.ErrRejected):
		writeJSON(w, http.StatusUnprocessableEntity, ans)
	case errors.Is(err, ErrReadTimeout):
		fail(w, http.StatusUnprocessableEntity, "%v; nothing stored: send the report's own sheets, or a long table as CSV", err)
	case errors.Is(err, ErrBusy):
		w.Header().Set("Retry-After", "60")
		fail(w, http.StatusServiceUnavailable, "%v; nothing stored, send the file again in a minute", err)
	case errors.Is(err, ErrStopping):
		w.Header().Set("Retry-After", "60")
		fail(w, http.StatusServiceUnavailable, "the service is stopping; nothing stored, send the file again later")
	case err != nil:
		s.log.Error("load upload", "file", clean, "err", err)
		fail(w, http.StatusInternalServerError, "the file could not be stored; nothing was changed")
	default:
		writeJSON(w, http.StatusCreated, ans)
	}
}

// uploadedFile finds the file in a request and the name its sender gave it.
func uploadedFile(r *http.Request) (io.Reader, string, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		name := r.URL.Query().Get("filename")
		if name == "" {
			return nil, "", errors.New("send the file as multipart form field \"file\", or as the body with ?filename=NAME.csv")
		}
		return r.Body, name, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", err
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, "", errors.New("the form has no field \"file\"")
		}
		if err != nil {
			return nil, "", fmt.Errorf("reading the form: %w", err)
		}
		if part.FormName() == "file" {
			// The name as sent: Part.FileName would drop its directories,
			// and a name with directories is refused, not trimmed.
			_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
			return part, params["filename"], nil
		}
	}
}

// SanitizeFileName checks a sender's file name: a name, not a path (no
// directories, no ".."), without control, bidirectional or invisible
// characters or a leading dot, with
// a submission's extension. It is what the ledger records.
func SanitizeFileName(name string) (string, error) {
	name = strings.Map(func(r rune) rune {
		// Control and format characters (right-to-left overrides such as
		// U+202E that make "gpj.csv" read as "vsc.jpg", zero-width spaces,
		// byte order marks) and invalid UTF-8.
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Bidi_Control, r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, name)
	if strings.ContainsAny(name, `/\`) || strings.Contains(name, "..") {
		return "", errors.New("a file name may not hold directories or \"..\"; send the name alone, like bao_cao_thang_3.xlsx")
	}
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if name == "" {
		return "", errors.New("the file has no name")
	}
	if len(name) > 200 {
		return "", errors.New("the file name is longer than 200 bytes")
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls":
	default:
		return "", errors.New("want a .csv, .xlsx or .xls file")
	}
	return name, nil
}
