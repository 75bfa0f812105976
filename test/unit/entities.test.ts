import * as assert from 'node:assert/strict';
import { resolveEntities } from '../../src/core/entities/resolve';
import { extractEntities, lowerCaseGroups } from '../../src/core/entities/extract';
import { analyzeArticle } from '../../src/core/article/analyze';
import { EntityIndex } from '../../src/core/entities/corpusIndex';
import { isDemonym, knownAlias, nameWordKey, titleBefore } from '../../src/core/entities/names';
import type { EntityType } from '../../src/core/entities/types';
import { tag } from './helpers';

const ARTICLE = [
  'German Chancellor Angela Merkel met Russian Foreign Minister Sergei Lavrov in Berlin on Monday.',
  'Mrs Merkel said the talks were useful. Lavrov, speaking later, disagreed.',
  'Sergey Lavrov told reporters that Nato had no role. NATO officials and the U.S. said otherwise.',
  'Sir Elton John sang. Sir Elton then left for the United States, where US officials met him.',
  'Merkel and the European Union (EU) agreed. The EU will meet again in Berlin.',
].join('\n\n');

describe('entities in one document', () => {
  const names: [string, EntityType][] = [
    ['Angela Merkel', 'PER'], ['Sergei Lavrov', 'PER'], ['Sergey Lavrov', 'PER'], ['Elton John', 'PER'], ['Merkel', 'PER'],
    ['Lavrov', 'PER'], ['Elton', 'PER'], ['Berlin', 'LOC'], ['Nato', 'ORG'], ['NATO', 'ORG'], ['U.S.', 'LOC'], ['United States', 'LOC'],
    ['US', 'LOC'], ['European Union', 'ORG'], ['EU', 'ORG'], ['German', 'PER'], ['Russian', 'ORG'],
  ];
  const doc = resolveEntities(ARTICLE, tag(ARTICLE, names));
  const entityOf = (surface: string, nth = 0) => {
    const ms = doc.mentions.filter(m => m.text === surface);
    assert.ok(ms[nth], `mention ${surface}`);
    return doc.entities[ms[nth].entity];
  };

  it('merges full names, surnames and titled names into one person, titles kept apart', () => {
    const merkel = entityOf('Angela Merkel');
    assert.equal(merkel.canonical, 'Angela Merkel');
    assert.equal(entityOf('Merkel'), merkel);
    assert.ok(merkel.titles.includes('Chancellor'));
    assert.ok(merkel.titles.includes('Mrs'));
    assert.ok(merkel.aliases.includes('Merkel'));
  });

  it('merges transliteration variants and "Sir" + first name', () => {
    assert.equal(entityOf('Sergey Lavrov'), entityOf('Sergei Lavrov'));
    assert.equal(entityOf('Lavrov'), entityOf('Sergei Lavrov'));
    assert.equal(entityOf('Elton'), entityOf('Elton John'));
  });

  it('merges abbreviations and case variants of organisations and countries', () => {
    assert.equal(entityOf('NATO'), entityOf('Nato'));
    assert.equal(entityOf('U.S.'), entityOf('United States'));
    assert.equal(entityOf('US'), entityOf('United States'));
    assert.equal(entityOf('United States').canonical, 'United States');
    assert.equal(entityOf('EU'), entityOf('European Union'));
  });

  it('drops nationality adjectives and keeps one type per name', () => {
    assert.ok(!doc.mentions.some(m => m.text === 'German' || m.text === 'Russian'));
    const types = new Set(doc.mentions.filter(m => m.text === 'Berlin').map(m => m.type));
    assert.deepEqual([...types], ['LOC']);
  });

  it('finds later mentions of a known name the tagger missed', () => {
    const text = 'Jane Roe won. Roe said it was a long race. Later, Roe left.';
    const r = resolveEntities(text, [{ start: 0, end: 8, type: 'PER', text: 'Jane Roe' }, { start: 14, end: 17, type: 'PER', text: 'Roe' }]);
    const roes = r.mentions.filter(m => m.text === 'Roe');
    assert.equal(roes.length, 2);
    assert.ok(roes[1].byAlias);
    assert.equal(r.entities[roes[1].entity].canonical, 'Jane Roe');
  });

  it('votes one type for a name tagged differently in places', () => {
    const text = 'Acme said profits rose. Acme shares fell. Acme is based in Ohio.';
    const r = resolveEntities(text, tag(text, [['Acme', 'ORG']]).map((m, i) => (i === 1 ? { ...m, type: 'PER' as const } : m)));
    assert.deepEqual([...new Set(r.mentions.filter(m => m.text === 'Acme').map(m => m.type))], ['ORG']);
  });
});

