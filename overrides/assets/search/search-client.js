// Loads the site's Pagefind bundles on demand and picks the one that answers a query.
//
// The indexer (commentary_archive.site.search) writes, for each language, a full-text bundle
// `pagefind/<lang>/` and a small headline bundle `pagefind/<lang>-headlines/`, plus
// `pagefind/languages.json` ({"en": 8982, "ru": 1018}: articles per language). A query is
// answered in the language whose alphabet it is written in, so a Cyrillic word reaches the
// Russian articles from any page, and stemming always fits the text.

// The site root, wherever the site is served from (a GitHub project page lives under /REPO/):
// this file is <root>/assets/search/search-client.js.
export const siteRoot = new URL("../../", import.meta.url);

const ALPHABETS = { ru: /\p{Script=Cyrillic}/u };
const DEFAULT_LANGUAGE = "en";

let languages;
const bundles = new Map();

/** Articles per language, as the indexer counted them. */
export function articleCounts() {
  languages ??= fetch(new URL("pagefind/languages.json", siteRoot)).then((response) =>
    response.ok ? response.json() : {},
  );
  return languages;
}

/** The language whose bundle answers `query`: its alphabet's, else the default. */
export function languageOf(query, counts) {
  for (const [lang, alphabet] of Object.entries(ALPHABETS)) {
    if (counts[lang] && alphabet.test(query)) return lang;
  }
  if (counts[DEFAULT_LANGUAGE]) return DEFAULT_LANGUAGE;
  return Object.keys(counts)[0];
}

/** The Pagefind API of one bundle ("en", "en-headlines"…), imported and initialised once. */
export function bundle(name, excerptLength) {
  if (!bundles.has(name)) {
    bundles.set(name, openBundle(name, excerptLength));
  }
  return bundles.get(name);
}

async function openBundle(name, excerptLength) {
  const pagefind = await import(new URL(`pagefind/${name}/pagefind.js`, siteRoot).href);
  // Results carry URLs relative to the site root, not to the bundle.
  await pagefind.options({ baseUrl: siteRoot.pathname, excerptLength });
  await pagefind.init();
  return pagefind;
}
