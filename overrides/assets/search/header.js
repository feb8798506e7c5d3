// The search box in the header: results from the full text as the reader types, best first (the
// words as one phrase, then in the title, the lead, the body), each with its excerpt; Enter
// opens the search page, with filters and sorting, on the same query.
//
// It uses Material's search markup and styles (partials/search.html) but none of Material's
// search code. Pagefind loads on the first focus, not with the page. The header is set up once
// per page load; the search page is mounted each time one is shown.

import {
  articleCounts,
  bundle,
  forgetBundle,
  languageOf,
  searchParts,
  siteRoot,
} from "./search-client.js";

const SHOWN = 6;
const MIN_LENGTH = 2;
const DEBOUNCE_MS = 120;

const root = document.querySelector("[data-archive-search]");
const searchPage = new URL("search/", siteRoot);

if (root) mountHeader(root);
onEachPage(() => {
  const page = document.querySelector("[data-archive-search-page]");
  if (page) import("./search-page.js").then(({ mountSearchPage }) => mountSearchPage(page));
});

function onEachPage(callback) {
  // Material's `document$` emits on the first load (and after an instant navigation, should
  // the site turn that feature on again).
  if (window.document$) window.document$.subscribe(callback);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", callback);
  else callback();
}

function mountHeader(root) {
  const toggle = document.getElementById("__search");
  const form = root.querySelector("form");
  const input = root.querySelector("input");
  const { status, list } = addResultsPanel(root.querySelector(".md-search__inner"), input);
  let active = -1;
  let timer;
  let latest = 0;
  const hint = status.textContent;

  form.action = searchPage.pathname;

  const open = (state) => {
    if (toggle && toggle.checked !== state) toggle.checked = state;
    input.setAttribute("aria-expanded", String(state));
    activate(-1);
    if (state) warmUp();
  };
  const options = () => [...list.querySelectorAll("[role=option]")];
  // Moves the highlight to option `index`; -1 leaves none highlighted.
  const activate = (index) => {
    const all = options();
    active = index;
    all.forEach((el, i) => el.setAttribute("aria-selected", String(i === active)));
    if (active < 0) input.removeAttribute("aria-activedescendant");
    else {
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
  };

  input.addEventListener("focus", () => open(true));
  toggle?.addEventListener("change", () => {
    if (toggle.checked) input.focus();
  });
  input.addEventListener("input", () => {
    // Busy from the keystroke on: what is listed no longer answers what is typed.
    list.setAttribute("aria-busy", "true");
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value.trim()), DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => {
    const count = options().length;
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && count) {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      activate(active < 0 && step < 0 ? count - 1 : (active + step + count) % count);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      options()[active].querySelector("a").click();
    } else if (event.key === "Escape") {
      event.preventDefault();
      open(false);
      input.blur();
    }
  });
  form.addEventListener("submit", (event) => {
    if (!input.value.trim()) event.preventDefault();
  });
  form.addEventListener("reset", () => {
    list.replaceChildren();
    status.textContent = hint;
    input.focus();
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      input.focus();
    }
  });
  document.addEventListener("click", (event) => {
    // A label's click also clicks the toggle: opening the box that way must not close it.
    if (event.target === toggle && toggle.checked) return;
    if (!root.contains(event.target) && !event.target.closest?.("label[for=__search]")) open(false);
  });
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) open(false);
  });

  // Loads Pagefind for the site's main language while the reader starts typing; a failure
  // shows with the first query, which tries again.
  async function warmUp() {
    try {
      const lang = languageOf("", await articleCounts());
      if (lang) await bundle(lang);
    } catch {}
  }

  async function run(query) {
    const ticket = ++latest;
    const settle = (message, items = []) => {
      if (ticket !== latest) return;
      list.replaceChildren(...items);
      status.textContent = message;
      list.setAttribute("aria-busy", "false");
    };
    activate(-1);
    if (query.length < MIN_LENGTH) {
      settle(query ? "Type at least two letters" : hint);
      return;
    }
    status.textContent = "Searching…";
    let lang;
    try {
      lang = languageOf(query, await articleCounts());
      if (!lang) {
        settle("No articles are indexed yet");
        return;
      }
      const found = await searchParts(await bundle(lang), query);
      const results = await found.read(0, SHOWN);
      const items = results.map((result, i) => resultItem(result, i));
      settle(summary(found), [...items, allResultsItem(query, results.length)]);
    } catch {
      if (lang) forgetBundle(lang);
      settle("Search could not load. Check the connection; typing again retries.");
    }
  }
}

function summary({ count, missing }) {
  if (missing.length) {
    const words = missing.map((word) => `“${word}”`).join(", ");
    return `No article has ${words}`;
  }
  if (!count) return "No article has all these words";
  return `${count.toLocaleString("en")} ${count === 1 ? "article matches" : "articles match"}`;
}

// Material's results dropdown, empty, and the attributes of the input that controls it: made
// here rather than shipped in every page (without JavaScript, Material hides the box).
function addResultsPanel(inner, input) {
  const status = element("div", "md-search-result__meta");
  status.setAttribute("role", "status");
  status.textContent = "Type a name or words from an article; Enter for filters";
  const list = element("ol", "md-search-result__list");
  list.id = "archive-search-results";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Matching articles");
  list.setAttribute("aria-busy", "false");
  const result = element("div", "md-search-result");
  result.append(status, list);
  const scrollwrap = element("div", "md-search__scrollwrap");
  scrollwrap.tabIndex = 0;
  scrollwrap.append(result);
  const output = element("div", "md-search__output");
  output.append(scrollwrap);
  inner.append(output);
  const attributes = {
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": list.id,
    placeholder: "Search",
    autocapitalize: "off",
    autocorrect: "off",
    spellcheck: "false",
    enterkeyhint: "search",
  };
  for (const [name, value] of Object.entries(attributes)) input.setAttribute(name, value);
  return { status, list };
}

function resultItem(result, index) {
  const item = element("li", "md-search-result__item");
  item.id = `archive-search-option-${index}`;
  item.setAttribute("role", "option");
  const link = element("a", "md-search-result__link");
  link.href = result.url;
  link.tabIndex = -1;
  const article = element("article", "md-search-result__article md-typeset");
  const title = element("h1");
  title.textContent = result.meta.title;
  const byline = element("p", "archive-search__byline");
  byline.textContent = [result.meta.date, result.meta.authors].filter(Boolean).join(" · ");
  const excerpt = element("p");
  // Pagefind builds the excerpt from text it stored escaped; the only markup is its <mark>.
  excerpt.innerHTML = result.excerpt;
  article.append(element("div", "md-search-result__icon md-icon"), title, byline, excerpt);
  link.append(article);
  item.append(link);
  return item;
}

function allResultsItem(query, shown) {
  const item = element("li", "md-search-result__item archive-search__all");
  item.id = "archive-search-option-all";
  item.setAttribute("role", "option");
  const link = element("a", "md-search-result__link");
  const url = new URL(searchPage);
  url.searchParams.set("q", query);
  link.href = url.pathname + url.search;
  link.tabIndex = -1;
  link.textContent = shown
    ? `All results for “${query}”, with filters`
    : `Open the search page for “${query}”`;
  item.append(link);
  return item;
}

function element(tag, className) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  return el;
}
