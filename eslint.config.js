// Lint: ESLint's and typescript-eslint's recommended rules over the project's own TypeScript.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'src/generated/**', 'data/**', 'tmp/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // Scripts that run inside the (fake) NAVER pages, in the browser.
  { files: ['**/*.client.js', 'tests/fakes/fake-naver/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  // Fakes speak other programs' wire formats, where untyped JSON is the honest type.
  { files: ['tests/fakes/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
