import { strict as assert } from 'node:assert';
import { Corpus, InMemoryWorkspace, speakersThroughCorpus, type CorpusPerson, type DocumentEntities, type Quote } from '../../src/core';
import type { Tagger } from '../../src/core/entities/extract';
import { tag } from './helpers';

/** A document's entity list: people with mentions at the given offsets. */
function doc(people: { name: string; at: number[] }[]): DocumentEntities {
  return {
    entities: people.map(p => ({ type: 'PER' as const, canonical: p.name, aliases: [p.name], titles: [], mentions: p.at.length, key: `PER:${p.name.toLowerCase()}` })),
    mentions: people.flatMap((p, entity) => p.at.map(start => ({ start, end: start + p.name.length, type: 'PER' as const, text: p.name, entity, title: null }))),
  };
}

/** Text the synthetic offsets fall in (no commas: no apposition). */
const TEXT = ' '.repeat(400);

function quote(speakerText: string, speakerStart: number, entity?: number): Quote {
  return { start: speakerStart + 40, end: speakerStart + 60, kind: 'direct', speaker: speakerText, speakerText, speakerStart, speakerEnd: speakerStart + speakerText.length, confidence: 0.8, entity };
}

describe('speakersThroughCorpus (speakers named as the whole corpus names them)', () => {
  const corpus = new Map<string, CorpusPerson>([
    ['PER:jane example', { canonical: 'Jane Q. Example', type: 'PER', titles: ['Prime Minister', 'Ms'] }],
    ['PER:sam sample', { canonical: 'Sam Sample', type: 'PER', titles: ['Senator'] }],
    ['PER:ann other', { canonical: 'Ann Other', type: 'PER', titles: ['Prime Minister'] }],
  ]);
  const byKey = (key: string) => corpus.get(key);

  it('a resolved speaker takes its merged corpus name', () => {
    const d = doc([{ name: 'Jane Example', at: [0] }]);
    const out = speakersThroughCorpus(TEXT, [quote('Jane Example', 0, 0)], d, byKey);
    assert.equal(out[0].speaker, 'Jane Q. Example');
    assert.equal(out[0].entity, 0);
  });

  it('"the Prime Minister" is the person of the article other articles call so', () => {
    const d = doc([{ name: 'Jane Example', at: [0] }, { name: 'Sam Sample', at: [30] }]);
    const out = speakersThroughCorpus(TEXT, [quote('the Prime Minister', 100), quote('The senator', 200)], d, byKey);
    assert.deepEqual(out.map(q => [q.speaker, q.entity]), [['Jane Q. Example', 0], ['Sam Sample', 1]]);
  });

  it('of two holders of the title, the one named last before the mention', () => {
    const d = doc([{ name: 'Jane Example', at: [0, 150] }, { name: 'Ann Other', at: [50] }]);
    const out = speakersThroughCorpus(TEXT, [quote('the Prime Minister', 100), quote('the Prime Minister', 300)], d, byKey);
    assert.deepEqual(out.map(q => q.speaker), ['Ann Other', 'Jane Q. Example']);
  });

  it('an apposition names the speaker: "Ann Other, the senator, said"', () => {
    const text = `Sam Sample spoke first. ${' '.repeat(60)}Ann Other, the senator, said it would pass.`;
    const at = text.indexOf('Ann Other');
    const d = doc([{ name: 'Sam Sample', at: [0] }, { name: 'Ann Other', at: [at] }]);
    const out = speakersThroughCorpus(text, [quote('the senator', at + 'Ann Other, '.length)], d, byKey);
    assert.equal(out[0].speaker, 'Ann Other');
    // without the comma, the senator of the corpus
    const plain = text.replace('Ann Other, the senator,', 'Ann Other. the senator ');
    assert.equal(speakersThroughCorpus(plain, [quote('the senator', at + 'Ann Other, '.length)], d, byKey)[0].speaker, 'Sam Sample');
  });

  it('leaves alone indefinite descriptions, offices, pronouns and people the article does not name', () => {
    const d = doc([{ name: 'Sam Sample', at: [0] }]);
    const quotes = [quote('a senator', 100), quote("the senator's office", 150), quote('he', 200), quote('the Prime Minister', 250)];
    const out = speakersThroughCorpus(TEXT, quotes, d, byKey);
    assert.equal(out, quotes, 'nothing changed: the same array');
    assert.deepEqual(out.map(q => q.speaker), ['a senator', "the senator's office", 'he', 'the Prime Minister']);
  });

  it('Corpus.attributedQuotes: "the Prime Minister" of one article named through another', async () => {
    const stub: Tagger = (text: string) => tag(text, [['Jane Example', 'PER']]);
    const ws = new InMemoryWorkspace();
    const c = new Corpus(ws);
    c.setTaggerFactory(async () => stub);
    const a = c.analyzeText('mem:/a.txt', 'Budget day\n\nPrime Minister Jane Example presented the budget on Monday.\n', 1);
    const b = c.analyzeText('mem:/b.txt', 'Visit\n\nJane Example visited the harbour on Tuesday.\n\n"We will rebuild it," the Prime Minister said.\n', 1);
    await c.entities(a);
    const raw = await c.quotes(b);
    const direct = raw.find(q => q.kind === 'direct');
    assert.ok(direct, 'the quotation is found');
    assert.equal(direct.speakerText, 'the Prime Minister');
    assert.equal(direct.speaker, 'the Prime Minister', 'within its own article the description names nobody');
    const shown = (await c.attributedQuotes(b)).find(q => q.kind === 'direct');
    assert.equal(shown?.speaker, 'Jane Example');
    assert.deepEqual(await c.quotes(b), raw, 'the per-article quotes are unchanged');
  });
});
