// In-process tests of quotes in a real VS Code: hovering a quote in a seed shows its speaker, and
// "Show Quote at Cursor" is there for keyboard users. Expectations come from the extension's own
// analysis of the files, checked against the text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, hoverText, seedNames, root, waitFor } from './util';
import type { Quote } from '../../../src/core/quotes/types';


/** Opens the article and hovers the middle of quote `q` until the hover (Markdown escapes removed) names its speaker. */
async function hoverOnQuote(uri: vscode.Uri, q: Quote, what: string): Promise<{ doc: vscode.TextDocument; text: string }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const pos = doc.positionAt(q.start + Math.floor((q.end - q.start) / 2));
  const text = await waitFor(what, async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)).replace(/\\(.)/g, '$1'), t => t.includes(q.speaker!));
  return { doc, text };
}

suite('Corroborate: quotes', () => {
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('hovering a direct quote shows its speaker', async () => {
    const api = await activateApi();
    const { corpus } = api.services;
    let checked = 0;
    for (const name of await seedNames()) {
      const uri = vscode.Uri.joinPath(root(), name);
      const entry = await corpus.load(uri.toString());
      assert.ok(entry.ok);
      // what the hover shows: speakers as the whole folder names them (corpus titles, merged names)
      const quotes = await corpus.attributedQuotes(entry);
      const q = quotes.find(x => x.kind === 'direct' && x.speaker && x.end - x.start > 20);
      if (!q) continue;
      const { doc, text } = await hoverOnQuote(uri, q, 'a hover on the quote');
      // the speaker mention lies in the same article and reads as the speaker's name or a reference to it
      assert.ok(q.speakerStart !== undefined && q.speakerEnd !== undefined);
      assert.equal(doc.getText().slice(q.speakerStart, q.speakerEnd), q.speakerText);
      assert.match(text, /Cue|Kind/);
      checked++;
    }
    assert.ok(checked >= 3, `direct quotes with a speaker checked in ${checked} seed articles`);
  });

  test('a speaker its article only describes ("the Prime Minister") is named through the folder in the hover', async () => {
    const api = await activateApi();
    const { corpus } = api.services;
    await corpus.indexAllEntities();
    let checked = 0;
    for (const name of await seedNames()) {
      const uri = vscode.Uri.joinPath(root(), name);
      const entry = await corpus.load(uri.toString());
      assert.ok(entry.ok);
      const own = await corpus.quotes(entry);
      const shown = await corpus.attributedQuotes(entry);
      const i = shown.findIndex((x, k) => x.kind === 'direct' && own[k].entity === undefined && x.entity !== undefined);
      if (i < 0) continue;
      assert.notEqual(shown[i].speaker, own[i].speaker);
      const { text } = await hoverOnQuote(uri, shown[i], 'a hover naming the described speaker');
      assert.ok(text.includes(`written “${own[i].speakerText}”`), text);
      checked++;
    }
    assert.ok(checked >= 1, 'a seed has a quote whose speaker only the other articles name');
  });

  test('"Show Quote at Cursor" says the same without a mouse', async () => {
    const api = await activateApi();
    const { corpus } = api.services;
    const name = (await seedNames())[0];
    const uri = vscode.Uri.joinPath(root(), name);
    const entry = await corpus.load(uri.toString());
    assert.ok(entry.ok);
    const q = (await corpus.attributedQuotes(entry)).find(x => x.kind === 'direct' && x.speaker);
    assert.ok(q, `${name} has a direct quote with a speaker`);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const at = editor.document.positionAt(q.start + 2);
    editor.selection = new vscode.Selection(at, at);
    const lines = await vscode.commands.executeCommand<string[]>('corroborate.showQuoteAtCursor');
    assert.ok(lines, 'the command describes the quote');
    assert.ok(lines.some(l => l.startsWith('Speaker: ') && l.includes(q.speaker!)), lines.join(' | '));
    assert.ok(lines[0].startsWith('“'), 'it starts with the quoted words');
  });
});