describe('entities across documents', () => {
  it('merges a lone surname with the one full name it belongs to, and lists articles per entity', () => {
    const a = 'Angela Merkel spoke in Berlin. Merkel then left.';
    const b = 'Merkel, in a speech, warned of risks.';
    const c = 'Chancellor Merkel met Boris Johnson. Johnson agreed.';
    const idx = new EntityIndex();
    idx.set('a', resolveEntities(a, tag(a, [['Angela Merkel', 'PER'], ['Merkel', 'PER'], ['Berlin', 'LOC']])));
    idx.set('b', resolveEntities(b, tag(b, [['Merkel', 'PER']])));
    idx.set('c', resolveEntities(c, tag(c, [['Boris Johnson', 'PER'], ['Merkel', 'PER'], ['Johnson', 'PER']])));
    const merkel = idx.all().find(e => e.canonical === 'Angela Merkel')!;
    assert.ok(merkel);
    assert.deepEqual([...merkel.articles.keys()].sort(), ['a', 'b', 'c']);
    assert.equal(idx.all()[0], merkel, 'sorted by number of articles');
    idx.delete('c');
    assert.deepEqual([...idx.all().find(e => e.canonical === 'Angela Merkel')!.articles.keys()].sort(), ['a', 'b']);
  });

  it('after a document is set again (an edit), holds what an index built afresh holds, rebuilt only when its entities changed', () => {
    const texts: [string, [string, EntityType][]][] = [
      ['Angela Merkel spoke in Berlin. Merkel then left.', [['Angela Merkel', 'PER'], ['Merkel', 'PER'], ['Berlin', 'LOC']]],
      ['Merkel, in a speech, warned of risks.', [['Merkel', 'PER']]],
      ['Chancellor Merkel met Boris Johnson. Johnson agreed.', [['Boris Johnson', 'PER'], ['Merkel', 'PER'], ['Johnson', 'PER']]],
    ];
    const docOf = (text: string, names: [string, EntityType][]) => resolveEntities(text, tag(text, names));
    const view = (idx: EntityIndex) => idx.all().map(e => ({ ...e, articles: [...e.articles] }));
    const idx = new EntityIndex();
    texts.forEach(([t, n], i) => idx.set(`u${i}`, docOf(t, n)));
    const built = idx.all();
    // the same text analysed again: equal lists, new objects; the index built before stands
    idx.set('u1', docOf(...texts[1]));
    assert.equal(idx.all(), built, 'not rebuilt for an equal entity list');
    assert.equal(idx.get('u1')?.entities.length, 1, 'the new document is the one kept');
    // edits that change what the index reads: a name added, a mention more, a title, a type
    const edits: [string, [string, EntityType][]][] = [
      ['Merkel, in a speech in Paris, warned of risks.', [['Merkel', 'PER'], ['Paris', 'LOC']]],
      ['Merkel, in a speech, warned of risks. Merkel left.', [['Merkel', 'PER']]],
      ['Chancellor Merkel, in a speech, warned of risks.', [['Merkel', 'PER']]],
      ['Merkel, in a speech, warned of risks.', [['Merkel', 'ORG']]],
      ['Angela Merkel, in a speech, warned of risks.', [['Angela Merkel', 'PER']]],
    ];
    for (const [t, n] of edits) {
      const before = idx.all();
      idx.set('u1', docOf(t, n));
      const fresh = new EntityIndex();
      texts.forEach(([t0, n0], i) => fresh.set(`u${i}`, i === 1 ? docOf(t, n) : docOf(t0, n0)));
      assert.notEqual(idx.all(), before, `rebuilt after "${t}"`);
      assert.deepEqual(view(idx), view(fresh), `same as built afresh after "${t}"`);
    }
  });
});

