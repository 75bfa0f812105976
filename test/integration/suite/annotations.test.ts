// In-process tests of the reader's annotations in a real VS Code: a note added through the command
// is saved beside the articles in W3C form, read back by a fresh store (what a reloaded window
// does) and anchored on the same words, also after the article is edited; a speaker correction
// overrides the automatic attribution.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AnnotationStore } from '../../../src/core/annotations/store';
import { VsCodeAnnotationFs } from '../../../src/annotationFs';
import { activateApi, hoverText, root, seedNames, waitFor } from './util';

suite('Corroborate: annotations', () => {
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('a note added through the command is saved and found again on the same words', async () => {
    const api = await activateApi();
    const name = (await seedNames())[1];
    const uri = vscode.Uri.joinPath(root(), name);
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = doc.getText();
    const entry = await api.services.corpus.load(uri.toString());
    assert.ok(entry.ok);
    const sentence = entry.analysis.model.sentences[3];
    const words = text.slice(sentence.start, sentence.end);
    const before = (await vscode.workspace.fs.readFile(uri)).slice();
    await vscode.commands.executeCommand('corroborate.addNote', { uri: uri.toString(), start: sentence.start, end: sentence.end, note: 'Checked against the wire copy.' });
    // the store file exists beside the articles, in W3C form
    const file = vscode.Uri.joinPath(root(), '.corroborate', 'annotations', `${name}.jsonld`);
    const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    assert.equal(json.type, 'AnnotationCollection');
    const item = json.first.items.find((x: { body: unknown }) => JSON.stringify(x.body).includes('Checked against the wire copy.'));
    assert.ok(item, 'the note is in the file');
    assert.equal(item.target.source, name);
    assert.deepEqual(item.target.selector.map((s: { type: string }) => s.type).sort(), ['TextPositionSelector', 'TextQuoteSelector']);
    // the article itself is untouched
    assert.deepEqual([...(await vscode.workspace.fs.readFile(uri))], [...before]);
    // what a reloaded window sees: a new store on the same files
    const fresh = new AnnotationStore(new VsCodeAnnotationFs(root()));
    await fresh.loadAll();
    const again = fresh.list(name).find(a => a.note === 'Checked against the wire copy.');
    assert.ok(again);
    const anchor = fresh.anchor(again, text);
    assert.equal(text.slice(anchor.start, anchor.end), words);
    // after an edit before the passage (as a reader's edit would make it), the note is still on its words
    const edited = `A line the reader added.\n\n${text.slice(0, sentence.start)}[sic] ${text.slice(sentence.start)}`;
    const moved = fresh.anchor(again, edited);
    assert.notEqual(moved.state, 'orphaned');
    assert.equal(edited.slice(moved.start, moved.end), words);
  });

  test('a speaker correction overrides the automatic attribution', async () => {
    const api = await activateApi();
    const { corpus } = api.services;
    const names = await seedNames();
    let done = false;
    for (const name of names) {
      const uri = vscode.Uri.joinPath(root(), name);
      const entry = await corpus.load(uri.toString());
      assert.ok(entry.ok);
      const q = (await corpus.quotes(entry)).find(x => x.kind === 'direct' && x.speaker);
      if (!q) continue;
      await vscode.commands.executeCommand('corroborate.correctSpeaker', { uri: uri.toString(), start: q.start, end: q.end, speaker: 'A Corrected Speaker' });
      const quoteNow = async () => {
        const e = await corpus.load(uri.toString());
        return e.ok ? (await corpus.quotes(e)).find(x => x.start === q.start) : undefined;
      };
      const after = await waitFor('the corrected speaker', quoteNow, x => x?.speaker === 'A Corrected Speaker');
      assert.equal(after?.speaker, 'A Corrected Speaker');
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = await waitFor('a hover with the corrected speaker', async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(q.start + 2))), t => t.includes('A Corrected Speaker'));
      assert.match(text, /A Corrected Speaker/);
      done = true;
      break;
    }
    assert.ok(done, 'a seed has a direct quote with a speaker');
  });
});
