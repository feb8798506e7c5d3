// The search page: full text, filters with counts, sorting, and the whole search in the URL
// (?q=…&tag=…&author=…&source=…&year=…&sort=newest&lang=ru) so it can be shared.
//
// Filters narrow: every chosen value must hold (Pagefind's default), and the counts beside the
// values say how many results each would leave. The page keeps its height while results come
// (search.css reserves it), so nothing below them moves.

import {
  articleCounts,
  bundle,
  forgetBundle,
  languageOf,
  searchParts,
} from "./search-client.js";

const PAGE_SIZE = 20;
const FACETS = { tag: "Tags", author: "Authors", source: "Sources", year: "Years" };
const FACET_LIMIT = 12;
const SORTS = {
  relevance: ["Relevance", undefined],
  newest: ["Newest first", { date: "desc" }],
  oldest: ["Oldest first", { date: "asc" }],
};
const LANGUAGE_NAMES = { en: "English", ru: "Русский" };
const DEBOUNCE_MS = 200;

/** Builds the page's search UI inside `root`, from and into the page's URL. */
export async function mountSearchPage(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const ui = buildUi(root);
  let counts = {};
  let state = readState(new URLSearchParams(location.search));
  let latest = 0;
  let timer;

  ui.query.value = state.q;
  ui.sort.value = state.sort;

  const update = (changes, delay = 0) => {
    state = { ...state, ...changes };
    ui.results.setAttribute("aria-busy", "true");
    history.replaceState(history.state, "", writeState(state));
    clearTimeout(timer);
    timer = setTimeout(run, delay);
  };
  // A new query picks its language by its alphabet again, whatever was chosen before.
  ui.query.addEventListener("input", () =>
    update({ q: ui.query.value.trim(), lang: "" }, DEBOUNCE_MS),
  );
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    update({ q: ui.query.value.trim(), lang: "" });
  });
  ui.sort.addEventListener("change", () => update({ sort: ui.sort.value }));
  ui.languages.addEventListener("change", (event) => update({ lang: event.target.value }));
  ui.facets.addEventListener("change", (event) => {
    const { facet, value } = event.target.dataset;
    const chosen = state.filters[facet].filter((v) => v !== value);
    if (event.target.checked) chosen.push(value);
    update({ filters: { ...state.filters, [facet]: chosen } });
  });

  async function run() {
    const ticket = ++latest;
    ui.status.textContent = "Searching…";
    let lang;
    try {
      if (!Object.keys(counts).length) {
        counts = await articleCounts();
        renderLanguages(ui.languages, counts, () => state.lang);
      }
      lang = state.lang && counts[state.lang] ? state.lang : languageOf(state.q, counts);
      ui.languages.querySelectorAll("input").forEach((el) => (el.checked = el.value === lang));
      if (!lang) {
        settle("No articles are indexed yet.");
        return;
      }
      const filters = Object.fromEntries(
        Object.entries(state.filters).filter(([, values]) => values.length),
      );
      const browsing = !state.q && Object.keys(filters).length === 0;
      const index = await bundle(lang);
      // A search counts only the filters whose data is loaded: load all of them first.
      const totals = await index.pagefind.filters();
      const found = browsing
        ? { count: 0, filters: totals, missing: [], read: async () => [] }
        : await searchParts(index, state.q || null, { filters, sort: SORTS[state.sort][1] });
      if (ticket !== latest) return;
      renderFacets(ui.facets, found.filters, state.filters);
      ui.results.replaceChildren();
      await showMore(ui, found, 0, () => ticket === latest);
      settle(browsing ? "Type a word or choose a filter." : summary(found));
    } catch {
      if (lang) forgetBundle(lang);
      settle("Search could not load. Check the connection, then search again.");
    }

    // Settled: screen readers (and the tests) know the list is complete for this search.
    function settle(message) {
      if (ticket !== latest) return;
      ui.status.textContent = message;
      ui.results.setAttribute("aria-busy", "false");
    }
  }

  ui.results.setAttribute("aria-busy", "true");
  run();
}

function readState(params) {
  const sort = params.get("sort");
  return {
    q: (params.get("q") || "").trim(),
    sort: sort in SORTS ? sort : "relevance",
    lang: params.get("lang") || "",
    filters: Object.fromEntries(Object.keys(FACETS).map((key) => [key, params.getAll(key)])),
  };
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [key, values] of Object.entries(state.filters)) {
    for (const value of values) params.append(key, value);
  }
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.lang) params.set("lang", state.lang);
  const query = params.toString();
  return query ? `?${query}` : location.pathname;
}

function summary({ count, missing }) {
  if (missing.length) return `No article has ${missing.map((word) => `“${word}”`).join(", ")}.`;
  return `${count.toLocaleString("en")} ${count === 1 ? "article" : "articles"}`;
}

