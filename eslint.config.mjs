// Lint (npm run lint, part of npm test). Its main job: every regular expression that can see log
// text (server/src, common, client/src) must run in linear time, checked by eslint-plugin-regexp's
// no-super-linear-backtracking and no-super-linear-move (see also test/unit/redosCheck.test.ts,
// which runs recheck over the same expressions). Other rules are few on purpose: outright
// mistakes (unused code, duplicate keys, unreachable code, regexes that cannot match as written).
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

const mistakes = {
  'no-debugger': 'error',
  'no-dupe-keys': 'error',
  'no-dupe-else-if': 'error',
  'no-duplicate-case': 'error',
  'no-unreachable': 'error',
  'no-self-assign': 'error',
  'no-self-compare': 'error',
  'no-unsafe-finally': 'error',
  'no-cond-assign': ['error', 'except-parens'],
  '@typescript-eslint/no-unused-vars': ['error', { args: 'none', caughtErrors: 'none', ignoreRestSiblings: true, varsIgnorePattern: '^_' }],
  'regexp/no-dupe-characters-character-class': 'error',
  'regexp/no-empty-alternative': 'error',
  'regexp/no-useless-backreference': 'error',
  'regexp/no-invalid-regexp': 'error',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'bench/data/**', '.vscode-test/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
    plugins: { '@typescript-eslint': tseslint.plugin, regexp },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: mistakes,
  },
  {
    // Code that reads log text: no regular expression may take more than linear time on it.
    files: ['server/src/**/*.ts', 'common/**/*.ts', 'client/src/**/*.ts'],
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignoreSticky: true, ignorePartial: false }],
    },
  },
);
