// Loads the site's Pagefind bundles on demand and answers a query from all of a language's parts.
//
// The indexer (commentary_archive.site.search) writes each language's articles in parts (a
// year, or a run of a long year), each a full-text bundle `pagefind/<lang>/<part>/`, and
// `pagefind/parts.json` lists them:
// {"en": {"articles": 8982, "parts": ["2015", …, "2025-2"], "words": true}, …}. The first
// part's Pagefind takes in the others (`mergeIndex`), so a query searches all of them as one
// index: one ranked list, every filter counted over all parts. A language of several parts also
// has a vocabulary (`words/`, one page of words per part), asked first which parts know the
// query's words: Pagefind matches a word a part does not know by its longest known prefix, which
// one index of every article would only do for a word no article has. A query is answered in the
// language whose alphabet it is written in, so a Cyrillic word reaches the Russian articles from
// any page, and stemming always fits the text.
//
// Every word of a query counts: a word no article has is reported (Pagefind would drop it and
// answer for the others), and among the articles that have every word, those that have them
// together come first (`byProximity`). A load that fails is forgotten, so that the next query
// tries again.

// The site root, wherever the site is served from (a GitHub project page lives under /REPO/):
// this file is <root>/assets/search/search-client.js.
export const siteRoot = new URL("../../", import.meta.url);

// Words of the excerpt shown with each result, in the header and on the search page alike: both
// use one Pagefind per language.
const EXCERPT_WORDS = 30;
const ALPHABETS = { ru: /\p{Script=Cyrillic}/u };
const DEFAULT_LANGUAGE = "en";
// A filter Pagefind adds to every page of a part (its `mergeFilter`): the part's name.
const PART_FILTER = "index_part";
// The vocabulary's folder, and the filter naming the part whose words a page of it holds.
const VOCABULARY = "words";
const VOCABULARY_FILTER = "words_of";
// A query in quotes: Pagefind then matches exact words only, and never a prefix.
const EXACT = /^\s*".+"\s*$/;
// What Pagefind takes for the words of a query.
const WORD = /[\p{L}\p{N}_]+/gu;
// Words this close (in word positions) are together: in one sentence, or in the title and the
// authors' names indexed after it.
const NEAR = 12;
// The metadata holding a page's value of sort key <key>: `sort_<key>` (see the indexer).
const SORT_META_PREFIX = "sort_";

let manifest;
let counts;
const bundles = new Map();

function parts() {
  manifest ??= forgetFailure(
    fetch(new URL("pagefind/parts.json", siteRoot)).then((response) => {
      if (!response.ok) throw new Error(`${response.url}: ${response.status}`);
      return response.json();
    }),
    () => (manifest = undefined),
  );
  return manifest;
}

/** Articles per language, as the indexer counted them. */
export function articleCounts() {
  counts ??= forgetFailure(
    parts().then((languages) =>
      Object.fromEntries(Object.entries(languages).map(([lang, { articles }]) => [lang, articles])),
    ),
    () => (counts = undefined),
  );
  return counts;
}

// `promise`, with `forget` called if it fails: a failed load is not kept for the next query.
function forgetFailure(promise, forget) {
  promise.catch(forget);
  return promise;
}

/** The language whose bundles answer `query`: its alphabet's, else the default. */
export function languageOf(query, counts) {
  for (const [lang, alphabet] of Object.entries(ALPHABETS)) {
    if (counts[lang] && alphabet.test(query)) return lang;
  }
  if (counts[DEFAULT_LANGUAGE]) return DEFAULT_LANGUAGE;
  return Object.keys(counts)[0];
}

let attempts = 0;

/**
 * Every part of one language's bundle, loaded once: `{ pagefind, parts, words }`, the Pagefind
 * API over all of them, the parts' names, and whether there is a vocabulary.
 */
export function bundle(lang) {
  if (!bundles.has(lang)) bundles.set(lang, openBundle(lang));
  return bundles.get(lang);
}

/** Drops a language's bundle after a failure, so that the next query loads it afresh. */
export function forgetBundle(lang) {
  bundles.delete(lang);
}

