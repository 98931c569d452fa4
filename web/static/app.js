// chitieu: the one script of the web application (the pages work without
// it). It makes the upload box a drop target for several files.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var drop = document.getElementById("drop");
  var input = document.getElementById("file");
  if (!drop || !input) return;
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) input.files = e.dataTransfer.files;
  });
});
