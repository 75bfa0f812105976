/**
 * What the VS Code layer takes from the analysis core, as one module: the extension build makes it
 * a file of its own (out/core.js) that is loaded on first use (see lazyCore.ts), so activating the
 * extension does not compile it. Other builds (tests, benchmarks) bundle it in.
 */
export * as corpus from './core/corpus';
export * as cache from './core/cache/analysisCache';
export * as backend from './core/analysis/backend';
export * as ner from './core/ner';
export * as nerTagger from './core/entities/nerTagger';
export * as reportedModel from './worker/reportedModel';
export * as compare from './core/compare';
export * as annotationStore from './core/annotations/store';
export * as speakers from './core/annotations/speakers';
export * as interop from './core/annotations/interop';
