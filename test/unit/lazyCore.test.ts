/**
 * The extension's main file (what VS Code loads to activate it) leaves the analysis core out: the
 * core is out/core.js, required on first use (src/lazyCore.ts), and exports what the VS Code layer
 * takes from it (src/coreApi.ts). `npm run test:unit` builds both.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

const MAIN = join(ROOT, 'out', 'extension.js');
const CORE = join(ROOT, 'out', 'core.js');

describe('extension bundle: the analysis core loads on first use', () => {
  it('the main file requires ./core.js and holds none of the core', () => {
    assert.ok(existsSync(MAIN) && existsSync(CORE), 'out/extension.js and out/core.js are built (npm run test:unit builds them)');
    const main = readFileSync(MAIN, 'utf8');
    const core = readFileSync(CORE, 'utf8');
    assert.match(main, /require\("\.\/core\.js"\)/);
    // the cache's magic line, the speaker ranker's generated weights, the Markdown parser: core only
    for (const marker of ['CORROBORATE-ANALYSIS-CACHE', '"cue:p:last=false"', 'micromark']) {
      assert.ok(core.includes(marker), `core.js holds ${marker}`);
      assert.ok(!main.includes(marker), `extension.js does not hold ${marker}`);
    }
    assert.ok(main.length * 4 < core.length, `main file ${main.length} bytes, core ${core.length}`);
  });

  it('core.js is a CommonJS module that requires nothing and exports the VS Code layer’s needs', () => {
    const source = readFileSync(CORE, 'utf8');
    const module = { exports: {} as Record<string, Record<string, unknown>> };
    // evaluated as the web host does it (src/extension.ts): no `require` in scope
    new Function('module', 'exports', source)(module, module.exports);
    const api = module.exports;
    assert.equal(typeof api.corpus.Corpus, 'function');
    assert.equal(typeof api.cache.AnalysisCache, 'function');
    assert.equal(typeof api.backend.InThreadBackend, 'function');
    assert.equal(typeof api.backend.CancelledError, 'function');
    assert.equal(typeof api.ner.lexiconFromEntries, 'function');
    assert.equal(typeof api.nerTagger.createNerTagger, 'function');
    assert.equal(typeof api.reportedModel.installReportedBytes, 'function');
    assert.equal(typeof api.compare.CompareIndex, 'function');
    assert.equal(typeof api.annotationStore.AnnotationStore, 'function');
    assert.equal(typeof api.speakers.applySpeakerCorrections, 'function');
    assert.equal(typeof api.interop.exportCollection, 'function');
  });
});
