/* Briefing's online search: Pagefind's UI in Material's search dialog.
 *
 * Nothing is fetched until the reader opens the search (the magnifier, "/" or "s"):
 * then Pagefind's script and style load once, and each query fetches only the index
 * chunks and result fragments it needs. Paths are resolved against this page's own
 * address, so the site works at any base URL.
 *
 * While it is open the search is the whole page: the rest is inert (no tap, click or
 * Tab reaches it), and it is a step in the browser's history, so the close control,
 * Escape and the back button all close it, focus going back to the control that opened
 * it. From the field, ArrowDown goes to the first result and the arrows move through
 * the results (ArrowUp from the first goes back to the field). */
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var box = document.getElementById("briefing-search");
  if (!toggle || !box) return;
  var dialog = box.closest(".briefing-search");
  var bundle = new URL(box.getAttribute("data-bundle"), location.href);
  var base = new URL(bundle.href + "../").pathname;
  var wide = window.matchMedia("(min-width: 60em)");  // Material's breakpoint for the header's search field
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var state = "idle";  // idle -> loading -> ready | missing
  var ui = null;
  var opener = null;   // the control that opened the search: focus goes back to it
  var inerted = [];    // what open() made inert, given back by close()

  function input() { return box.querySelector(".pagefind-ui__search-input"); }

  function focusInput() {
    var field = input();
    if (field) field.focus();
  }

  function shown(el) { return !!el && el.getClientRects().length > 0; }

  // --- the controls that open the search -------------------------------------------------------

  var button = document.querySelector(".briefing-search__open");          // wide screens
  var magnifier = document.querySelector("label.md-header__button[for=__search]");  // phones
  if (magnifier) {
    // the theme's magnifier is a label: the keyboard reaches it (and focus can return to it);
    // no role="button", which ARIA does not allow on a label (axe: aria-allowed-role)
    magnifier.setAttribute("tabindex", "0");
    if (!magnifier.title) magnifier.title = "Search (/)";
    magnifier.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open();
      }
    });
  }

  function searchControl() {
    return shown(opener) ? opener : (shown(button) ? button : magnifier);
  }

  function open() {
    if (toggle.checked) return;
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
  }

  function close() {
    if (!toggle.checked) return;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
  }

  // --- Pagefind's UI, loaded on first opening --------------------------------------------------

  function normal(text) { return String(text || "").replace(/\s+/g, " ").trim().toLowerCase(); }

  // An excerpt (HTML with <mark>s) without the title it starts with, if it does.
  function withoutTitle(excerpt, title) {
    var words = normal(title).split(" ").map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var html = document.createElement("template");
    html.innerHTML = excerpt;
    var found = new RegExp("^\\s*" + words.join("\\s+") + "[.:]?\\s*", "i").exec(html.content.textContent);
    if (!words[0] || !found) return excerpt;
    var left = found[0].length;
    var walk = document.createTreeWalker(html.content, NodeFilter.SHOW_TEXT);
    for (var node = walk.nextNode(); node && left > 0; node = walk.nextNode()) {
      var cut = Math.min(left, node.data.length);
      node.data = node.data.slice(cut);
      left -= cut;
    }
    html.content.querySelectorAll("mark:empty").forEach(function (mark) { mark.remove(); });
    return html.innerHTML;
  }

  // Pagefind lists a page's own top heading among its sections: that section becomes the
  // result's own excerpt (Pagefind shows the first section as the page when their URLs match),
  // without the title it starts with, so no result repeats its title below itself.
  // A briefing's date is in its address.
  function processResult(result) {
    var meta = result.meta || (result.meta = {});
    for (var key in meta) {  // ranking fields (search.py): not for readers
      if (/^rank\d+$/.test(key)) delete meta[key];
    }
    var sections = result.sub_results || [];
    for (var i = 0; i < sections.length; i++) {
      if (normal(sections[i].title) === normal(meta.title)) {
        var own = sections.splice(i, 1)[0];
        own.url = meta.url || result.url;
        own.excerpt = withoutTitle(own.excerpt || "", meta.title);
        sections.unshift(own);
        break;
      }
    }
    if (result.excerpt) result.excerpt = withoutTitle(result.excerpt, meta.title);
    var day = /\/briefings\/(\d{4})-(\d{2})-(\d{2})-/.exec(result.url);
    if (day) meta.published = +day[3] + " " + MONTHS[+day[2] - 1] + " " + day[1];
    return result;
  }

  // Pagefind opens a lone filter with few values: on a phone it would push the results half a
  // screen down, so there it starts folded (a tap on "Kind" opens it)
  function foldFilters() {
    box.querySelectorAll(".pagefind-ui__filter-block:not([data-briefing-folded])").forEach(function (block) {
      block.setAttribute("data-briefing-folded", "");
      block.open = wide.matches;
    });
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
      new MutationObserver(foldFilters).observe(box, { childList: true, subtree: true });
      ui = new PagefindUI({
        element: "#briefing-search",
        bundlePath: bundle.pathname,
        baseUrl: base,
        showImages: false,
        showSubResults: true,
        showEmptyFilters: false,
        resetStyles: false,
        excerptLength: 24,
        debounceTimeoutMs: 100,  // Pagefind waits 300 ms after each key by default
        processResult: processResult,
        translations: { placeholder: "Search the briefing" }
      });
      state = "ready";
      // Pagefind names its field by a title only; screen readers and axe want a label
      var field = input();
      if (field) {
        field.setAttribute("aria-label", "Search the briefing");
        field.addEventListener("input", remember);
      }
      var query = history.state && history.state.briefingSearch && history.state.query;
      if (query) ui.triggerSearch(query);
      if (toggle.checked) focusInput();
    };
    script.onerror = function () {
      state = "missing";
      box.querySelector(".briefing-search__note").hidden = false;
    };
    document.body.appendChild(script);
  }

  // --- open and close: a step in the history, the page behind inert ---------------------------

  function searching() { return !!(history.state && history.state.briefingSearch); }

  // the query is kept in the history step: back from a result reopens the search with it
  function remember() {
    if (searching()) history.replaceState({ briefingSearch: true, query: input().value }, "");
  }

  function makeInert() {
    if (button && !button.inert) {  // the header's field-like button sits in the dialog, behind its panel
      button.inert = true;
      inerted.push(button);
    }
    for (var el = dialog; el && el !== document.body; el = el.parentElement) {
      for (var sibling = el.parentElement.firstElementChild; sibling; sibling = sibling.nextElementSibling) {
        if (sibling === el || sibling === toggle || sibling.inert || /^(SCRIPT|STYLE|LINK)$/.test(sibling.tagName)) continue;
        sibling.inert = true;
        inerted.push(sibling);
      }
    }
  }

  function giveBack() {
    inerted.forEach(function (el) { el.inert = false; });
    inerted = [];
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      var active = document.activeElement;
      opener = active === button || active === magnifier ? active : null;
      if (!searching()) history.pushState({ briefingSearch: true, query: "" }, "");
      makeInert();
      dialog.setAttribute("aria-modal", "true");
      load();
      // Material moves focus away when the dialog opens; take it back for the field
      setTimeout(focusInput, 50);
    } else {
      giveBack();
      dialog.removeAttribute("aria-modal");
      var control = searchControl();
      opener = null;
      if (control) control.focus();
      if (searching()) history.back();  // leave the search's step; its popstate finds the search closed
    }
  });

  window.addEventListener("popstate", function () {
    if (searching()) open();  // forward again into the search's step
    else close();
  });
  // back from a page a result opened: the search again, as the reader left it
  if (searching()) open();

  var closer = dialog.querySelector(".briefing-search__close");
  if (closer) closer.addEventListener("click", close);
  if (button) button.addEventListener("click", open);

  // --- keys ----------------------------------------------------------------------------------

  // what the arrows move through: the results' links, then "Load more results"
  function stops() {
    return Array.prototype.filter.call(
      box.querySelectorAll(".pagefind-ui__result-link, .pagefind-ui__results-area > .pagefind-ui__button"), shown);
  }

  box.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var list = stops();
    var at = event.target === input() ? -1 : list.indexOf(event.target);
    if (at === -1 && event.target !== input()) return;  // a filter or the clear button: keys as usual
    var next = at + (event.key === "ArrowDown" ? 1 : -1);
    if (next >= list.length || (at === -1 && next < 0)) return;
    event.preventDefault();
    if (next < 0) focusInput();
    else list[next].focus();
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "Escape" && toggle.checked) {
      event.preventDefault();
      close();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
    }
  });
})();
