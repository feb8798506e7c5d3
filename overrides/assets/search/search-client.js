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
// answer for the others). Among the articles that have every word, those that have them as one
// phrase come first, then those with every word in the title and the authors' names, then those
// with the words near each other (`byEvidence`); each word is searched on its own for that, which
// loads no more of the index than the query does. A Russian word matches its other grammatical
// forms (`russianForms`). A load that fails is forgotten, so that the next query tries again.

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
// What Pagefind takes for the words of a query: letters and digits, an apostrophe inside a word
// dropped ("Ukraine's" is searched as "ukraines", which Pagefind stems as it stemmed the text).
const WORD = /[\p{L}\p{N}_]+(?:['’][\p{L}\p{N}_]+)*/gu;
const APOSTROPHE = /['’]/gu;
// Words this close (in word positions) are together: in one sentence, or in the title and the
// authors' names indexed before it.
const NEAR = 12;
// The metadata that make a page's headline: its title (Pagefind's, from the h1) and its authors.
const HEADLINE = ["title", "authors"];
// The metadata holding a page's value of sort key <key>: `sort_<key>` (see the indexer).
const SORT_META_PREFIX = "sort_";
// Pagefind strips diacritics before it stems, so the final "й" of a Russian word (сильный,
// урожай) reaches its stemmer as "и", which it keeps in the stem ("сильны"), while another
// form loses it ("сильного": "сильн"). Without its "й", the word's stem is the common one, of
// which every form's stem is an extension, and Pagefind matches extensions.
const FINAL_SHORT_I = /(?<=\p{Script=Cyrillic}{2})й$/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
// Russian case endings, longest first, and the consonants a fleeting vowel stands between: a
// word the index does not know is also looked for with its vowel dropped or put back (рынок,
// рынка; отец, отца).
const RUSSIAN_ENDINGS = /(?:ами|ями|ом|ем|ой|ей|ам|ям|ах|ях|ов|ев|а|я|у|ю|е|и|ы|ь)$/u;
const CONSONANT = "[бвгджзклмнпрстфхцчшщ]";
const CLOSING_PAIR = new RegExp(`(${CONSONANT})(${CONSONANT}ь?)$`, "u");
const FLEETING = new RegExp(`(${CONSONANT})[оеё](${CONSONANT}ь?)$`, "u");

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
  const { within, missing, terms, phrase } =
    query && !exact
      ? await partsKnowing(bundle, query)
      : { within: parts, missing: [], terms: [], phrase: [] };
  if (!within.length) return { count: 0, filters: {}, missing, read: async () => [] };
  // The part filter also keeps the vocabulary's pages out.
  const scope = { ...filters, [PART_FILTER]: { any: within } };
  const text = exact ? query : terms.join(" ") || query;
  const ranked = !sort && terms.length > 1;
  // The words as one phrase (as typed, and as searched: see FINAL_SHORT_I), and each word alone:
  // no more index to load, only narrower matches.
  const phrases = ranked ? [...new Set([phrase, phrase.map(searchedForm)].map(quote))] : [];
  const [search, ...more] = await Promise.all([
    pagefind.search(text, { filters: scope, sort }),
    ...phrases.map((quoted) => pagefind.search(quoted, { filters: scope })),
    ...(ranked ? terms.map((term) => pagefind.search(term, { filters: scope })) : []),
  ]);
  const quoted = more.slice(0, phrases.length).flatMap(({ results }) => results);
  const perTerm = more.slice(phrases.length);
  const { [PART_FILTER]: perPart = {}, ...counted } = search.filters;
  delete counted[VOCABULARY_FILTER];
  const results = ranked ? byEvidence(search.results, quoted, perTerm) : search.results;
  const read = sort
    ? await readSorted(pagefind, text, filters, sort, perPart)
    : (from, size) => Promise.all(results.slice(from, from + size).map((r) => r.data()));
  return { count: search.results.length, filters: counted, missing, read };
}

// The results in order of the evidence that they are the article sought: the query as a phrase
// in the headline (title and authors), as a phrase elsewhere (the lead, the body), as a phrase
// of other forms of its words, then every word in the headline, then every word near the
// others; within each, Pagefind's order (its score weighs the title above the lead and the lead
// above the body). `quoted` are the results of Pagefind's quoted search, which matches each word
// by its stem; a phrase of other forms is the words in a row, in the query's order, each matched
// as Pagefind matches it alone, by its extensions too (a Russian stem with and without the
// vowel of a final "й", see FINAL_SHORT_I). `perTerm` holds the search of each word alone: where
// each page has it (`words`), and whether it is in the headline's metadata (`matchedMetaFields`).
function byEvidence(results, quoted, perTerm) {
  const exact = new Set(quoted.map(({ id }) => id));
  const evidence = new Map(
    results.map(({ id }) => [id, { at: perTerm.map(() => []), headline: 0 }]),
  );
  perTerm.forEach((search, term) => {
    for (const { id, words, matchedMetaFields } of search.results) {
      const page = evidence.get(id);
      if (!page) continue;
      page.at[term] = words;
      if (matchedMetaFields?.some((field) => HEADLINE.includes(field))) page.headline += 1;
    }
  });
  const tier = ({ id }) => {
    const { at, headline } = evidence.get(id);
    const inHeadline = headline === at.length;
    if (exact.has(id)) return inHeadline ? 0 : 1;
    if (isPhrase(at)) return 2;
    if (inHeadline) return 3;
    return span(at) < NEAR ? 4 : 5;
  };
  return results
    .map((result, rank) => ({ result, rank, tier: tier(result) }))
    .sort((a, b) => a.tier - b.tier || a.rank - b.rank)
    .map(({ result }) => result);
}

// Whether the words are in a row somewhere: `at` holds the positions of each word in turn.
function isPhrase([first, ...rest]) {
  const later = rest.map((positions) => new Set(positions));
  return first.some((start) => later.every((positions, i) => positions.has(start + i + 1)));
}

// The fewest positions that hold every word, less one: `at` holds the positions of each word.
function span(at) {
  const marks = at
    .flatMap((positions, term) => positions.map((position) => [position, term]))
    .sort((a, b) => a[0] - b[0]);
  const seen = at.map(() => 0);
  let covered = 0;
  let best = Infinity;
  let left = 0;
  for (const [position, term] of marks) {
    if (seen[term]++ === 0) covered += 1;
    while (covered === at.length) {
      const [first, firstTerm] = marks[left++];
      best = Math.min(best, position - first);
      if (--seen[firstTerm] === 0) covered -= 1;
    }
  }
  return best;
}

// The parts that hold every word of `query`, the words no part holds, the words as they are
// searched (`terms`, in the query's order) and the query's words for a quoted search (`phrase`).
// Each word is looked up on its own: Pagefind leaves out of a query a word it does not know, and
// matches a word a part does not know by its longest known prefix, which one index of every
// article would only do for a word no article has. With a vocabulary, a part holds the words its
// page of words has; without, the one part holds the words that find a page. A Russian word no
// part holds is looked up in its other forms too (`russianForms`).
async function partsKnowing(bundle, query) {
  const words = (query.toLowerCase().match(WORD) ?? []).map((w) => w.replace(APOSTROPHE, ""));
  const typed = [...new Set(words)];
  const found = await Promise.all(
    typed.map(async (word) => {
      const [searched, ...others] = russianForms(word);
      const parts = await partsHolding(bundle, searched);
      for (const other of parts.length ? [] : others) {
        const holding = await partsHolding(bundle, other);
        if (holding.length) return { word: other, term: other, parts: holding };
      }
      return { word, term: searched, parts };
    }),
  );
  const missing = typed.filter((_, i) => !found[i].parts.length);
  const within = missing.length
    ? []
    : bundle.parts.filter((part) => found.every(({ parts }) => parts.includes(part)));
  // The words as typed, but for a form found in the place of one no part holds.
  const phrase = words.map((word) => found[typed.indexOf(word)].word);
  return { within, missing, terms: [...new Set(found.map(({ term }) => term))], phrase };
}

async function partsHolding({ pagefind, parts, words }, term) {
  if (!words) {
    const search = await pagefind.search(term, { filters: { [PART_FILTER]: { any: parts } } });
    return search.results.length ? parts : [];
  }
  const search = await pagefind.search(term, { filters: { [VOCABULARY_FILTER]: { any: parts } } });
  const counts = search.filters[VOCABULARY_FILTER] ?? {};
  return Object.keys(counts).filter((part) => counts[part] > 0);
}

function quote(words) {
  return `"${words.join(" ")}"`;
}

function searchedForm(word) {
  return CYRILLIC.test(word) ? word.replace(FINAL_SHORT_I, "") : word;
}

/**
 * A word as it is searched, then the other forms to look for if the index does not know it:
 * for a Russian word, without its final "й" (see FINAL_SHORT_I), then with a fleeting vowel
 * dropped from its last syllable or put back into it (рынок and рынка, отец and отца); any
 * other word as it is.
 */
export function russianForms(word) {
  if (!CYRILLIC.test(word)) return [word];
  const searched = searchedForm(word);
  const stem = searched.replace(RUSSIAN_ENDINGS, "");
  const others = FLEETING.test(searched)
    ? [searched.replace(FLEETING, "$1$2")]
    : CLOSING_PAIR.test(stem) && stem.length > 2
      ? ["о", "е"].map((vowel) => stem.replace(CLOSING_PAIR, `$1${vowel}$2`))
      : [];
  return [searched, ...others.filter((other) => other !== searched)];
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