describe('name knowledge', () => {
  it('reads titles before names', () => {
    const t = 'US President Joe Biden';
    assert.equal(titleBefore(t, t.indexOf('Joe'))?.title, 'President');
    const u = 'said Prime Minister Jane Doe';
    assert.equal(titleBefore(u, u.indexOf('Jane'))?.title, 'Prime Minister');
    assert.equal(titleBefore('Mr. Smith', 4)?.title, 'Mr');
    assert.equal(titleBefore('when Smith', 5), null);
  });

  it('knows usual abbreviations and demonyms, and spelling keys', () => {
    assert.equal(knownAlias('U.K.'), 'United Kingdom');
    assert.equal(knownAlias('Britain'), 'United Kingdom');
    assert.equal(knownAlias('the U.S.'), 'United States');
    assert.equal(knownAlias('Gotham'), null);
    assert.ok(isDemonym('British') && isDemonym('Ukrainians') && !isDemonym('Britain'));
    assert.equal(nameWordKey('Zelenskyy'), nameWordKey('Zelensky'));
    assert.equal(nameWordKey('Zelenskiy'), nameWordKey('Zelensky'));
    assert.equal(nameWordKey('Sergei'), nameWordKey('Sergey'));
    assert.notEqual(nameWordKey('Putin'), nameWordKey('Puton'));
  });
});

describe('entities of an analysed article', () => {
  it('maps mentions found in Markdown back to the source', () => {
    const src = '# Talks in **Geneva**\n\n*Jane Roe* met [John Doe](https://x.test) in Geneva. Roe said so.\n';
    const analysis = analyzeArticle(src, { uri: 'a.md' });
    const doc = extractEntities(analysis, text => tag(text, [['Jane Roe', 'PER'], ['John Doe', 'PER'], ['Geneva', 'LOC'], ['Roe', 'PER']]));
    for (const m of doc.mentions) assert.equal(src.slice(m.start, m.end), m.text, `${m.text} at ${m.start}`);
    assert.equal(doc.mentions.filter(m => m.text === 'Geneva').length, 2);
    assert.equal(doc.entities[doc.mentions.find(m => m.text === 'Roe')!.entity].canonical, 'Jane Roe');
  });
});

describe('places written as adjectives or nouns, and outlets', () => {
  const lexicon = { isFirstName: () => false, isPlace: (w: string) => /^(?:Atlantic|Pacific)$/.test(w) };
  it('keeps "the Atlantic" as a place and drops "Atlantic" before a noun', () => {
    const text = 'Teams from both sides of the Atlantic were meeting. The Atlantic alliance held. He crossed the Pacific.';
    const doc = resolveEntities(text, tag(text, [['Atlantic', 'LOC'], ['Pacific', 'LOC']]), lexicon);
    assert.deepEqual(doc.mentions.map(m => [m.text, m.type, m.start]), [['Atlantic', 'LOC', text.indexOf('Atlantic')], ['Pacific', 'LOC', text.indexOf('Pacific')]]);
  });

  it('makes the outlet the article model found an organisation wherever it is named', () => {
    const src = 'LONDON (Reuters) - Officials met on Monday.\n\nThe talks, first reported by Reuters, went on late.\n';
    const analysis = analyzeArticle(src, { uri: 'a.txt' });
    assert.equal(analysis.model.outlet, 'Reuters');
    const doc = extractEntities(analysis, text => tag(text, [['LONDON', 'LOC']]));
    const reuters = doc.mentions.filter(m => m.text === 'Reuters');
    assert.equal(reuters.length, 2);
    assert.ok(reuters.every(m => m.type === 'ORG' && src.slice(m.start, m.end) === 'Reuters'));
  });
});

