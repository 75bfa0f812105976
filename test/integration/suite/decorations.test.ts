// In-process tests of highlights in a real VS Code: what the decorator draws matches the analysis,
// a toggle command hides one kind, and a document above the size setting is highlighted only
// around the lines on screen. Expectations come from the extension's own analysis, not from names.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, readText, root, seedNames, waitFor, type CorroborateApi } from './util';

const key = (r: vscode.Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** The people mentions of the document's current analysis (typed by the workspace's vote, as the editor shows them), as ranges. */
async function peopleOf(api: CorroborateApi, doc: vscode.TextDocument): Promise<vscode.Range[]> {
  const { corpus } = api.services;
  const entry = corpus.analyzeText(doc.uri.toString(), doc.getText(), doc.version);
  const ents = await corpus.entities(entry);
  const typeOf = (m: (typeof ents.mentions)[number]) => corpus.entityIndex.byKey(ents.entities[m.entity].key)?.type ?? m.type;
  return ents.mentions.filter(m => typeOf(m) === 'PER').map(m => new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end)));
}

suite('Corroborate: highlights', () => {
  const settings = () => vscode.workspace.getConfiguration('corroborate');
  suiteTeardown(async () => {
    await settings().update('decorations.visibleLinesOnlyAbove', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('decorations.people', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a seed gets one highlight per person mention, and the toggle command hides them', async () => {
    const api = await activateApi();
    const [first] = await seedNames();
    const uri = vscode.Uri.joinPath(root(), first);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const expected = (await peopleOf(api, editor.document)).map(key).sort();
    assert.ok(expected.length > 0, 'the seed names somebody');
    const drawn = await waitFor('people highlights', () => (api.decorations.drawnIn(uri).get('people') ?? []).map(key).sort(), d => d.length === expected.length);
    assert.deepEqual(drawn, expected);
    assert.ok((api.decorations.drawnIn(uri).get('quotes') ?? []).length > 0, 'quotes are highlighted too');

    await vscode.commands.executeCommand('corroborate.toggle.people');
    await waitFor('people highlights off', () => api.decorations.drawnIn(uri).get('people')?.length ?? -1, n => n === 0);
    assert.ok((api.decorations.drawnIn(uri).get('quotes') ?? []).length > 0, 'other kinds stay on');
    await vscode.commands.executeCommand('corroborate.toggle.people');
    await waitFor('people highlights back', () => api.decorations.drawnIn(uri).get('people')?.length ?? 0, n => n === expected.length);
  });

  test('above the size setting only the lines on screen (± 100) are highlighted, and scrolling draws the rest', async () => {
    const api = await activateApi();
    const texts = await Promise.all((await seedNames()).map(n => readText(vscode.Uri.joinPath(root(), n))));
    const content = [...texts, ...texts, ...texts].join('\n\n');
    await settings().update('decorations.visibleLinesOnlyAbove', 10_000, vscode.ConfigurationTarget.Global);
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content });
    assert.ok(doc.lineCount > 600, `a long document: ${doc.lineCount} lines`);
    const editor = await vscode.window.showTextDocument(doc);
    editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
    const all = await peopleOf(api, doc);
    const inWindow = (ranges: readonly vscode.Range[]) => {
      const first = editor.visibleRanges[0].start.line - 100;
      const last = editor.visibleRanges[editor.visibleRanges.length - 1].end.line + 100;
      return ranges.filter(r => r.end.line >= first && r.start.line <= last);
    };
    const top = await waitFor('people highlights near the top', () => [...(api.decorations.drawnIn(doc.uri).get('people') ?? [])], d => d.length > 0 && d.length === inWindow(all).length);
    assert.ok(top.length < all.length, `${top.length} of ${all.length} mentions drawn`);
    assert.deepEqual(top.map(key).sort(), inWindow(all).map(key).sort());
    assert.ok(top.every(r => r.start.line < doc.lineCount / 2), 'nothing drawn far below the screen');

    editor.revealRange(new vscode.Range(doc.lineCount - 1, 0, doc.lineCount - 1, 0), vscode.TextEditorRevealType.AtTop);
    const bottom = await waitFor('people highlights near the end', () => [...(api.decorations.drawnIn(doc.uri).get('people') ?? [])], d => d.some(r => r.start.line > doc.lineCount / 2));
    assert.deepEqual(bottom.map(key).sort(), inWindow(all).map(key).sort());
    // a closed document that is no workspace file leaves the entity index, and stays out
    const untitled = doc.uri.toString();
    assert.ok(api.services.corpus.entityIndex.uris().includes(untitled), 'it is indexed while open');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('the closed document to leave the entity index', () => api.services.corpus.entityIndex.uris().includes(untitled), v => !v);
    await new Promise(r => setTimeout(r, 1000)); // past any refresh the scroll scheduled
    assert.ok(!api.services.corpus.entityIndex.uris().includes(untitled), 'no late refresh brings it back');
  });
});
