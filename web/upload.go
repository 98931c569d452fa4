package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"chitieu/ingest/xlsx"
	"chitieu/schemas"
	"chitieu/service"
	"chitieu/warehouse"
)

// fileResult is what became of one uploaded file.
type fileResult struct {
	File     string
	Staged   string // for a dry run: the staged copy's key, to send it without choosing it again
	Outcome  string // valid, rejected (dry run); loaded, unchanged, rejected, refused (sent)
	ID       int64  // the submission
	Previous int64  // for unchanged: the submission that holds these bytes
	Province string
	Period   string
	Template string
	Values   int64
	Errors   int
	Warnings int
	Notes    int    // what was read from where, or chosen not to be (severity info)
	Message  string // why a file was refused before it was read
	Problems schemas.Problems
}

func (a *App) uploadPage(w http.ResponseWriter, r *request) {
	a.render(w, r, http.StatusOK, "upload", map[string]any{"MaxMB": a.MaxUpload >> 20, "MaxFiles": maxFiles})
}

// upload checks (action=check) or sends (action=send) the files of the
// form, or sends files checked before (staged).
func (a *App) upload(w http.ResponseWriter, r *request) {
	dry := r.PostFormValue("action") != "send"
	var files []staged
	var results []fileResult
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["file"] {
			if len(files)+len(results) >= maxFiles {
				results = append(results, fileResult{File: fh.Filename, Outcome: "refused", Message: text(r.lang, "err_too_many", maxFiles)})
				continue
			}
			st, err := a.stage(r, fh)
			if err != nil {
				results = append(results, fileResult{File: fh.Filename, Outcome: "refused", Message: err.Error()})
				continue
			}
			files = append(files, st)
		}
	}
	if !dry {
		for _, key := range r.PostForm["staged"] {
			st, err := a.restage(r, key)
			if err != nil {
				results = append(results, fileResult{File: key, Outcome: "refused", Message: err.Error()})
				continue
			}
			files = append(files, st)
		}
	}
	if len(files) == 0 && len(results) == 0 {
		a.render(w, r, http.StatusBadRequest, "upload", map[string]any{"MaxMB": a.MaxUpload >> 20, "MaxFiles": maxFiles,
			"Error": text(r.lang, "err_no_file")})
		return
	}
	sendable := 0
	for _, st := range files {
		res := a.loadOne(r, st, dry)
		if dry && res.Outcome == "valid" {
			res.Staged = st.key
			sendable++
		} else {
			os.RemoveAll(filepath.Dir(st.path))
		}
		results = append(results, res)
	}
	a.render(w, r, http.StatusOK, "upload", map[string]any{"MaxMB": a.MaxUpload >> 20, "MaxFiles": maxFiles,
		"Results": results, "DryRun": dry, "Sendable": sendable})
}

// staged is an uploaded file written to the staging directory.
type staged struct {
	key  string // "USERID-RANDOM/NAME"
	name string
	path string
}

// stage writes an uploaded file under the staging directory, checking its
// name and size.
func (a *App) stage(r *request, fh *multipart.FileHeader) (staged, error) {
	name, err := service.SanitizeFileName(fh.Filename)
	if err != nil {
		return staged{}, err
	}
	if fh.Size > a.MaxUpload {
		return staged{}, fmt.Errorf("%s", text(r.lang, "err_file_too_big", name, a.MaxUpload>>20))
	}
	if fh.Size == 0 {
		return staged{}, fmt.Errorf("%s", text(r.lang, "err_empty", name))
	}
	a.sweepStaging()
	dir := filepath.Join(a.Files, "staging", strconv.FormatInt(r.s.User.ID, 10)+"-"+randomString())
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return staged{}, err
	}
	src, err := fh.Open()
	if err != nil {
		return staged{}, err
	}
	defer src.Close()
	p := filepath.Join(dir, name)
	dst, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return staged{}, err
	}
	_, err = io.Copy(dst, io.LimitReader(src, a.MaxUpload+1))
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(dir)
		return staged{}, err
	}
	return staged{key: filepath.Base(dir) + "/" + name, name: name, path: p}, nil
}

