// One lint configuration for the whole repository. The layering rules below keep the
// detection engine free of Electron and UI code, and the renderer free of Node and main.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports that only the Electron host may use. */
const electronOnly = [
  { name: 'electron', message: 'Only src-main/app and src-main/preload may use Electron.' },
];

/** Node built-ins are unavailable to the sandboxed renderer and to shared types. */
const nodeBuiltins = {
  group: ['node:*', 'fs', 'fs/*', 'path', 'child_process', 'os', 'crypto', 'net', 'tls'],
  message: 'The renderer and the shared contract run without Node.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'native/build/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src-main/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnly,
          patterns: [
            {
              group: ['**/app/**', '**/cli/**', '**/preload/**'],
              message: 'The engine knows no caller.',
            },
            {
              group: ['**/src-renderer/**', 'react', 'react-dom'],
              message: 'The engine knows no UI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnly,
          patterns: [
            {
              group: ['**/app/**', '**/src-renderer/**'],
              message: 'The CLI uses the engine API only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**', 'src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnly,
          patterns: [
            nodeBuiltins,
            { group: ['**/src-main/**'], message: 'Use the contract in src-shared.' },
          ],
        },
      ],
    },
  },
  {
    // Raw IPC only in the two thin wrappers: the preload's bridge and the host's adapter, so
    // that every message passes the sender check and the schema validation.
    files: ['src-main/app/**', 'src-main/preload/**'],
    ignores: ['src-main/app/ipc/bind-ipc-main.ts', 'src-main/preload/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the typed IPC wrappers (src-main/app/ipc, src-main/preload).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^ipc(Main|Renderer)$/]',
          message: 'Use the typed IPC wrappers (src-main/app/ipc, src-main/preload).',
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
);
