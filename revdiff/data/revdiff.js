(function () {
  "use strict";
  var d = document;
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  d.documentElement.classList.add("js");
  each(d.querySelectorAll("[data-js-only]"), function (e) { e.hidden = false; });

  // Each change lights up with its counterparts: all elements sharing its data-change
  // (the two sides of a change), data-move (the two ends of a transposition) or
  // data-link (a variant's stretch in each same-language column of a synopsis).
  var kinds = ["data-change", "data-move", "data-link"];
  var linked = "[" + kinds.join("],[") + "]";
  var groups = {};
  function index() {
    groups = {};
    each(d.querySelectorAll(linked), function (e) {
      kinds.forEach(function (kind) {
        var k = e.getAttribute(kind);
        if (k !== null) { (groups[kind + "=" + k] = groups[kind + "=" + k] || []).push(e); }
      });
    });
  }
  index();
  function light(target, on) {
    var e = target && target.closest ? target.closest(linked) : null;
    if (!e) { return; }
    kinds.forEach(function (kind) {
      var k = e.getAttribute(kind);
      if (k !== null) { each(groups[kind + "=" + k] || [], function (x) { x.classList.toggle("lit", on); }); }
    });
  }
  d.addEventListener("mouseover", function (ev) { light(ev.target, true); });
  d.addEventListener("mouseout", function (ev) { light(ev.target, false); });
  d.addEventListener("focusin", function (ev) { light(ev.target, true); track(ev.target); });
  d.addEventListener("focusout", function (ev) { light(ev.target, false); });

  // Inline or side by side: one shown at a time when scripts run.
  var views = d.querySelectorAll("[data-view]");
  var buttons = d.querySelectorAll("[data-show]");
  function show(id) {
    each(views, function (v) { v.hidden = v.id !== id; });
    each(buttons, function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-show") === id)); });
    current = -1;
  }
  each(buttons, function (b) { b.addEventListener("click", function () { show(b.getAttribute("data-show")); }); });
  if (views.length > 1) { show(views[0].id); }

  // Next and previous change: the stops of the view in sight.
  var current = -1;
  var position = d.querySelector(".position");
  function stops() {
    var list = [];
    each(d.querySelectorAll("[data-stop]"), function (e) {
      var v = e.closest("[data-view]");
      if (!v || !v.hidden) { list.push(e); }
    });
    return list;
  }
  function track(target) {
    var list = stops();
    var i = list.indexOf(target && target.closest ? target.closest("[data-stop]") : null);
    if (i >= 0) { current = i; report(list); }
  }
  function report(list) {
    if (position) { position.textContent = "Change " + (current + 1) + " of " + list.length; }
  }
  function go(step) {
    var list = stops();
    if (!list.length) { return; }
    current = current < 0 ? (step > 0 ? 0 : list.length - 1) : (current + step + list.length) % list.length;
    var target = list[current];
    var focusable = target.matches("a, [tabindex]") ? target : target.querySelector("a, [tabindex]") || target;
    focusable.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
    report(list);
  }
  each(d.querySelectorAll("[data-step]"), function (b) {
    b.addEventListener("click", function () { go(Number(b.getAttribute("data-step"))); });
  });
  d.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var tag = ev.target && ev.target.tagName;
    if (tag === "INPUT" && ev.target.type !== "radio" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    if (ev.key === "n" || ev.key === "j") { go(1); ev.preventDefault(); }
    else if (ev.key === "p" || ev.key === "k") { go(-1); ev.preventDefault(); }
  });

  // A link into a view not in sight, or into a fold, shows the view and opens the fold.
  function reveal(target) {
    var v = target.closest("[data-view]");
    if (v && v.hidden) { show(v.id); }
    for (var e = target.parentElement; e; e = e.parentElement) {
      if (e.tagName === "DETAILS") { e.open = true; }
    }
  }
  function byHash(hash) {
    try { return hash.length > 1 ? d.getElementById(decodeURIComponent(hash.slice(1))) : null; } catch (err) { return null; }
  }
  d.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    var t = a ? byHash(a.getAttribute("href")) : null;
    if (t) { reveal(t); }
  });
  var start = byHash(location.hash);
  if (start) { reveal(start); start.scrollIntoView(); }
  // Every fold (-C N) opened or closed at once.
  var folds = d.querySelectorAll("details.fold");
  each(d.querySelectorAll("[data-folds]"), function (b) {
    b.addEventListener("click", function () {
      var open = b.getAttribute("data-folds") === "open";
      each(folds, function (f) { f.open = open; });
    });
  });
  // In print the details that are not folds open; a fold prints as it stands, open or not.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    each(d.querySelectorAll("details:not(.fold):not([open])"), function (e) { e.open = true; opened.push(e); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (e) { e.open = false; });
    opened = [];
  });

  // A synopsis: the base the others of its language are compared with. Each mark knows its
  // variant against every base of its language (data-links); the chosen base's marks show.
  var synopsis = d.querySelector("table.synopsis");
  var base = d.getElementById("base");
  function rebase(b) {
    var option = base.options[base.selectedIndex];
    var g = option.getAttribute("data-group");
    var siglum = "";
    each(synopsis.querySelectorAll("thead th[data-g='" + g + "']"), function (th) {
      if (th.getAttribute("data-w") === b) { siglum = th.querySelector(".siglum").textContent; }
    });
    each(synopsis.querySelectorAll("thead th[data-g='" + g + "']"), function (th) {
      var me = th.getAttribute("data-w") === b;
      th.className = me ? "base" : "variant";
      th.querySelector(".against").textContent = me ? "the others are compared with it" : "compared with " + siglum;
    });
    each(synopsis.querySelectorAll("td[data-g='" + g + "']"), function (td) {
      td.className = td.cellIndex === Number(b) + 1 ? "base" : "variant";
    });
    each(synopsis.querySelectorAll("td[data-g='" + g + "'] mark[data-links]"), function (m) {
      var found = null;
      m.getAttribute("data-links").split(" ").forEach(function (pair) {
        var parts = pair.split(":");
        if (parts[0] === b) { found = parts[1]; }
      });
      m.classList.toggle("on", found !== null);
      if (found !== null) { m.setAttribute("data-link", found); } else { m.removeAttribute("data-link"); }
    });
    each(d.querySelectorAll("[data-heat]"), function (e) {
      var level = e.getAttribute("data-heat").split(" ")[Number(b)];
      var percent = e.getAttribute("data-percent").split(" ")[Number(b)];
      e.className = e.className.replace(/\bheat\d\b/, "heat" + level);
      var small = e.querySelector("small");
      if (small) { small.textContent = percent + " %"; }
      if (e.title) { e.title = e.title.replace(/[0-9]+ %/, percent + " %"); }
    });
    index();
  }
  if (synopsis && base) { base.addEventListener("change", function () { rebase(base.value); }); }

  // The layers of one document: the chosen layer hides what it does not read. The list
  // holds every layer; the slider steps through the stages (base, then each change).
  var doc = d.querySelector(".doc[data-layer]");
  var pick = d.getElementById("layer");
  var stage = d.getElementById("stage");
  var stageName = d.querySelector(".stage-name");
  var stages = stage ? stage.getAttribute("data-layers").split(" ") : [];
  function choose(value) {
    if (doc) { doc.setAttribute("data-layer", value); }
    if (pick) { pick.value = value; }
    var at = stages.indexOf(value);
    if (stage && at >= 0) { stage.value = String(at); }
    if (stageName) {
      var option = pick ? pick.options[pick.selectedIndex] : null;
      stageName.textContent = at >= 0 && option ? option.textContent : "—";
      if (stage) { stage.setAttribute("aria-valuetext", stageName.textContent); }
    }
  }
  if (pick) { pick.addEventListener("change", function () { choose(pick.value); }); }
  if (stage) { stage.addEventListener("input", function () { choose(stages[Number(stage.value)]); }); }
  if (pick) { choose(pick.value); }
})();