// Appends the results from `from` on; with `focus`, moves the keyboard to the first of them, as
// the button that asked for them goes away.
async function showMore(ui, found, from, current, focus = false) {
  const page = await found.read(from, PAGE_SIZE);
  if (!current()) return;
  const items = page.map(resultItem);
  ui.results.append(...items);
  if (focus && items.length) items[0].querySelector("a").focus();
  ui.more.replaceChildren();
  if (found.count > from + PAGE_SIZE) {
    const button = element("button", "md-button");
    button.type = "button";
    button.textContent = `Show ${Math.min(PAGE_SIZE, found.count - from - PAGE_SIZE)} more`;
    button.addEventListener("click", () => {
      button.disabled = true;
      showMore(ui, found, from + PAGE_SIZE, current, true).catch(() => {
        button.disabled = false;
        button.textContent = "Could not load more results; try again";
      });
    });
    ui.more.append(button);
  }
}

function resultItem(result) {
  const item = element("li", "archive-search-page__result");
  const title = element("h2");
  const link = element("a");
  link.href = result.url;
  link.textContent = result.meta.title;
  title.append(link);
  const byline = element("p", "archive-search-page__byline");
  byline.textContent = [result.meta.date, result.meta.authors].filter(Boolean).join(" · ");
  const excerpt = element("p");
  // Pagefind builds the excerpt from text it stored escaped; the only markup is its <mark>.
  excerpt.innerHTML = result.excerpt;
  item.append(title, byline, excerpt);
  return item;
}

function renderFacets(container, available, chosen) {
  container.replaceChildren(
    ...Object.entries(FACETS).map(([facet, label]) => {
      const counts = available[facet] || {};
      const values = Object.keys(counts)
        .filter((value) => counts[value] > 0 || chosen[facet].includes(value))
        .sort(facet === "year" ? (a, b) => b.localeCompare(a) : (a, b) => counts[b] - counts[a]);
      const group = element("fieldset", "archive-search-page__facet");
      const legend = element("legend");
      legend.textContent = label;
      group.append(legend);
      const shown = values.slice(0, FACET_LIMIT);
      group.append(...shown.map((value) => facetOption(facet, value, counts[value] || 0, chosen)));
      if (values.length > FACET_LIMIT) {
        const more = element("details");
        const summary = element("summary");
        summary.textContent = `${values.length - FACET_LIMIT} more`;
        more.append(summary, ...values.slice(FACET_LIMIT).map((v) => facetOption(facet, v, counts[v], chosen)));
        group.append(more);
      }
      if (!values.length) group.hidden = true;
      return group;
    }),
  );
}

function facetOption(facet, value, count, chosen) {
  const label = element("label", "archive-search-page__option");
  const box = element("input");
  box.type = "checkbox";
  box.dataset.facet = facet;
  box.dataset.value = value;
  box.checked = chosen[facet].includes(value);
  const name = element("span");
  name.textContent = value;
  const number = element("span", "archive-search-page__count");
  number.textContent = count.toLocaleString("en");
  label.append(box, name, number);
  return label;
}

function renderLanguages(container, counts, chosen) {
  const languages = Object.keys(counts);
  container.hidden = languages.length < 2;
  container.replaceChildren(
    ...languages.map((lang) => {
      const label = element("label", "archive-search-page__option");
      const radio = element("input");
      radio.type = "radio";
      radio.name = "lang";
      radio.value = lang;
      radio.checked = chosen() === lang;
      const name = element("span");
      name.textContent = LANGUAGE_NAMES[lang] || lang;
      const number = element("span", "archive-search-page__count");
      number.textContent = counts[lang].toLocaleString("en");
      label.append(radio, name, number);
      return label;
    }),
  );
}

function buildUi(root) {
  const form = element("form", "archive-search-page__form");
  form.setAttribute("role", "search");
  const query = element("input", "archive-search-page__query");
  Object.assign(query, { type: "search", name: "q", placeholder: "Search the full text" });
  query.setAttribute("aria-label", "Search the full text of the articles");
  const sort = element("select");
  sort.setAttribute("aria-label", "Sort by");
  for (const [value, [label]] of Object.entries(SORTS)) {
    const option = element("option");
    Object.assign(option, { value, textContent: label });
    sort.append(option);
  }
  form.append(query, sort);
  const languages = element("fieldset", "archive-search-page__languages");
  languages.setAttribute("aria-label", "Language");
  const facets = element("div", "archive-search-page__facets");
  const status = element("p", "archive-search-page__status");
  status.setAttribute("role", "status");
  const results = element("ol", "archive-search-page__results");
  const more = element("div", "archive-search-page__more");
  const main = element("div", "archive-search-page__main");
  main.append(status, results, more);
  // Filters fold away above the results on narrow screens, and stand beside them on wide ones.
  const aside = element("details", "archive-search-page__aside");
  aside.open = window.matchMedia("(min-width: 45em)").matches;
  const summary = element("summary");
  summary.textContent = "Filter by tag, author, source or year";
  aside.append(summary, languages, facets);
  const body = element("div", "archive-search-page__body");
  body.append(aside, main);
  root.replaceChildren(form, body);
  return { form, query, sort, languages, facets, status, results, more };
}

function element(tag, className) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  return el;
}
