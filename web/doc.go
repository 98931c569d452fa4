// Package web is chitieu's web application, served by chitieu serve at /
// beside the JSON API: the reporting board (who has reported), the upload
// desk (a dry run showing every problem at its cell, then the load), one
// submission's page, the indicator explorer, the quarterly reports, the
// analysts' SQL box and the administration of users and tokens.
//
// Pages are plain HTML forms rendered on the server from the templates in
// templates/ (embedded), Vietnamese by default with an English switch;
// charts are SVG drawn by the quarterly report's renderer (package report).
// People sign in with an account (warehouse users, argon2id); a session is
// a server-side row named by an HttpOnly, SameSite cookie, and every form
// that changes something carries the session's CSRF token.
package web
