// Loads the site's Pagefind bundles on demand and answers a query from all of a language's parts.
//
// The indexer (commentary_archive.site.search) writes each language's articles in parts (a
// year, or a run of a long year). Each part has a full-text bundle `pagefind/<lang>/<part>/` and
// a small headline bundle `pagefind/<lang>-headlines/<part>/`, and `pagefind/parts.json` lists
// them: {"en": {"articles": 8982, "parts": ["2015", …, "2025-2"], "words": true}, …}. The first
// part's Pagefind takes in the others (`mergeIndex`), so a query searches all of them as one
// index: one ranked list, every filter counted over all parts. A language of several parts also
// has a vocabulary (`words/`, one page of words per part), asked first which parts know the
// query's words: Pagefind matches a word a part does not know by its longest known prefix, which
// one index of every article would only do for a word no article has. A query is answered in the
// language whose alphabet it is written in, so a Cyrillic word reaches the Russian articles from
// any page, and stemming always fits the text.

// The site root, wherever the site is served from (a GitHub project page lives under /REPO/):
// this file is <root>/assets/search/search-client.js.
export const siteRoot = new URL("../../", import.meta.url);

// The two kinds of bundle, as the suffix of their folder.
export const FULL_TEXT = "";
export const HEADLINES = "-headlines";

const ALPHABETS = { ru: /\p{Script=Cyrillic}/u };
const DEFAULT_LANGUAGE = "en";
// A filter Pagefind adds to every page of a part (its `mergeFilter`): the part's name.
const PART_FILTER = "index_part";
// The vocabulary's folder, and the filter naming the part whose words a page of it holds.
const VOCABULARY = "words";
const VOCABULARY_FILTER = "words_of";
// A query in quotes: Pagefind then matches exact words only, and never a prefix.
const EXACT = /^\s*".+"\s*$/;
// The metadata holding a page's value of sort key <key>: `sort_<key>` (see the indexer).
const SORT_META_PREFIX = "sort_";

let manifest;
let counts;
const bundles = new Map();

function parts() {
  manifest ??= fetch(new URL("pagefind/parts.json", siteRoot)).then((response) =>
    response.ok ? response.json() : {},
  );
  return manifest;
}

/** Articles per language, as the indexer counted them. */
export function articleCounts() {
  counts ??= parts().then((languages) =>
    Object.fromEntries(Object.entries(languages).map(([lang, { articles }]) => [lang, articles])),
  );
  return counts;
}

/** The language whose bundles answer `query`: its alphabet's, else the default. */
export function languageOf(query, counts) {
  for (const [lang, alphabet] of Object.entries(ALPHABETS)) {
    if (counts[lang] && alphabet.test(query)) return lang;
  }
  if (counts[DEFAULT_LANGUAGE]) return DEFAULT_LANGUAGE;
  return Object.keys(counts)[0];
}

/**
 * Every part of one language's bundles of one kind, loaded once: `{ pagefind, parts, words }`,
 * the Pagefind API over all of them, the parts' names, and whether there is a vocabulary.
 */
export function bundle(lang, kind, excerptLength) {
  const name = `${lang}${kind}`;
  if (!bundles.has(name)) bundles.set(name, openBundle(name, lang, excerptLength));
  return bundles.get(name);
}

async function openBundle(name, lang, excerptLength) {
  const { parts: names, words } = (await parts())[lang];
  const [first, ...others] = names;
  const folder = (part) => new URL(`pagefind/${name}/${part}/`, siteRoot).pathname;
  // Results carry URLs relative to the site root, not to the bundle.
  const options = { baseUrl: siteRoot.pathname, excerptLength };
  const ofPart = (part) => ({ ...options, mergeFilter: { [PART_FILTER]: part } });
  const pagefind = await import(new URL(`${folder(first)}pagefind.js`, siteRoot).href);
  await pagefind.options(ofPart(first));
  await pagefind.init();
  await Promise.all([
    ...others.map((part) => pagefind.mergeIndex(folder(part), ofPart(part))),
    ...(words ? [pagefind.mergeIndex(folder(VOCABULARY), options)] : []),
  ]);
  return { pagefind, parts: names, words };
}

/**
 * Searches the parts of a `bundle` for `query` (null: filters alone), with Pagefind's search
 * options. Gives the number of results, the filter counts and `read(from, size)`, which loads
 * the data of the results in that slice of the list, in order.
 */
export async function searchParts({ pagefind, parts, words }, query, { filters = {}, sort } = {}) {
  const known = words && query && !EXACT.test(query);
  const within = known ? await partsKnowing(pagefind, query, parts) : parts;
  if (!within.length) return { count: 0, filters: {}, read: async () => [] };
  // The part filter also keeps the vocabulary's pages out.
  const scope = { ...filters, [PART_FILTER]: { any: within } };
  const search = await pagefind.search(query, { filters: scope, sort });
  const { [PART_FILTER]: perPart = {}, ...counted } = search.filters;
  delete counted[VOCABULARY_FILTER];
  const read = sort
    ? await readSorted(pagefind, query, filters, sort, perPart)
    : (from, size) => Promise.all(search.results.slice(from, from + size).map((r) => r.data()));
  return { count: search.results.length, filters: counted, read };
}

// The parts whose pages hold words that every word of `query` matches, as one index would
// match them: the parts whose vocabulary page the query finds.
async function partsKnowing(pagefind, query, parts) {
  const filters = { [VOCABULARY_FILTER]: { any: parts } };
  const search = await pagefind.search(query, { filters });
  const counts = search.filters[VOCABULARY_FILTER] ?? {};
  return Object.keys(counts).filter((part) => counts[part] > 0);
}

// Pagefind ranks merged results by score, and a sorted search scores a page by its place in its
// own part, which interleaves the parts. So each part with results is searched on its own (its
// filter), and the parts' lists are merged by the sort value the indexer stores as metadata.
async function readSorted(pagefind, query, filters, sort, perPart) {
  const [[key, direction]] = Object.entries(sort);
  const searched = Object.keys(perPart)
    .filter((part) => perPart[part] > 0)
    .map((part) => pagefind.search(query, { filters: { ...filters, [PART_FILTER]: part }, sort }));
  const lists = (await Promise.all(searched)).map(({ results }) => ({ results, next: 0, data: [] }));
  const dataAt = (list, index) => (list.data[index] ??= list.results[index].data());
  const value = (data) => data.meta[`${SORT_META_PREFIX}${key}`] ?? "";
  const before = direction === "asc" ? (a, b) => a < b : (a, b) => a > b;
  const merged = [];
  return async (from, size) => {
    while (merged.length < from + size) {
      const open = lists.filter((list) => list.next < list.results.length);
      if (!open.length) break;
      const heads = await Promise.all(open.map((list) => dataAt(list, list.next)));
      let best = 0;
      heads.forEach((head, i) => {
        if (before(value(head), value(heads[best]))) best = i;
      });
      merged.push(heads[best]);
      const list = open[best];
      list.next += 1;
      // The next results most likely come from the same part: load them meanwhile.
      const end = Math.min(list.results.length, list.next + from + size - merged.length);
      for (let index = list.next; index < end; index++) dataAt(list, index);
    }
    return merged.slice(from, from + size);
  };
}
