// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Project standard: only public APIs of dependencies, so no `_`-prefixed members of another
// package's objects (they change without a semver bump). Defining our own stream overrides
// (`override _read()` …) is a class member, not an access, and is not matched.
const PRIVATE_MSG =
  "Only public APIs of dependencies: no `_`-prefixed members of another package's objects " +
  '(private internals break without a semver bump). Use a public API instead; the sole ' +
  'exception is the archiver subclass in packages/core/src/zip/archive.ts (see eslint.config.js).';

/** @param {string} [allowedOnThis] regex source of `this._x` names allowed in one file */
const noPrivateMembers = (allowedOnThis) => {
  const dot = 'MemberExpression[computed=false][property.name=/^_/]';
  return [
    'error',
    {
      selector: allowedOnThis
        ? `${dot}:not([object.type='ThisExpression'][property.name=/^(${allowedOnThis})$/])`
        : dot,
      message: PRIVATE_MSG,
    },
    { selector: 'MemberExpression[computed=true][property.value=/^_/]', message: PRIVATE_MSG },
    {
      selector:
        "MemberExpression[computed=true][property.type='TemplateLiteral'][property.expressions.length=0][property.quasis.0.value.cooked=/^_/]",
      message: PRIVATE_MSG,
    },
    {
      selector: 'ObjectPattern > Property[computed=false][key.name=/^_/]',
      message: PRIVATE_MSG,
    },
    { selector: 'ObjectPattern > Property[key.value=/^_/]', message: PRIVATE_MSG },
  ];
};

export default tseslint.config(
  {
    ignores: [
      '**/vitest.config.ts',
      '**/tsup.config.ts',
      'vitest.shared.ts',
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/coverage/**',
      '.bench/**',
      '.tmp/**',
      'templates/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An un-awaited promise in an uploader is a lost upload or an unhandled rejection.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': noPrivateMembers() },
  },
  {
    // Our own archiver format: `class XltvZipArchive extends Archiver` must set these in its
    // constructor (archiver 8 has no public hook). Everything else stays forbidden here too.
    files: ['packages/core/src/zip/archive.ts'],
    rules: {
      'no-restricted-syntax': noPrivateMembers(
        '_format|_module|_supportsDirectory|_supportsSymlink|_modulePipe',
      ),
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
