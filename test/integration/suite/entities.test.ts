// In-process tests of entities in a real VS Code: hovering a person in a seed shows who it is and
// the other articles that mention them. Expectations come from the extension's own corpus index
// and the files, not from a list of names.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, hoverText, baseName, seedNames, waitFor } from './util';


suite('Corroborate: entities', () => {
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('hovering a person shows the canonical name and the other articles that mention them', async () => {
    const api = await activateApi();
    const { corpus } = api.services;
    await api.services.ensureEntityIndex();
    // the person named in the most articles
    const person = corpus.entityIndex.all().find(e => e.type === 'PER');
    assert.ok(person, 'the seeds name at least one person');
    assert.ok(person.articles.size >= 2, `${person.canonical} is named in ${person.articles.size} articles`);
    const names = await seedNames();
    assert.equal(corpus.entityIndex.size, names.length, `every seed article is indexed, nothing else: ${corpus.entityIndex.uris().join(', ')}`);
    // a mention of that person that is not already the full canonical form, if the articles have one
    let target: { uri: string; start: number; text: string } | undefined;
    for (const uri of person.articles.keys()) {
      const entry = await corpus.load(uri);
      assert.ok(entry.ok);
      const doc = await corpus.entities(entry);
      for (const m of doc.mentions) {
        if (corpus.entityIndex.byKey(doc.entities[m.entity].key) !== person) continue;
        if (!target || (target.text === person.canonical && m.text !== person.canonical)) target = { uri, start: m.start, text: m.text };
      }
    }
    assert.ok(target);
    const uri = vscode.Uri.parse(target.uri);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const pos = editor.document.positionAt(target.start + 1);
    const text = await waitFor('a hover on the mention', async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)), t => t.includes(person.canonical));
    assert.ok(text.includes(person.canonical), `hover names ${person.canonical}: ${text}`);
    assert.match(text, /person/);
    assert.match(text, new RegExp(`Also in ${person.articles.size - 1} other article`));
    // every other article is linked to
    for (const other of person.articles.keys()) {
      if (other === target.uri) continue;
      assert.ok(text.includes(encodeURIComponent(other)), `hover links ${baseName(other)}`);
    }
  });

  test('a person with several spellings or titles in the seeds is one entity', async () => {
    const api = await activateApi();
    await api.services.ensureEntityIndex();
    const people = api.services.corpus.entityIndex.all().filter(e => e.type === 'PER');
    // some person is written in more than one way (a surname alone, a full name…) and stays one entity
    assert.ok(people.some(p => p.aliases.length >= 2 && p.articles.size >= 2), people.map(p => `${p.canonical}: ${p.aliases.join('/')}`).join('; '));
    // no two entities share a canonical name
    const names = people.map(p => p.canonical);
    assert.equal(new Set(names).size, names.length, `duplicate people: ${names.join(', ')}`);
  });
});
