/* The index page of an mtqa report: sort by any column, filter by name, verdict
   and band, count the triage marks of each document's findings, and export every
   mark of the run's documents as one triage file. */
(function () {
  var root = document.documentElement;
  var body = document.querySelector("#documents tbody");
  var rows = Array.prototype.slice.call(body.querySelectorAll("tr.doc"));
  var count = document.getElementById("doc-count");
  var VERDICT = {fail: 0, pass: 1};
  var BAND = {"critical": 0, "major issues": 1, "minor issues": 2, "clean": 3};
  var PREFIX = 12;  // the fingerprint digits each row's data-fps holds

  /* The value of column ``key`` of a row, as it sorts. */
  function value(row, key) {
    var d = row.dataset;
    if (key === "verdict") return VERDICT[d.verdict];
    if (key === "band") return BAND[d.band];
    if (key === "path") return d.path.toLowerCase();
    if (key === "reviewed") return marked[row.dataset.number] || 0;
    return parseFloat(d[key]);
  }

  function sortBy(key, direction) {
    var sign = direction === "descending" ? -1 : 1;
    // each row's value read once: reading the DOM in the comparison is slow on
    // thousands of rows
    var keyed = rows.map(function (row) { return [value(row, key), parseInt(row.dataset.number, 10), row]; });
    keyed.sort(function (a, b) {
      var d = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
      return sign * d || a[1] - b[1];
    });
    rows = keyed.map(function (k) { return k[2]; });
    // all rows in one replacement, the body out of the table meanwhile: moved one
    // at a time inside the page, thousands of rows take Chromium seconds
    // (nothing to move when the order stands: Chromium takes seconds to put
    // thousands of rows back where they were)
    var before = body.children;
    if (!rows.every(function (row, i) { return before[i] === row; })) {
      var table = body.parentNode;
      table.removeChild(body);
      body.replaceChildren.apply(body, rows);
      table.appendChild(body);
    }
    document.querySelectorAll("#documents th").forEach(function (th) {
      var button = th.querySelector("button");
      if (button && button.dataset.sort === key) th.setAttribute("aria-sort", direction);
      else th.removeAttribute("aria-sort");
    });
  }

  document.querySelector("#documents thead").addEventListener("click", function (e) {
    var button = e.target.closest("button[data-sort]");
    if (!button) return;
    var th = button.closest("th");
    sortBy(button.dataset.sort, th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
  });

  function filter() {
    var query = document.getElementById("doc-search").value.trim().toLowerCase();
    var verdict = document.getElementById("doc-verdict").value;
    var band = document.getElementById("doc-band").value;
    var n = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!query || d.path.toLowerCase().indexOf(query) >= 0) &&
        (!verdict || d.verdict === verdict) && (!band || d.band === band);
      if (row.hidden !== !ok) row.hidden = !ok;
      if (ok) n += 1;
    });
    count.textContent = n + " of " + rows.length + " documents";
  }
  ["input", "search"].forEach(function (type) {  // "search": cleared by Esc or its × button
    document.getElementById("doc-search").addEventListener(type, filter);
  });
  document.getElementById("doc-verdict").addEventListener("change", filter);
  document.getElementById("doc-band").addEventListener("change", filter);

  /* How many findings of each document carry a mark: this run's, or where it has
     none, an earlier run's (the marks a document's page carries over). */
  var marked = Object.create(null);  // document number -> marked findings
  function reviewed() {
    var marks = MtqaTriage.merged();
    var byPrefix = Object.create(null);
    Object.keys(marks).forEach(function (fp) {
      if (marks[fp].status) byPrefix[fp.slice(0, PREFIX)] = true;
    });
    rows.forEach(function (row) {
      var fps = row.dataset.fps ? row.dataset.fps.split(" ") : [];
      var n = fps.filter(function (p) { return byPrefix[p]; }).length;
      marked[row.dataset.number] = n;
      var cell = row.querySelector("td.reviewed");
      cell.dataset.value = n;
      cell.textContent = fps.length ? n + "/" + fps.length : "\u2013";
    });
  }
  window.addEventListener("storage", reviewed);

  /* Every mark of the run's documents as one triage file: this run's, and the
     earlier runs' the pages carry over, also of findings this report no longer
     shows (left out by --triage, or fixed), so that the file stays whole. */
  document.getElementById("export-all").addEventListener("click", function () {
    var paths = Object.create(null);
    rows.forEach(function (row) { paths[row.dataset.path] = true; });
    var stored = MtqaTriage.merged();
    var marks = Object.keys(stored).filter(function (fp) {
      var m = stored[fp];
      return m.status && m.rule && paths[m.path] === true;
    }).map(function (fp) {
      var m = Object.assign({}, stored[fp]);
      m.fingerprint = fp;
      return m;
    });
    var file = MtqaTriage.triageFile(marks);
    MtqaTriage.download("mtqa-triage.json", file);
    var n = file.decisions.length;
    document.getElementById("export-status").textContent = "Exported " + n + (n === 1 ? " decision" : " decisions");
  });

  reviewed();
  filter();
  root.dataset.ready = "1";
})();
