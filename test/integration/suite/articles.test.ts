// In-process tests with the real `vscode` API: the Articles tree on the seeds workspace
// (a throwaway copy of the repo's seeds/ folder opened by the runner).
// Expected values are read from the workspace files, not hard-coded.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { EXTENSION_ID, baseName, describeValue, firstNonEmptyLine, readText, root, sameUri, seedNamed, seedNames, squash, waitFor, type ArticleNodeInfo, type CorroborateApi } from './util';

const NEW_ARTICLE = 'zz_integration_new_article.txt';
const NEW_HEADLINE = 'Integration test headline: a summit in the capital';

let api: CorroborateApi | undefined;

function getApi(): CorroborateApi {
  assert.ok(api, 'the extension activated and returned its API');
  return api;
}

function topLevelNames(nodes: ArticleNodeInfo[]): string[] {
  return nodes.map(n => baseName(n.uri)).sort();
}

function findArticle(nodes: ArticleNodeInfo[], name: string): ArticleNodeInfo {
  const node = nodes.find(n => baseName(n.uri) === name);
  assert.ok(node, `the tree has a node for ${name}; has ${nodes.map(n => baseName(n.uri)).join(', ')}`);
  return node;
}

/** Runs the tree item's click command and waits until the editor shows that file with that range selected. */
async function openAndCheck(node: ArticleNodeInfo): Promise<void> {
  await vscode.commands.executeCommand('corroborate.openArticle', node.uri, node.start, node.end);
  const editor = await waitFor(`an editor on ${baseName(node.uri)}`, () => vscode.window.activeTextEditor,
    e => !!e && sameUri(node.uri, e.document.uri));
  assert.ok(editor);
  const doc = editor.document;
  const expected = new vscode.Range(doc.positionAt(node.start), doc.positionAt(node.end));
  const sel = await waitFor(`selection ${rangeText(expected)} in ${baseName(node.uri)}`,
    () => vscode.window.activeTextEditor?.selection, s => !!s && new vscode.Range(s.start, s.end).isEqual(expected), 5_000);
  assert.ok(sel);
  assert.deepEqual(rangeText(new vscode.Range(sel.start, sel.end)), rangeText(expected));
  // The selection is revealed: its start is inside what the editor shows.
  await waitFor(`line ${expected.start.line + 1} to be visible`, () => vscode.window.activeTextEditor?.visibleRanges ?? [],
    rs => rs.some(r => r.start.line <= expected.start.line && expected.start.line <= r.end.line), 5_000);
}

