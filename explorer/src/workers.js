// Monaco's web workers, bundled by build.mjs next to this script and served from the same
// origin (CSP worker-src 'self'): the editor's own worker, the GraphQL language worker
// (validation, autocomplete) and the JSON worker (variables and headers editors).
const workerUrl = (name) => new URL(`./${name}.worker.js`, import.meta.url);

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    switch (label) {
      case 'graphql':
        return new Worker(workerUrl('graphql'), { name: label });
      case 'json':
        return new Worker(workerUrl('json'), { name: label });
      default:
        return new Worker(workerUrl('editor'), { name: label });
    }
  },
};
