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
  each(d.querySelectorAll(linked), function (e) {
    kinds.forEach(function (kind) {
      var k = e.getAttribute(kind);
      if (k !== null) { (groups[kind + "=" + k] = groups[kind + "=" + k] || []).push(e); }
    });
  });
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

  // The layers of one document: the chosen layer hides what it does not read.
  var doc = d.querySelector(".doc[data-layer]");
  each(d.querySelectorAll("input[name=layer]"), function (r) {
    r.addEventListener("change", function () { if (r.checked && doc) { doc.setAttribute("data-layer", r.value); } });
  });
})();
