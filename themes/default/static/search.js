/* Mount Pagefind's search box in the page header (#search). The bundle lives in
   <site>/pagefind/; Pagefind finds it, and the site's base URL, from its script's
   own address, so search works at a domain root and under a subpath. Shards of a
   large index live in <site>/pagefind/shard-N/ (pagefind/shards.json) and are merged. */
(function () {
  "use strict";
  // A large handbook's index is split into shards (pagefind/shard-N/), listed in
  // pagefind/shards.json; Pagefind merges them into one set of results and filters.
  function withShards(start) {
    var script = document.querySelector('script[src*="pagefind-ui.js"]');
    if (!script || !/^https?:$/.test(location.protocol)) return start([]);
    var bundle = new URL(".", script.src);
    fetch(new URL("shards.json", bundle), { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .catch(function () { return []; })
      .then(function (names) {
        start((Array.isArray(names) ? names : []).map(function (name) {
          return { bundlePath: new URL(name + "/", bundle).pathname };
        }));
      });
  }

  function mount() {
    var box = document.getElementById("search");
    if (!box || typeof window.PagefindUI !== "function") return;
    var strings = {};
    try {
      strings = JSON.parse(box.getAttribute("data-strings") || "{}");
    } catch (error) {
      strings = {};
    }
    withShards(function (merged) { start(box, strings, merged); });
  }

  function start(box, strings, merged) {
    new window.PagefindUI({
      element: "#search",
      mergeIndex: merged,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      translations: strings
    });
    // Pagefind labels its input with a title only; give it a real accessible name.
    var label = strings.search_label || "Search";
    var tries = 0;
    (function name() {
      var input = box.querySelector("input");
      if (input) {
        input.setAttribute("aria-label", label);
      } else if (tries++ < 50) {
        window.setTimeout(name, 20);
      }
    })();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
