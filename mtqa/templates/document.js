/* A document page of an mtqa report: filters, search, sort, keyboard, the
   tooltip and triage marks. Works on the page's own markup only (every input
   text is already escaped in it); builds new elements with textContent. */
(function () {
  var root = document.documentElement;
  var list = document.getElementById("finding-list");
  var items = Array.prototype.slice.call(list.querySelectorAll("li.finding"));
  var text = document.getElementById("text");
  var tip = document.getElementById("tip");
  var shown = document.getElementById("shown-count");
  var importStatus = document.getElementById("import-status");
  var RANK = {critical: 0, major: 1, minor: 2, neutral: 3};
  var LABEL = {"accepted": "accepted", "false-positive": "false positive", "fixed": "fixed"};
  var current = null;

  // the triage controls of every finding, from one template
  var controls = document.getElementById("triage-controls").content.firstElementChild;
  items.forEach(function (li) {
    var box = controls.cloneNode(true);
    var where = li.dataset.rule + " at " + li.dataset.line + ":" + li.dataset.column;
    box.setAttribute("aria-label", "Mark " + where);
    box.querySelector("input.note").setAttribute("aria-label", "Note on " + where);
    li.appendChild(box);
  });

  // each finding's marks in the text (a finding crossing another's edge has several)
  var marksOf = {};
  Array.prototype.forEach.call(text.querySelectorAll("mark.hl"), function (m) {
    m.dataset.f.split(" ").forEach(function (id) { (marksOf[id] = marksOf[id] || []).push(m); });
  });

  function byId(id) { return document.getElementById(id); }
  function order(li) { return parseInt(li.id.slice(1), 10); }  // f1, f2… in document order
  function visible(li) { return !li.hidden; }

  /* ---- triage marks ---- */
  function showMark(li, mark) {
    var status = (mark && mark.status) || "";
    li.dataset.status = status;
    Array.prototype.forEach.call(li.querySelectorAll("button.mark"), function (b) {
      b.setAttribute("aria-pressed", b.dataset.status === status ? "true" : "false");
    });
    li.querySelector(".status-badge").textContent = LABEL[status] || "";
    var note = li.querySelector("input.note");
    if (document.activeElement !== note) note.value = (mark && mark.note) || "";
  }

  // how many findings of the page share each fingerprint (they share one mark)
  var sharing = {};
  items.forEach(function (li) { sharing[li.dataset.fp] = (sharing[li.dataset.fp] || 0) + 1; });

  /* The mark of ``li``'s finding as storage keeps it. */
  function markOf(li, status, note, time) {
    var d = li.dataset;
    return {
      status: status, note: note, time: time, path: root.dataset.path, rule: d.rule, name: d.name,
      text: li.querySelector(".flagged").textContent, line: parseInt(d.line, 10), count: sharing[d.fp]
    };
  }

  function loadMarks() {
    var stored = MtqaTriage.read();
    items.forEach(function (li) { showMark(li, stored[li.dataset.fp]); });
  }

  /* Marks the reports of earlier runs keep for this page's findings, taken over
     where this report has no entry (a report made again, or with --triage, has
     another run signature); one write for all of them. */
  function carryOver() {
    var own = MtqaTriage.read();
    var early = MtqaTriage.earlier();
    var marks = Object.create(null);
    var taken = 0;
    items.forEach(function (li) {
      var fp = li.dataset.fp;
      var m = early[fp];
      if (!(fp in own) && m && m.status && !marks[fp]) {
        marks[fp] = markOf(li, m.status, m.note || "", m.time);
        taken += 1;
      }
    });
    if (!taken) return;
    var kept = MtqaTriage.setMany(marks);
    importStatus.textContent = "Carried over " + taken + (taken === 1 ? " mark" : " marks") +
      " from earlier reports" + (kept ? "" : ". " + MtqaTriage.NOT_KEPT);
  }

  function saveMark(li, status) {
    var note = li.querySelector("input.note").value;
    var kept = MtqaTriage.set(li.dataset.fp, markOf(li, status, note));
    // findings with one fingerprint share one mark
    items.forEach(function (other) {
      if (other.dataset.fp === li.dataset.fp) showMark(other, {status: status, note: note});
    });
    if (!kept) importStatus.textContent = MtqaTriage.NOT_KEPT;
    apply();
  }

  function toggle(li, status) {
    saveMark(li, li.dataset.status === status ? "" : status);
  }

  /* ---- filters, search and sort ---- */
  var haystacks = null;  // each finding's searchable text, lowercased, made on the first search
  function haystack(li) {
    if (!haystacks) {
      haystacks = {};
      items.forEach(function (item) {
        var para = byId("p" + item.dataset.para);
        var parts = [item.dataset.rule, item.dataset.name, item.dataset.category];
        item.querySelectorAll(".f-msg, .flagged, .suggestion").forEach(function (e) { parts.push(e.textContent); });
        if (para) para.querySelectorAll(".text").forEach(function (e) { parts.push(e.textContent); });
        haystacks[item.id] = parts.join("\n").toLowerCase();
      });
    }
    return haystacks[li.id];
  }

  function apply() {
    var severities = {};
    Array.prototype.forEach.call(document.querySelectorAll("input[name=severity]"), function (box) {
      severities[box.value] = box.checked;
    });
    var category = byId("filter-category").value;
    var rule = byId("filter-rule").value;
    var status = byId("filter-status").value;
    var fixable = byId("only-fixable").checked;
    var query = byId("search").value.trim().toLowerCase();
    var count = 0;
    items.forEach(function (li) {
      var d = li.dataset;
      var ok = severities[d.severity] !== false &&
        (!category || d.category === category) &&
        (!rule || d.rule === rule) &&
        (!status || (status === "untriaged" ? !d.status : d.status === status)) &&
        (!fixable || d.fixable === "true") &&
        (!query || haystack(li).indexOf(query) >= 0);
      li.hidden = !ok;
      if (ok) count += 1;
    });
    Object.keys(marksOf).forEach(function (id) {
      marksOf[id].forEach(function (m) {
        var any = m.dataset.f.split(" ").some(function (f) { return !byId(f).hidden; });
        m.classList.toggle("muted", !any);
      });
    });
    shown.textContent = count + " of " + items.length + " findings";
  }

  /* Put ``children`` into ``box`` in their order, all in one replacement with the
     box out of the page: moved one at a time, or inside the page, 5,000 findings
     took Chromium 3 to 7 s (list items renumbered at each move), this way 0.2 s.
     Nothing is done when the order stands (Chromium took 3 s to put 5,000
     findings back in the order they had). The focus is kept. */
  function reorder(box, children) {
    var now = box.children;
    if (children.every(function (child, i) { return now[i] === child; })) return;
    var focused = box.contains(document.activeElement) ? document.activeElement : null;
    var parent = box.parentNode;
    var next = box.nextSibling;
    parent.removeChild(box);
    box.replaceChildren.apply(box, children);
    parent.insertBefore(box, next);
    if (focused) focused.focus({preventScroll: true});
  }

  function sortList() {
    var how = byId("sort").value;
    var sorted = items.slice().sort(function (a, b) {
      var d = 0;
      if (how === "severity") d = RANK[a.dataset.severity] - RANK[b.dataset.severity];
      else if (how === "paragraph") d = parseFloat(a.dataset.paraScore) - parseFloat(b.dataset.paraScore);
      return d || (order(a) - order(b));
    });
    reorder(list, sorted);
  }

  function orderParagraphs(worst) {
    var paras = Array.prototype.slice.call(text.querySelectorAll("article.para"));
    paras.sort(function (a, b) {
      var d = worst ? parseFloat(a.dataset.score) - parseFloat(b.dataset.score) : 0;
      return d || (a.dataset.index - b.dataset.index);
    });
    reorder(text, paras);
  }

  /* ---- the tooltip: kept inside the viewport ---- */
  var tipAnchor = null;  // the mark the tooltip belongs to

  function placeTip() {
    var rect = tipAnchor.getClientRects()[0] || tipAnchor.getBoundingClientRect();
    var margin = 8;
    var width = tip.offsetWidth;
    var height = tip.offsetHeight;
    var left = Math.min(rect.left, window.innerWidth - margin - width);
    var top = rect.bottom + 6;
    if (top + height > window.innerHeight - margin) top = rect.top - 6 - height;
    tip.style.left = Math.max(margin, left) + "px";
    tip.style.top = Math.max(margin, top) + "px";
  }

  function showTip(mark) {
    tipAnchor = mark;
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    mark.dataset.f.split(" ").forEach(function (id) {
      var li = byId(id);
      var item = document.createElement("div");
      item.className = "tip-item";
      var head = document.createElement("span");
      head.className = "tip-rule";
      head.textContent = li.dataset.rule + " " + li.dataset.name + " [" + li.dataset.severity + "] ";
      item.appendChild(head);
      item.appendChild(document.createTextNode(li.querySelector(".f-msg").textContent));
      var suggestion = li.querySelector(".suggestion");
      var deletion = li.querySelector(".f-text em");
      if (suggestion || deletion) {
        item.appendChild(document.createTextNode(" \u2014 suggestion: " +
          (suggestion ? "\u201c" + suggestion.textContent + "\u201d" : "delete")));
      }
      if (li.dataset.status) item.appendChild(document.createTextNode(" (" + LABEL[li.dataset.status] + ")"));
      tip.appendChild(item);
    });
    tip.hidden = false;
    placeTip();
  }

  function hideTip() { tip.hidden = true; tipAnchor = null; }

  /* On a scroll the tooltip follows its mark while the mark has the focus or the
     pointer (focusing a mark below the fold scrolls the page), else it closes. */
  var following = false;
  function onScroll() {
    if (!tipAnchor || following) return;
    if (document.activeElement !== tipAnchor && !tipAnchor.matches(":hover")) {
      hideTip();
      return;
    }
    following = true;
    requestAnimationFrame(function () {
      following = false;
      if (tipAnchor) placeTip();
    });
  }

  /* ---- selection ---- */
  function clearSelection() {
    text.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    list.querySelectorAll("li.current, li.related").forEach(function (li) {
      li.classList.remove("current", "related");
    });
  }

  function inView(el) {
    var r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }

  function select(li, related) {
    clearSelection();
    current = li;
    li.classList.add("current");
    (related || []).forEach(function (other) { if (other !== li) other.classList.add("related"); });
    (marksOf[li.id] || []).forEach(function (m) { m.classList.add("current"); });
    li.scrollIntoView({block: "nearest"});
  }

  /* Go to a finding's text: its first mark scrolled to, focused, its tip shown. */
  function open(li) {
    select(li);
    var mark = (marksOf[li.id] || [])[0];
    if (!mark) return;
    if (!inView(mark)) mark.scrollIntoView({block: "center"});
    mark.focus({preventScroll: true});
    showTip(mark);
  }

  function step(direction) {
    var order = Array.prototype.slice.call(list.children).filter(visible);
    if (!order.length) return;
    var at = current ? order.indexOf(current) : -1;
    if (at < 0 && current) {
      // the current finding is filtered out: go on from where it stands in the list
      var all = Array.prototype.slice.call(list.children);
      var pos = all.indexOf(current);
      order.forEach(function (li, i) { if (all.indexOf(li) < pos) at = i; });
      if (direction < 0) at += 1;
    }
    var next = order[Math.max(0, Math.min(order.length - 1, at + direction))];
    select(next);
    next.focus({preventScroll: true});
    var mark = (marksOf[next.id] || [])[0];
    if (mark && !inView(mark)) mark.scrollIntoView({block: "center"});
  }

  /* ---- events ---- */
  list.addEventListener("click", function (e) {
    var li = e.target.closest("li.finding");
    if (!li) return;
    var button = e.target.closest("button.mark");
    if (button) {
      select(li);
      toggle(li, button.dataset.status);
    } else if (e.target.closest("a.go")) {
      e.preventDefault();
      open(li);
    } else if (!e.target.closest("input")) {
      select(li);
    }
  });
  list.addEventListener("change", function (e) {
    if (e.target.matches("input.note")) {
      var li = e.target.closest("li.finding");
      saveMark(li, li.dataset.status);
    }
  });

  function markClicked(mark) {
    var found = mark.dataset.f.split(" ").map(byId);
    var first = found.filter(visible)[0] || found[0];
    select(first, found);
    (marksOf[first.id] || []).forEach(function (m) { m.classList.add("current"); });
    showTip(mark);
  }
  text.addEventListener("click", function (e) {
    var mark = e.target.closest("mark.hl");
    if (mark) markClicked(mark);
  });
  text.addEventListener("mouseover", function (e) {
    var mark = e.target.closest("mark.hl");
    if (mark) showTip(mark);
  });
  text.addEventListener("mouseout", function (e) {
    var mark = e.target.closest("mark.hl");
    if (mark && !mark.contains(e.relatedTarget) && document.activeElement !== mark) hideTip();
  });
  text.addEventListener("focusin", function (e) {
    if (e.target.matches("mark.hl")) showTip(e.target);
  });
  text.addEventListener("focusout", hideTip);
  window.addEventListener("scroll", onScroll, {passive: true});
  window.addEventListener("resize", hideTip);

  ["filter-category", "filter-rule", "filter-status", "only-fixable"].forEach(function (id) {
    byId(id).addEventListener("change", apply);
  });
  byId("toolbar").addEventListener("change", function (e) {
    if (e.target.name === "severity") apply();
  });
  byId("search").addEventListener("input", apply);
  byId("search").addEventListener("search", apply);  // cleared by Esc or its × button
  byId("sort").addEventListener("change", sortList);
  byId("worst").addEventListener("change", function (e) { orderParagraphs(e.target.checked); });
  byId("only-flagged").addEventListener("change", function (e) {
    document.body.classList.toggle("only-flagged", e.target.checked);
  });

  byId("export").addEventListener("click", function () {
    var stored = MtqaTriage.read();
    var marks = items.filter(function (li) { return li.dataset.status; }).map(function (li) {
      var m = markOf(li, li.dataset.status, li.querySelector("input.note").value,
        (stored[li.dataset.fp] && stored[li.dataset.fp].time) || new Date().toISOString());
      m.fingerprint = li.dataset.fp;
      m.count = 1;  // one decision for each finding
      return m;
    });
    var number = ("000" + root.dataset.number).slice(-Math.max(4, root.dataset.number.length));
    MtqaTriage.download("mtqa-triage-" + number + ".json", MtqaTriage.triageFile(marks));
    importStatus.textContent = "Exported " + marks.length + (marks.length === 1 ? " decision" : " decisions");
  });
  var fileInput = byId("import-file");
  byId("import").addEventListener("click", function () { fileInput.click(); });
  fileInput.addEventListener("change", function () {
    var file = fileInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      try {
        var result = MtqaTriage.merge(String(reader.result));
        loadMarks();
        apply();
        var here = items.filter(function (li) { return li.dataset.status; }).length;
        var n = result.taken;
        importStatus.textContent = "Imported " + n + (n === 1 ? " decision" : " decisions") +
          " (" + here + " of this page's findings marked)" + (result.kept ? "" : ". " + MtqaTriage.NOT_KEPT);
      } catch (err) {
        importStatus.textContent = "Not imported: " + file.name + ": " + err.message;
      }
      fileInput.value = "";
    };
    reader.readAsText(file);
  });

  /* The finding a key acts on: the one whose control has the focus, else the
     current one. */
  function target() {
    var li = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest("li.finding");
    if (li && li !== current) select(li);
    return li || current;
  }
  function withTarget(action) {
    return function () { var li = target(); if (li) action(li); };
  }
  var KEYS = {
    j: function () { step(1); },
    k: function () { step(-1); },
    o: withTarget(open),
    a: withTarget(function (li) { toggle(li, "accepted"); }),
    f: withTarget(function (li) { toggle(li, "false-positive"); }),
    x: withTarget(function (li) { toggle(li, "fixed"); }),
    u: withTarget(function (li) { saveMark(li, ""); }),
    n: withTarget(function (li) { li.querySelector("input.note").focus(); }),
    "/": function () { byId("search").focus(); },
    "?": function () { var keys = byId("keys"); keys.open = !keys.open; }
  };
  document.addEventListener("keydown", function (e) {
    var target = e.target;
    var typing = target.matches && target.matches("input, select, textarea, [contenteditable]");
    if (e.key === "Escape") {
      hideTip();
      if (typing) target.blur();
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Enter") {
      // on a link, a button or a summary Enter does what it always does
      if (target.matches("a, button, summary")) return;
      e.preventDefault();
      if (target.matches("mark.hl")) markClicked(target);
      else if (current) open(current);
      return;
    }
    var action = KEYS[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  });
  window.addEventListener("storage", function () { loadMarks(); apply(); });

  carryOver();
  loadMarks();
  if (root.dataset.order === "worst") { orderParagraphs(true); sortList(); }
  apply();
  root.dataset.ready = "1";
})();
