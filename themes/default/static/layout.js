/* Small enhancements; without JavaScript every lane shows, every scroll hint stays and
   tables scroll sideways instead of stacking on phones.
   1. Scroll hints: a region that fits its box gets `fits` on its .scroll-area (hint hidden).
   2. Lane toggles on a journey map: the shown lanes are kept in the URL (?lanes=a,b), so a
      link reproduces the view; no parameter means every lane. */
(function () {
  "use strict";

  function markFits() {
    document.querySelectorAll(".scroll-area").forEach(function (area) {
      var box = area.querySelector(".table-wrap, .grid-wrap, .chart");
      if (box) area.classList.toggle("fits", box.scrollWidth <= box.clientWidth + 1);
    });
  }

  function shownLanes(form) {
    var boxes = form.querySelectorAll("input[name=lane]");
    var shown = [];
    boxes.forEach(function (box) { if (box.checked) shown.push(box.value); });
    return shown.length === boxes.length ? null : shown;
  }

  function applyLanes(form) {
    var shown = shownLanes(form);
    document.querySelectorAll(".lane-grid tr[data-lane]").forEach(function (row) {
      var lane = row.getAttribute("data-lane");
      row.hidden = lane !== "touchpoint" && shown !== null && shown.indexOf(lane) < 0;
    });
    var url = new URL(window.location.href);
    if (shown === null) url.searchParams.delete("lanes");
    else url.searchParams.set("lanes", shown.join(","));
    window.history.replaceState(null, "", url.toString());
    markFits();
  }

  function setUpLanes() {
    var form = document.querySelector(".lane-toggles");
    if (!form) return;
    var wanted = new URL(window.location.href).searchParams.get("lanes");
    if (wanted !== null) {
      var list = wanted.split(",");
      form.querySelectorAll("input[name=lane]").forEach(function (box) {
        box.checked = list.indexOf(box.value) >= 0;
      });
    }
    form.hidden = false;
    form.addEventListener("change", function () { applyLanes(form); });
    if (wanted !== null) applyLanes(form);
  }

  /* Data tables stack as cards on phones (CSS, table.stack): each cell is labelled with
     its column's heading. */
  function labelCells() {
    document.querySelectorAll(".table-wrap table").forEach(function (table) {
      var head = table.tHead && table.tHead.rows.length === 1 ? table.tHead.rows[0] : null;
      if (!head) return;
      var names = [].map.call(head.cells, function (cell) { return cell.textContent.trim(); });
      [].forEach.call(table.tBodies, function (body) {
        [].forEach.call(body.rows, function (row) {
          if (row.cells.length !== names.length) return;  // a group heading row
          [].forEach.call(row.cells, function (cell, i) {
            if (i > 0 && names[i]) cell.setAttribute("data-label", names[i]);
          });
        });
      });
      table.classList.add("stack");
    });
  }

  function start() {
    labelCells();
    setUpLanes();
    markFits();
    window.addEventListener("resize", markFits);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
