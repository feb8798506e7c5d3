// Lints the site's own JavaScript (`make test` and `make lint` run it on overrides/assets).
// CommonJS, as package.json declares no "type".
const js = require("@eslint/js");
const globals = require("globals");

// Material's storage helpers: early.js defines them on window, palette.js uses them.
const materialHelpers = {
  __md_scope: "writable",
  __md_hash: "writable",
  __md_get: "writable",
  __md_set: "writable",
};

module.exports = [
  js.configs.recommended,
  {
    rules: {
      // An empty catch is how these scripts ignore a failure on purpose (storage, a warm-up).
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    // The search scripts are loaded with <script type="module"> and import each other.
    files: ["overrides/assets/search/**/*.js"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: globals.browser,
    },
  },
  {
    // The other scripts are classic scripts in the page's head and body.
    files: ["overrides/assets/*.js"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "script",
      globals: { ...globals.browser, ...materialHelpers },
    },
  },
];
