/**
 * Import walls between Reframe's layers (README, "Layout"), checked by `npm run lint:deps` in
 * `npm test`. Type-only imports count: a wall is about what a layer knows, not what ends up in the bundle.
 */

/** The screens and the shell: everything in src/ that draws or routes. */
const SCREENS = '^src/(app|library|workbench|meeting|export)/';

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core is the domain: no screen, shell, storage, job or worker module, and neither Svelte nor Dexie.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: [SCREENS, '^src/(db|jobs)/', '^workers/', '(^|/)node_modules/(svelte|dexie)/'] },
    },
    {
      name: 'audio-is-pure',
      comment: 'workers/audio is pure signal code: it imports only itself and src/core (and plain libraries such as fft.js).',
      severity: 'error',
      from: { path: '^workers/audio/' },
      to: { pathNot: ['^workers/audio/', '^src/core/', '(^|/)node_modules/'] },
    },
    {
      name: 'audio-imports-no-app-library',
      comment: 'workers/audio runs in Node tests and the bench too: no Svelte, Dexie or media player libraries.',
      severity: 'error',
      from: { path: '^workers/audio/' },
      to: { path: '(^|/)node_modules/(svelte|dexie|video\\.js|wavesurfer\\.js)/' },
    },
    {
      name: 'only-db-knows-dexie',
      comment: 'Only src/db imports Dexie; everything else reads and writes through its typed functions.',
      severity: 'error',
      from: { pathNot: '^src/db/' },
      to: { path: '(^|/)node_modules/dexie/' },
    },
    {
      name: 'workers-only-through-jobs',
      comment: 'The page reaches workers only through src/jobs (the worker clients), never a worker module directly.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/jobs/' },
      to: { path: '^workers/' },
    },
    {
      name: 'workers-know-no-screen',
      comment: 'Workers import from src/ only the pure core and the storage layer (the service worker serves stored lessons).',
      severity: 'error',
      from: { path: '^workers/' },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/db/'] },
    },
    {
      name: 'no-circular',
      comment: 'An import cycle means two modules cannot be understood (or tested) apart. Type-only links do not count: they leave nothing at run time.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types', 'svelte'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.svelte', '.js', '.mjs', '.json'],
    },
    exclude: { path: '^dist' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
