import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Boundaries between the layers (README, "Layout"). Each entry: the files, and what they may not import;
// a later entry replaces an earlier one's list for the files both match (so shared/domain repeats it all).
const LAMBDAS = { group: ['**/lambdas/**'], message: 'Only tests import lambdas/ (the local stack loads the handler entry points only).' };
const DOMAIN = [
  { group: ['**/adapters/**', '**/wiring/**', '**/events/**', '**/local-stack/**', '**/fixtures/**'], message: 'The domain knows no adapters: depend on a port (shared/ports).' },
  { group: ['@aws-sdk/*', '@aws-lambda-powertools/*', 'aws-lambda', 'hono', 'hono/*'], message: 'The domain knows nothing of AWS or HTTP.' },
  { group: ['**/lambdas/**', '**/local/**', '**/cli/**', '**/cdk/**'], message: 'The domain imports nothing from the entry points (the portal web layer is lambdas/portal/).' },
];
const boundaries = [
  {
    files: ['shared/**/*.ts', 'cdk/**/*.ts'],
    patterns: [LAMBDAS, { group: ['**/local/**', '**/cli/**'], message: 'shared/ and cdk/ do not import the local stack or the CLI.' }],
  },
  // The benchmarks drive the local stack; they bundle the handlers by path, never import them.
  { files: ['bench/**/*.ts'], patterns: [LAMBDAS] },
  { files: ['shared/domain/**/*.ts'], patterns: DOMAIN },
  // The pipeline's use cases mail a portal button (shared/domain/mail/portal-button.ts); they know nothing else of the portal.
  {
    files: ['shared/domain/{intake,reminder,mail-intake}/**/*.ts'],
    patterns: [...DOMAIN, { group: ['**/portal/**'], message: 'Intake, reminder and mail intake do not import the portal (the mail button is in shared/domain/mail/).' }],
  },
  { files: ['cli/**/*.ts'], patterns: [LAMBDAS, { group: ['**/local/**'], message: 'The CLI and the local stack do not import each other (shared/local-stack holds what both need).' }] },
  {
    files: ['local/**/*.ts'],
    patterns: [
      { group: ['**/lambdas/**', '!**/lambdas/*/handler.ts'], message: 'The local stack runs the handler entry points (lambdas/*/handler.ts) and nothing else from lambdas/.' },
      { group: ['**/cli/**'], message: 'The CLI and the local stack do not import each other (shared/local-stack holds what both need).' },
    ],
  },
  { files: ['lambdas/**/*.ts'], patterns: [{ group: ['**/local/**', '**/cli/**', '**/cdk/**'], message: 'A handler imports shared/ only.' }] },
].map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } }));

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'bench/results/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly' }, parserOptions: { projectService: false, project: false } },
  },
  ...boundaries,
  {
    // Test fakes implement the domain's async ports with synchronous bodies.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
);
