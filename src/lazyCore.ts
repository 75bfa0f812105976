/**
 * The analysis core, loaded on first use rather than when the extension activates. VS Code loads
 * the extension's main file to activate it; what `activate()` needs (registering views, commands,
 * providers) is small, while the core (article model, Markdown parser, entity tagger, quote engine
 * with its generated speaker model, comparison, annotations) is most of the code. The extension
 * build (esbuild.mjs) puts src/coreApi.ts in a file of its own, out/core.js, loaded here:
 *   - in the desktop (and remote) host with Node's `require`, the first time a getter is called
 *     (the Articles tree's first fill, an open article's highlights, a command);
 *   - in the web host, whose `require` knows only `vscode`, `activate()` reads it first through
 *     `workspace.fs` and hands it over with `provideCore` (see extension.ts).
 * Other builds (tests, benchmarks, where coreApi is bundled in) get the same modules, evaluated on
 * first use too. Types come from `import type`, so nothing here loads eagerly.
 */
import type * as CoreApi from './coreApi';

let core: typeof CoreApi | undefined;

/** The core evaluated elsewhere (the web host reads out/core.js itself). */
export function provideCore(api: typeof CoreApi): void {
  core ??= api;
}

/** Whether the core is loaded already. */
export function coreLoaded(): boolean {
  return core !== undefined;
}

function load(): typeof CoreApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point of this module: loaded on first use
  return (core ??= require('./coreApi') as typeof CoreApi);
}

export const lazyCore = {
  corpus: () => load().corpus,
  cache: () => load().cache,
  backend: () => load().backend,
  ner: () => load().ner,
  nerTagger: () => load().nerTagger,
  reportedModel: () => load().reportedModel,
  compare: () => load().compare,
  annotationStore: () => load().annotationStore,
  speakers: () => load().speakers,
  interop: () => load().interop,
};
