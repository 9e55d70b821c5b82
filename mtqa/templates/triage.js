/* mtqa triage marks, shared by the index and the document pages.
   Marks are kept in localStorage under "mtqa-triage:" + the run signature, as
   {fingerprint: {status, note, time, path, rule, name, text, line, count}}; a
   fingerprint is the finding's stable identity (the one baselines use), count
   how many findings of the document share it. A page carries marks over from
   the reports of earlier runs (other signatures) for the fingerprints it has
   no mark for. Storage can be missing or full (a private window, a browser
   that gives file pages none): marks then last as long as the page, and the
   page says so. */
"use strict";
var MtqaTriage = (function () {
  var STATUSES = ["accepted", "false-positive", "fixed"];
  var root = document.documentElement;
  var key = "mtqa-triage:" + root.dataset.signature;
  var memory = {};
  var persistent = true;

  function read() {
    try {
      var text = window.localStorage.getItem(key);
      var data = text ? JSON.parse(text) : {};
      return data && typeof data === "object" && !Array.isArray(data) ? data : {};
    } catch (e) {
      persistent = false;
      return memory;
    }
  }

  function write(data) {
    memory = data;
    try {
      window.localStorage.setItem(key, JSON.stringify(data));
      return true;
    } catch (e) {
      persistent = false;
      return false;
    }
  }

  /* Set (or with an empty status and note, clear) the mark of one fingerprint:
     ``mark`` holds status and note, and what a triage file names the finding by. */
  function set(fp, mark) {
    var data = read();
    if (!mark.status && !mark.note) {
      delete data[fp];
    } else {
      data[fp] = {
        status: mark.status || "", note: mark.note || "", time: mark.time || new Date().toISOString(),
        path: mark.path || "", rule: mark.rule || "", name: mark.name || "", text: mark.text || "",
        line: mark.line || 0, count: mark.count || 1
      };
    }
    return write(data);
  }

  /* The latest mark of each of ``fps`` that the reports of other runs keep. */
  function earlier(fps) {
    var found = {};
    var wanted = {};
    fps.forEach(function (fp) { wanted[fp] = true; });
    try {
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var other = window.localStorage.key(i);
        if (other === key || other.indexOf("mtqa-triage:") !== 0) continue;
        var data = JSON.parse(window.localStorage.getItem(other)) || {};
        Object.keys(data).forEach(function (fp) {
          var m = data[fp];
          if (wanted[fp] && m && m.status && (!found[fp] || found[fp].time < m.time)) found[fp] = m;
        });
      }
    } catch (e) {
      return found;  // no storage, or another program's unreadable entry
    }
    return found;
  }

  /* The triage file of ``decisions`` (one per finding: a mark shared by
     ``count`` findings is that many decisions), as `mtqa check --triage` reads it. */
  function triageFile(marks) {
    var decisions = [];
    marks.forEach(function (m) {
      for (var n = 0; n < (m.count || 1); n += 1) {
        decisions.push({
          fingerprint: m.fingerprint, path: m.path, rule: m.rule, name: m.name, text: m.text,
          line: m.line, status: m.status, note: m.note, time: m.time
        });
      }
    });
    return {
      format: "mtqa-triage", version: 1, mtqa_version: root.dataset.version,
      signature: root.dataset.signature, exported: new Date().toISOString(), decisions: decisions
    };
  }

  /* Check an imported triage file and merge its decisions; returns how many
     were taken, or throws an Error whose message says what is wrong. */
  function merge(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { throw new Error("not JSON"); }
    if (!data || data.format !== "mtqa-triage") throw new Error("not an mtqa triage file");
    if (data.version !== 1) throw new Error("triage file version " + data.version + " is not supported");
    if (!Array.isArray(data.decisions)) throw new Error("no decisions list");
    var stored = read();
    var taken = 0;
    var seen = {};
    data.decisions.forEach(function (d, i) {
      if (!d || typeof d.fingerprint !== "string" || !/^[0-9a-f]{32}$/.test(d.fingerprint)) {
        throw new Error("decision " + (i + 1) + ": no fingerprint");
      }
      if (STATUSES.indexOf(d.status) < 0) throw new Error("decision " + (i + 1) + ": unknown status");
      var same = stored[d.fingerprint];
      stored[d.fingerprint] = {
        status: d.status,
        note: typeof d.note === "string" ? d.note : "",
        time: typeof d.time === "string" ? d.time : new Date().toISOString(),
        path: typeof d.path === "string" ? d.path : "",
        rule: typeof d.rule === "string" ? d.rule : "",
        name: typeof d.name === "string" ? d.name : "",
        text: typeof d.text === "string" ? d.text : "",
        line: typeof d.line === "number" ? d.line : 0,
        // decisions on findings that share a fingerprint come one after another
        count: same && seen[d.fingerprint] ? (same.count || 1) + 1 : 1
      };
      seen[d.fingerprint] = true;
      taken += 1;
    });
    write(stored);
    return taken;
  }

  /* Offer ``data`` as a JSON file named ``name`` for download. */
  function download(name, data) {
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], {type: "application/json"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  return {
    STATUSES: STATUSES,
    read: read,
    set: set,
    earlier: earlier,
    triageFile: triageFile,
    merge: merge,
    download: download,
    persistent: function () { return persistent; }
  };
})();
