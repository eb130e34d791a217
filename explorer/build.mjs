// Bundles the explorer into dist/ (served by the server at /graphql/explorer/): the page's
// script and stylesheet, Monaco's fonts, and the three Monaco web workers. No CDN at run time.
// Usage: npm ci && node build.mjs
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

const outdir = new URL('./dist/', import.meta.url).pathname;
const common = { bundle: true, minify: true, legalComments: 'linked', logLevel: 'warning', target: 'es2022', define: { 'process.env.NODE_ENV': '"production"' } };

await rm(outdir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { explorer: 'src/index.jsx' },
  outdir,
  format: 'esm',
  jsx: 'automatic',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl' },
  assetNames: '[name]',
});
await build({
  ...common,
  entryPoints: {
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
  },
  outdir,
  format: 'iife',
});
console.log(`explorer built into ${outdir}`);
