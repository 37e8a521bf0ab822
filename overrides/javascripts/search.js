/* Briefing's online search: Pagefind's UI in Material's search dialog.
 *
 * Nothing is fetched until the reader opens the search (the magnifier, "/" or "s"):
 * then Pagefind's script and style load once, and each query fetches only the index
 * chunks and result fragments it needs. Paths are resolved against this page's own
 * address, so the site works at any base URL. */
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var box = document.getElementById("briefing-search");
  if (!toggle || !box) return;
  var bundle = new URL(box.getAttribute("data-bundle"), location.href);
  var base = new URL(bundle.href + "../").pathname;
  var state = "idle";  // idle -> loading -> ready | missing

  function input() { return box.querySelector(".pagefind-ui__search-input"); }

  function focusInput() {
    var field = input();
    if (field) field.focus();
  }

  function load() {
    if (state !== "idle") return;
    state = "loading";
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = bundle.href + "pagefind-ui.css";
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = bundle.href + "pagefind-ui.js";
    script.onload = function () {
      new PagefindUI({
        element: "#briefing-search",
        bundlePath: bundle.pathname,
        baseUrl: base,
        showImages: false,
        showSubResults: true,
        showEmptyFilters: false,
        resetStyles: false,
        excerptLength: 24,
        debounceTimeoutMs: 100,  // Pagefind waits 300 ms after each key by default
        translations: { placeholder: "Search the briefing" }
      });
      state = "ready";
      // Pagefind names its field by a title only; screen readers and axe want a label
      var field = input();
      if (field) field.setAttribute("aria-label", "Search the briefing");
      if (toggle.checked) focusInput();
    };
    script.onerror = function () {
      state = "missing";
      box.querySelector(".briefing-search__note").hidden = false;
    };
    document.body.appendChild(script);
  }

  function open() {
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
  }

  var button = document.querySelector(".briefing-search__open");
  if (button) button.addEventListener("click", open);

  toggle.addEventListener("change", function () {
    if (!toggle.checked) return;
    load();
    // Material moves focus away when the dialog opens; take it back for the field
    setTimeout(focusInput, 50);
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
    }
  });
})();
