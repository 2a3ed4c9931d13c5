// A search box over a list of district checkboxes grouped by region
// (geo/widgets/region_checkboxes.html). Typing hides the districts whose names do not
// contain the text and opens the regions that still hold one; clearing the box shows
// all again. Without this script the list works as it is.
(function () {
  "use strict";
  function fold(text) {
    return text.toLocaleLowerCase().normalize("NFC").trim();
  }
  function enhance(box) {
    if (box.dataset.filterReady) {
      return;
    }
    box.dataset.filterReady = "1";
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "region-checkboxes__filter";
    input.id = (box.id || "districts") + "_filter";
    input.setAttribute("autocomplete", "off");
    label.htmlFor = input.id;
    label.textContent = box.dataset.filterLabel || "Filter";
    var wrap = document.createElement("div");
    wrap.className = "region-checkboxes__search";
    wrap.appendChild(label);
    wrap.appendChild(input);
    box.parentNode.insertBefore(wrap, box);
    var regions = box.querySelectorAll("details");
    var initiallyOpen = [];
    regions.forEach(function (region) {
      initiallyOpen.push(region.open);
    });
    input.addEventListener("input", function () {
      var wanted = fold(input.value);
      regions.forEach(function (region, index) {
        var shown = 0;
        region.querySelectorAll("li").forEach(function (item) {
          var match = !wanted || fold(item.textContent).indexOf(wanted) !== -1;
          item.hidden = !match;
          if (match) {
            shown += 1;
          }
        });
        region.hidden = shown === 0;
        region.open = wanted ? shown > 0 : initiallyOpen[index];
      });
    });
  }
  function start() {
    document.querySelectorAll(".region-checkboxes").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