describe('types the text states or implies', () => {
  const lexicon = { isFirstName: () => false, isPlace: (w: string) => w === 'Ukraine' };
  it('makes a name the text calls a body an organisation, at every mention', () => {
    const text = 'We use Zorbly as our marketing platform. Your details go to Zorbly for processing. Quillo, a software company based in Leeds, agreed. Quillo said so.';
    const doc = resolveEntities(text, tag(text, [['Zorbly', 'LOC'], ['Quillo', 'PER'], ['Leeds', 'LOC']]), lexicon);
    const typeOf = (name: string) => [...new Set(doc.mentions.filter(m => m.text === name).map(m => m.type))];
    assert.deepEqual(typeOf('Zorbly'), ['ORG']);
    assert.deepEqual(typeOf('Quillo'), ['ORG']);
    assert.deepEqual(typeOf('Leeds'), ['LOC']);
  });

  it('leaves a person described by their job a person', () => {
    const text = 'Jane Roe, a party official, spoke. Roe, the group\'s leader, left.';
    const doc = resolveEntities(text, tag(text, [['Jane Roe', 'PER'], ['Roe', 'PER']]), lexicon);
    assert.ok(doc.mentions.every(m => m.type === 'PER'));
  });

  it('reads a seat of government named for the people in it as the institution, there only', () => {
    const text = 'He arrived at the Grey House on Monday. Grey House officials said the Grey House view had shifted. The Grey House talks ended. Ukraine officials agreed.';
    const doc = resolveEntities(text, tag(text, [['Grey House', 'LOC'], ['Ukraine', 'LOC']]), lexicon);
    assert.deepEqual(doc.mentions.filter(m => m.text === 'Grey House').map(m => m.type), ['LOC', 'ORG', 'ORG', 'LOC']);
    assert.equal(doc.mentions.find(m => m.text === 'Ukraine')!.type, 'LOC');
  });

  it('finds a group named in lower case where the text introduces it, and its other uses', () => {
    const text = "Talks with members of the 'circle of friends', the states ready to help, went on. Later the circle of friends met; a circle of friends is rare.";
    const groups = lowerCaseGroups(text);
    assert.deepEqual(groups.map(g => [g.text, g.start, g.type]), [
      ['circle of friends', text.indexOf('circle of friends'), 'ORG'],
      ['circle of friends', text.indexOf('circle of friends', 40), 'ORG'],
    ]);
    const so = "A call of the so-called 'band of five', the group of nations he leads.";
    assert.deepEqual(lowerCaseGroups(so).map(g => g.text), ['band of five']);
    assert.deepEqual(lowerCaseGroups("He called it 'a fine mess', the end of hope."), []);
    const doc = resolveEntities(text, [], undefined, groups);
    assert.equal(doc.entities.length, 1);
    assert.equal(doc.entities[0].mentions, 2);
  });
});

describe('Title Case headlines', () => {
  it('keep only the names the body confirms', () => {
    const src = 'Acme Chief Faces Tough Questions Over Widget Recall In Springfield\n\nThe chief executive of Acme, Jane Roe, spoke in Springfield on Monday.\n';
    const analysis = analyzeArticle(src, { uri: 'a.txt' });
    const names: [string, EntityType][] = [['Acme Chief', 'ORG'], ['Widget Recall', 'ORG'], ['Springfield', 'LOC'], ['Acme', 'ORG'], ['Jane Roe', 'PER']];
    const doc = extractEntities(analysis, text => tag(text, names));
    const inHeadline = doc.mentions.filter(m => m.end <= src.indexOf('\n')).map(m => m.text);
    assert.deepEqual(inHeadline, ['Springfield']);
  });

  it('apply to subheadings inside the body as well', () => {
    const src = 'Widget maker recalls a million toys\n\nThe chief executive of Acme, Jane Roe, spoke to shareholders on Monday about the toys and what went wrong.\n\nA Costly Setback\n\nRoe said the recall would cost millions and take most of the coming year to finish.\n\nResults 2 Setback 1\n\nRoe left.\n';
    const analysis = analyzeArticle(src, { uri: 'a.txt' });
    const doc = extractEntities(analysis, text => tag(text, [['Costly Setback', 'PER'], ['Setback', 'ORG'], ['Acme', 'ORG'], ['Jane Roe', 'PER'], ['Roe', 'PER']]));
    assert.ok(!doc.mentions.some(m => m.text === 'Costly Setback'), doc.mentions.map(m => m.text).join(', '));
    // a short line with figures (a result, a dateline) is no subheading
    assert.ok(doc.mentions.some(m => m.text === 'Setback'), doc.mentions.map(m => m.text).join(', '));
    assert.ok(doc.mentions.some(m => m.text === 'Roe'));
  });
});
