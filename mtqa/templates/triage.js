/* mtqa triage marks, shared by the index and the document pages.

   Marks are kept in localStorage under "mtqa-triage:" + the run signature, as
   {fingerprint: {status, note, time, path, rule, name, text, line, count}}; a
   fingerprint is the finding's stable identity (the one baselines use), count
   how many findings of the document share it. A cleared mark stays as an entry
   with an empty status, so that a mark of an earlier run is not carried over
   again. Where this run has no entry for a fingerprint, the latest entry of the
   reports of earlier runs (other signatures) stands (`merged`).

   Storage can be missing or full (a private window, a browser that gives file
   pages none, 5 MB spent): marks then live in the page's memory, every write
   says it could not keep them, and the page tells the reviewer to export. */
"use strict";
var MtqaTriage = (function () {
  var STATUSES = ["accepted", "false-positive", "fixed"];
  var PREFIX = "mtqa-triage:";
  var root = document.documentElement;
  var key = PREFIX + root.dataset.signature;
  var memory = null;
  var persistent = true;

  function now() { return new Date().toISOString(); }

  /* A stored JSON object as a map without a prototype ("__proto__" is a key like
     any other); anything else, or text that is not JSON, as an empty map. */
  function asMap(text) {
    var map = Object.create(null);
    var data;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (data && typeof data === "object" && !Array.isArray(data)) {
      Object.keys(data).forEach(function (k) {
        if (data[k] && typeof data[k] === "object") map[k] = data[k];
      });
    }
    return map;
  }

  /* This run's marks: read from storage afresh (another tab may have written),
     or the page's own copy once storage has failed. */
  function read() {
    if (persistent) {
      try {
        memory = asMap(window.localStorage.getItem(key));
      } catch (e) {
        persistent = false;  // no storage at all for this page
      }
    }
    return memory || (memory = Object.create(null));
  }

  function write(data) {
    memory = data;
    if (!persistent) return false;
    try {
      window.localStorage.setItem(key, JSON.stringify(data));
      return true;
    } catch (e) {
      persistent = false;  // full: from now on the page's copy is the one
      return false;
    }
  }

  function entry(mark) {
    return {
      status: mark.status || "", note: mark.note || "", time: mark.time || now(),
      path: mark.path || "", rule: mark.rule || "", name: mark.name || "",
      text: mark.text || "", line: mark.line || 0, count: mark.count || 1
    };
  }

  /* Set the marks of several fingerprints at once: ``marks`` maps a fingerprint
     to {status, note, and what a triage file names the finding by}; an empty
     status clears the mark. One read and one write, however many. Returns
     whether storage kept them. */
  function setMany(marks) {
    var data = read();
    Object.keys(marks).forEach(function (fp) { data[fp] = entry(marks[fp]); });
    return write(data);
  }

  function set(fp, mark) {
    var marks = Object.create(null);
    marks[fp] = mark;
    return setMany(marks);
  }

  /* The latest entry of each fingerprint in the reports of other runs (cleared
     ones too: a later clear outweighs an earlier mark). */
  function earlier() {
    var found = Object.create(null);
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i += 1) keys.push(window.localStorage.key(i));
    } catch (e) {
      return found;
    }
    keys.forEach(function (other) {
      if (other === key || other.indexOf(PREFIX) !== 0) return;
      var data;
      try { data = asMap(window.localStorage.getItem(other)); } catch (e) { return; }
      Object.keys(data).forEach(function (fp) {
        var m = data[fp];
        if (!found[fp] || String(found[fp].time) < String(m.time)) found[fp] = m;
      });
    });
    return found;
  }

  /* This run's entries, and for the fingerprints it has none of, the latest of
     earlier runs. */
  function merged() {
    var out = earlier();
    var own = read();
    Object.keys(own).forEach(function (fp) { out[fp] = own[fp]; });
    return out;
  }

  /* The triage file of ``marks`` (each with its fingerprint; a mark shared by
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
      signature: root.dataset.signature, exported: now(), decisions: decisions
    };
  }

  function isString(v) { return typeof v === "string"; }
  function optional(v, test) { return v === undefined || v === null || test(v); }

  /* Check an imported triage file as `mtqa check --triage` does (mtqa/triage.py)
     and merge its decisions into this run's marks. Returns {taken, kept}; throws
     an Error whose message names the decision and what is wrong. */
  function merge(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { throw new Error("not JSON"); }
    if (!data || data.format !== "mtqa-triage") throw new Error("not an mtqa triage file");
    if (data.version !== 1) throw new Error("triage format version " + JSON.stringify(data.version) + " is not supported");
    if (!Array.isArray(data.decisions)) throw new Error("no decisions list");
    var marks = Object.create(null);
    data.decisions.forEach(function (d, i) {
      var where = "decision " + (i + 1) + ": ";
      if (!d || typeof d !== "object" || Array.isArray(d)) throw new Error(where + "not an object");
      ["fingerprint", "path", "rule", "text", "status"].forEach(function (k) {
        if (!isString(d[k])) throw new Error(where + "no '" + k + "' string");
      });
      if (!/^[0-9a-fA-F]{32}$/.test(d.fingerprint)) throw new Error(where + "fingerprint is not 32 hex digits");
      if (STATUSES.indexOf(d.status) < 0) throw new Error(where + "unknown status");
      ["name", "note", "time"].forEach(function (k) {
        if (!optional(d[k], isString)) throw new Error(where + "'" + k + "' is not a string");
      });
      if (!optional(d.line, Number.isInteger)) throw new Error(where + "'line' is not a whole number");
      var fp = d.fingerprint.toLowerCase();
      // decisions on findings that share a fingerprint: one mark, counted
      var count = marks[fp] ? marks[fp].count + 1 : 1;
      marks[fp] = {
        status: d.status, note: d.note || "", time: d.time || now(), path: d.path, rule: d.rule,
        name: d.name || "", text: d.text, line: d.line || 0, count: count
      };
    });
    var kept = setMany(marks);
    return {taken: data.decisions.length, kept: kept};
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
    NOT_KEPT: "This browser could not keep the marks (storage full or off): export them before closing the page.",
    read: read,
    set: set,
    setMany: setMany,
    earlier: earlier,
    merged: merged,
    triageFile: triageFile,
    merge: merge,
    download: download
  };
})();