async function openBundle(lang) {
  const { parts: names, words } = (await parts())[lang];
  const [first, ...others] = names;
  const folder = (part) => new URL(`pagefind/${lang}/${part}/`, siteRoot).pathname;
  // Results carry URLs relative to the site root, not to the bundle.
  const options = { baseUrl: siteRoot.pathname, excerptLength: EXCERPT_WORDS };
  const ofPart = (part) => ({ ...options, mergeFilter: { [PART_FILTER]: part } });
  // A Pagefind that failed to load keeps what failed: a retry imports a new one.
  const retry = attempts++ ? `?attempt=${attempts}` : "";
  const pagefind = await import(new URL(`${folder(first)}pagefind.js${retry}`, siteRoot).href);
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
 * options. Gives the number of results, the filter counts, the words of the query no article
 * has (`missing`; then there are no results), and `read(from, size)`, which loads the data of
 * the results in that slice of the list, in order.
 */
export async function searchParts(bundle, query, { filters = {}, sort } = {}) {
  const { pagefind, parts } = bundle;
  const exact = query && EXACT.test(query);
  const { within, missing } =
    query && !exact ? await partsKnowing(bundle, query) : { within: parts, missing: [] };
  if (!within.length) return { count: 0, filters: {}, missing, read: async () => [] };
  // The part filter also keeps the vocabulary's pages out.
  const scope = { ...filters, [PART_FILTER]: { any: within } };
  const search = await pagefind.search(query, { filters: scope, sort });
  const { [PART_FILTER]: perPart = {}, ...counted } = search.filters;
  delete counted[VOCABULARY_FILTER];
  const terms = new Set(query?.toLowerCase().match(WORD)).size;
  let results = search.results;
  if (!sort && !exact && terms > 1) {
    // The same words as one phrase: no more index to load, only a narrower match.
    const phrase = await pagefind.search(`"${query.replaceAll('"', "")}"`, { filters: scope });
    results = byProximity(results, terms, new Set(phrase.results.map((result) => result.id)));
  }
  const read = sort
    ? await readSorted(pagefind, query, filters, sort, perPart)
    : (from, size) => Promise.all(results.slice(from, from + size).map((r) => r.data()));
  return { count: search.results.length, filters: counted, missing, read };
}

// The results that have the query as a phrase first (`phrase`, their ids), then those with its
// `terms` words near each other, then the others in Pagefind's order; within the first two, the
// earliest first: the title, the authors and the lead come before the body. Pagefind gives each
// result the positions of the words it matched, so this loads nothing more. (Pagefind's quoted
// search matches the words exactly: a phrase in another grammatical form counts as near.)
function byProximity(results, terms, phrase) {
  const closest = ({ id, words }) => {
    const at = [...new Set(words)].sort((a, b) => a - b);
    let best = { span: Infinity, start: 0 };
    for (let i = 0; i + terms <= at.length; i++) {
      const span = at[i + terms - 1] - at[i];
      if (span < best.span) best = { span, start: at[i] };
    }
    const tier = phrase.has(id) ? 0 : best.span < NEAR ? 1 : 2;
    return { tier, start: tier < 2 ? best.start : 0 };
  };
  return results
    .map((result, rank) => ({ result, rank, ...closest(result) }))
    .sort((a, b) => a.tier - b.tier || a.start - b.start || a.rank - b.rank)
    .map(({ result }) => result);
}

// The parts that hold every word of `query`, and the words no part holds. Each word is looked
// up on its own: Pagefind leaves out of a query a word it does not know, and matches a word a
// part does not know by its longest known prefix, which one index of every article would only
// do for a word no article has. With a vocabulary, a part holds the words its page of words
// has; without, the one part holds the words that find a page.
async function partsKnowing({ pagefind, parts, words }, query) {
  const terms = [...new Set(query.toLowerCase().match(WORD) ?? [])];
  const holding = await Promise.all(
    terms.map(async (term) => {
      if (!words) {
        const search = await pagefind.search(term, { filters: { [PART_FILTER]: { any: parts } } });
        return search.results.length ? parts : [];
      }
      const filters = { [VOCABULARY_FILTER]: { any: parts } };
      const search = await pagefind.search(term, { filters });
      const counts = search.filters[VOCABULARY_FILTER] ?? {};
      return Object.keys(counts).filter((part) => counts[part] > 0);
    }),
  );
  const missing = terms.filter((_, i) => !holding[i].length);
  const within = missing.length
    ? []
    : parts.filter((part) => holding.every((own) => own.includes(part)));
  return { within, missing };
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