function rangeText(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

suite('Corroborate: Articles tree', () => {
  suiteTeardown(async () => {
    try { await vscode.workspace.fs.delete(vscode.Uri.joinPath(root(), NEW_ARTICLE)); } catch { /* not there */ }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('activates from its view container and returns its API', async () => {
    const ext = vscode.extensions.getExtension<CorroborateApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    const events: string[] = ext.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*'), `activationEvents must not contain "*": ${JSON.stringify(events)}`);
    await vscode.commands.executeCommand('workbench.view.extension.corroborate');
    await waitFor('the extension to activate after showing its view', () => ext.isActive, a => a, 20_000);
    api = await ext.activate(); // already active: resolves to the same exports
    assert.equal(typeof api?.articles?.getArticles, 'function', 'exports.articles.getArticles()');
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['corroborate.openArticle', 'corroborate.refreshArticles']) assert.ok(commands.includes(c), `command ${c} is registered`);
  });

  test('the one extension bundle runs as the Node host here: analysis in a worker thread, not in the host', async () => {
    const { services } = getApi();
    assert.equal(services.platform, 'node');
    await services.ensureEntityIndex();
    const { jobs, fallback } = services.backend.stats;
    assert.equal(fallback, false, 'the worker thread started (out/worker.js)');
    assert.ok(jobs + services.corpus.counters.fromCache >= 5, `${jobs} files analysed by the worker, ${services.corpus.counters.fromCache} from the cache`);
  });

  test('lists one node per seed article, with headlines and valid ranges', async () => {
    const names = await seedNames();
    assert.equal(names.length, 5, `the workspace holds the 5 seed articles: ${names.join(', ')}`);
    const nodes = await waitFor('5 articles in the tree', () => getApi().articles.getArticles(), n => n.length === 5);
    assert.deepEqual(topLevelNames(nodes), names);
    for (const node of nodes) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(node.uri));
      for (const n of [node, ...node.children]) {
        assert.ok(squash(n.label).length > 0, `non-empty label for a node of ${baseName(node.uri)}`);
        assert.ok(Number.isInteger(n.start) && Number.isInteger(n.end) && 0 <= n.start && n.start < n.end && n.end <= doc.getText().length,
          `range ${n.start}-${n.end} lies within ${baseName(node.uri)} (${doc.getText().length} chars)`);
      }
    }
  });

  test('headlines come from the article text (004 and 003)', async () => {
    const nodes = await getApi().articles.getArticles();
    for (const prefix of ['004_', '003_']) {
      const name = await seedNamed(prefix);
      const headline = firstNonEmptyLine(await readText(vscode.Uri.joinPath(root(), name)));
      assert.ok(headline.length > 0);
      assert.equal(squash(findArticle(nodes, name).label), headline, `headline of ${name}`);
    }
  });

  test('003 (a page with related articles) has at least 3 parts', async () => {
    const nodes = await getApi().articles.getArticles();
    const node = findArticle(nodes, await seedNamed('003_'));
    assert.ok(node.children.length >= 3, `003 has ${node.children.length} child parts: ${describeValue(node.children)}`);
    for (const c of node.children) assert.equal(vscode.Uri.parse(c.uri).toString(), vscode.Uri.parse(node.uri).toString(), 'parts point into their file');
  });

  test('articles with the same visible date keep name order', async () => {
    const nodes = await getApi().articles.getArticles();
    const dateOf = new Map<string, string>();
    for (const name of await seedNames()) {
      const m = /\bdate (\d{4}-\d{2}-\d{2})\b/.exec(firstNonEmptyLine(await readText(vscode.Uri.joinPath(root(), name))));
      if (m) dateOf.set(name, m[1]);
    }
    const order = nodes.map(n => baseName(n.uri));
    let pairs = 0;
    for (const [a, da] of dateOf) {
      for (const [b, db] of dateOf) {
        if (a < b && da === db) {
          pairs++;
          assert.ok(order.indexOf(a) < order.indexOf(b), `${a} before ${b} (both dated ${da}); order: ${order.join(', ')}`);
        }
      }
    }
    assert.ok(pairs > 0, 'the seeds have at least two articles with the same date line');
    assert.deepEqual((await getApi().articles.getArticles()).map(n => n.uri), nodes.map(n => n.uri), 'the order is stable');
  });

  test('clicking an article opens it with its range selected', async () => {
    const nodes = await getApi().articles.getArticles();
    await openAndCheck(findArticle(nodes, await seedNamed('004_')));
    await openAndCheck(nodes[0]);
  });

  test('clicking a part opens its file at that part', async () => {
    const nodes = await getApi().articles.getArticles();
    const node = findArticle(nodes, await seedNamed('003_'));
    assert.ok(node.children.length > 0);
    await openAndCheck(node.children[node.children.length - 1]);
  });

  test('refreshArticles keeps the same articles', async () => {
    const before = await getApi().articles.getArticles();
    await vscode.commands.executeCommand('corroborate.refreshArticles');
    const after = await waitFor('5 articles after refresh', () => getApi().articles.getArticles(), n => n.length === 5);
    assert.deepEqual(after.map(n => [n.uri, n.label]), before.map(n => [n.uri, n.label]));
  });

  test('a new article file appears in the tree, and disappears when deleted', async () => {
    const uri = vscode.Uri.joinPath(root(), NEW_ARTICLE);
    const body = `\n${NEW_HEADLINE}\nLeaders met on Thursday to discuss a ceasefire, officials said.\n\n` +
      `'We made real progress,' the prime minister told reporters after the meeting.\n`;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(body));
    const six = await waitFor('6 articles after creating a file', () => getApi().articles.getArticles(),
      n => n.length === 6 && n.some(a => baseName(a.uri) === NEW_ARTICLE));
    assert.equal(squash(findArticle(six, NEW_ARTICLE).label), NEW_HEADLINE);
    await vscode.workspace.fs.delete(uri);
    const five = await waitFor('5 articles after deleting it', () => getApi().articles.getArticles(),
      n => n.length === 5 && !n.some(a => baseName(a.uri) === NEW_ARTICLE));
    assert.deepEqual(topLevelNames(five), await seedNames());
  });
});