// restage finds a file staged by a dry run of the same user.
func (a *App) restage(r *request, key string) (staged, error) {
	dir, name, ok := strings.Cut(key, "/")
	prefix := strconv.FormatInt(r.s.User.ID, 10) + "-"
	if !ok || !strings.HasPrefix(dir, prefix) || strings.ContainsAny(dir, `/\.`) {
		return staged{}, errors.New(text(r.lang, "err_staged"))
	}
	clean, err := service.SanitizeFileName(name)
	if err != nil || clean != name {
		return staged{}, errors.New(text(r.lang, "err_staged"))
	}
	p := filepath.Join(a.Files, "staging", dir, name)
	if _, err := os.Stat(p); err != nil {
		return staged{}, errors.New(text(r.lang, "err_staged"))
	}
	return staged{key: key, name: name, path: p}, nil
}

// stagingTTL is how long a checked file waits to be sent.
const stagingTTL = 2 * time.Hour

// sweepStaging removes staged files older than stagingTTL.
func (a *App) sweepStaging() {
	dirs, _ := os.ReadDir(filepath.Join(a.Files, "staging"))
	for _, d := range dirs {
		if info, err := d.Info(); err == nil && a.Now().Sub(info.ModTime()) > stagingTTL {
			os.RemoveAll(filepath.Join(a.Files, "staging", d.Name()))
		}
	}
}

// deliveredBy is how the ledger names a web user who sent a file.
func deliveredBy(u warehouse.User) string {
	if u.Area != "" {
		return fmt.Sprintf("web user %s (province %s)", u.Name, u.Area)
	}
	return fmt.Sprintf("web user %s (%s)", u.Name, u.Role)
}

// loadOne checks or loads one staged file. A province user's file may hold
// that province's values only; staff send for any province, and national
// figures.
func (a *App) loadOne(r *request, st staged, dry bool) fileResult {
	res := fileResult{File: st.name}
	sub := warehouse.Submission{FileName: st.name, ReceivedAt: a.Now(), DeliveredBy: deliveredBy(r.s.User), DryRun: dry,
		OnlyArea: provinceOf(r)}
	if ext := strings.ToLower(filepath.Ext(st.name)); ext == ".xlsx" || ext == ".xlsm" {
		if err := xlsx.CheckArchive(st.path); errors.Is(err, xlsx.ErrArchiveTooLarge) {
			res.Outcome, res.Message = "refused", err.Error()
			return res
		}
	}
	out, err := a.Loader.Load(r.Context(), st.path, sub)
	res.Province, res.Period, res.Template, res.Values = out.Province, out.Period, out.Template, out.Rows
	if !dry {
		res.ID = out.ID // a dry run's ledger entry was rolled back
	}
	res.Problems = out.Problems
	res.Problems.Sort()
	res.Errors = out.Problems.Errors()
	res.Warnings = out.Problems.Warnings()
	res.Notes = len(out.Problems) - res.Errors - res.Warnings
	switch {
	case errors.Is(err, warehouse.ErrDuplicateSubmission):
		res.Outcome, res.Previous = "unchanged", out.PreviousID
	case errors.Is(err, warehouse.ErrOtherProvince):
		res.Outcome, res.Message = "refused", text(r.lang, "err_other_province", r.s.User.Area)
	case errors.Is(err, schemas.ErrRejected):
		res.Outcome = "rejected"
		res.Values = 0
	case err != nil:
		a.Log.Error("load upload", "file", st.name, "err", err)
		res.Outcome, res.Message = "refused", text(r.lang, "err_load")
	case dry && res.Errors > 0:
		res.Outcome, res.Values = "rejected", 0
	case dry:
		res.Outcome = "valid"
	default:
		res.Outcome = "loaded"
	}
	return res
}
