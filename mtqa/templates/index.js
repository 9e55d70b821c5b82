/* The index page of an mtqa report: sort by any column, filter by name, verdict
   and band, and how many findings of each document carry a triage mark. */
(function () {
  var root = document.documentElement;
  var body = document.querySelector("#documents tbody");
  var rows = Array.prototype.slice.call(body.querySelectorAll("tr.doc"));
  var count = document.getElementById("doc-count");
  var VERDICT = {fail: 0, pass: 1};
  var BAND = {"critical": 0, "major issues": 1, "minor issues": 2, "clean": 3};
  var TEXT_KEYS = {path: true};

  function value(row, key) {
    var d = row.dataset;
    if (key === "verdict") return VERDICT[d.verdict];
    if (key === "band") return BAND[d.band];
    if (key === "reviewed") return parseFloat(row.querySelector("td.reviewed").dataset.value);
    if (TEXT_KEYS[key]) return d[key].toLowerCase();
    return parseFloat(d[key]);
  }

  function sortBy(key, direction) {
    var sign = direction === "descending" ? -1 : 1;
    rows.sort(function (a, b) {
      var x = value(a, key);
      var y = value(b, key);
      var d = x < y ? -1 : x > y ? 1 : 0;
      return sign * d || (a.dataset.number - b.dataset.number);
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
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
      row.hidden = !ok;
      if (ok) n += 1;
    });
    count.textContent = n + " of " + rows.length + " documents";
  }
  document.getElementById("doc-search").addEventListener("input", filter);
  document.getElementById("doc-search").addEventListener("search", filter);

  /* Every mark of the run's documents, as one triage file. */
  document.getElementById("export-all").addEventListener("click", function () {
    var stored = MtqaTriage.read();
    var marks = Object.keys(stored).filter(function (fp) {
      return stored[fp] && stored[fp].status && stored[fp].rule;
    }).map(function (fp) {
      var m = Object.assign({}, stored[fp]);
      m.fingerprint = fp;
      return m;
    });
    MtqaTriage.download("mtqa-triage.json", MtqaTriage.triageFile(marks));
    var n = MtqaTriage.triageFile(marks).decisions.length;
    document.getElementById("export-status").textContent = "Exported " + n + (n === 1 ? " decision" : " decisions");
  });
  document.getElementById("doc-verdict").addEventListener("change", filter);
  document.getElementById("doc-band").addEventListener("change", filter);

  /* How many findings of each document carry a mark (one mark a fingerprint). */
  function reviewed() {
    var marked = {};
    var stored = MtqaTriage.read();
    Object.keys(stored).forEach(function (fp) {
      var m = stored[fp];
      if (m && m.status) marked[m.path] = (marked[m.path] || 0) + 1;
    });
    rows.forEach(function (row) {
      var cell = row.querySelector("td.reviewed");
      var n = Math.min(marked[row.dataset.path] || 0, parseInt(row.dataset.findings, 10));
      cell.dataset.value = n;
      cell.textContent = row.dataset.findings === "0" ? "–" : n + "/" + row.dataset.findings;
    });
  }
  window.addEventListener("storage", reviewed);

  reviewed();
  filter();
  root.dataset.ready = "1";
})();
