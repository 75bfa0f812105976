// The browser bundle in the web extension host (VS Code for the Web, as on vscode.dev): the seeds
// are mounted as a virtual folder (scheme vscode-test-web), read through workspace.fs only.
// Expectations come from the extension's own corpus, not from knowledge of the seed story.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, baseName, hoverText, root, waitFor } from '../../integration/suite/util';

suite('Corroborate in the browser', () => {
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('runs as the web extension on a virtual folder, analysis in a Web Worker', async () => {
    const api = await activateApi();
    assert.equal(api.services.platform, 'web');
    assert.notEqual(root().scheme, 'file', 'the workspace is a virtual file system');
    const nodes = await waitFor('the Articles tree', () => api.articles.getArticles(), n => n.length >= 5, 60_000);
    const names = nodes.map(n => baseName(n.uri));
    for (const n of nodes) {
      assert.ok(!n.skipped, `${baseName(n.uri)} analysed (${n.skipped})`);
      assert.ok(n.label.trim().length > 0);
    }
    assert.ok(names.every(n => /\.(txt|md)$/.test(n)));
    await api.services.ensureEntityIndex();
    assert.ok(api.services.corpus.entityIndex.size >= 5, 'every article indexed');
    assert.equal(api.services.backend.stats.fallback, false, 'the Web Worker started');
    assert.ok(api.services.backend.stats.jobs >= 5, `${api.services.backend.stats.jobs} files analysed by the worker`);
    console.log(`      worker: ${api.services.backend.stats.jobs} files in ${Math.round(api.services.backend.stats.workerMs)} ms; longest block of the extension host ${Math.round(api.services.lag.maxLagMs)} ms`);
    // the persistent cache is written to the extension's storage (IndexedDB here) through workspace.fs
    const cache = api.services.corpus.cache!;
    await waitFor('the analysis cache to be written', () => cache.stats.shardsWritten, n => n > 0, 20_000);
  });

  test('hovering a direct quote shows its speaker', async () => {
    const api = await activateApi();
    const entries = (await api.services.corpus.loadAll()).filter(e => e.ok);
    let checked = 0;
    for (const entry of entries) {
      if (!entry.ok) continue;
      const uri = vscode.Uri.parse(entry.uri);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const open = await api.services.corpus.load(entry.uri);
      assert.ok(open.ok);
      const q = (await api.services.corpus.quotes(open)).find(x => x.kind === 'direct' && x.speaker && x.end - x.start > 20);
      if (!q) continue;
      const pos = doc.positionAt(q.start + 3);
      const text = await waitFor('a hover on the quote', async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)), t => t.includes(q.speaker!));
      assert.ok(text.includes(q.speaker!));
      if (++checked >= 2) break;
    }
    assert.ok(checked >= 2, `quotes with a speaker hovered in ${checked} articles`);
  });

  test('Compare Sources opens its panel with groups shared across articles', async () => {
    const api = await activateApi();
    await vscode.commands.executeCommand('corroborate.compareSources');
    const groups = await waitFor('compare groups', () => api.compare.peek(), g => g.length > 0, 60_000);
    const isPanel = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('corroborate.compare');
    await waitFor('a Compare Sources tab', () => vscode.window.tabGroups.all.flatMap(g => g.tabs), ts => ts.some(isPanel), 20_000);
    assert.ok(groups.every(g => g.sources >= 2 && new Set(g.members.map(m => m.uri)).size === g.sources));
  });
});
