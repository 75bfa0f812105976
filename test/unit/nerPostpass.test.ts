import * as assert from 'node:assert/strict';
import { bilouLabels, labelsToSpans } from '../../src/core/ner/decode';
import { isDomainName, refineSpans } from '../../src/core/ner/postpass';
import type { NerResources } from '../../src/core/ner/features';

const LABELS = bilouLabels();

// a tiny gazetteer: bits as in GAZ_TYPES (country 0, city 1, region 2, continent 3, first 4, org 5, demonym 6, title 7)
const res: NerResources = {
  gaz: new Map([
    ['france', 1],
    ['germany', 1],
    ['u.s.', 1],
    ['kyiv', 2],
    ['crimea', 4],
    ['labour', 32],
    ['president', 128],
    ['donald', 16],
    ['the hague', 2],
  ]),
  gazMaxLen: 2,
  lex: new Map(),
};

/** Label the given token ranges, run the post-pass, return the spans as "words/TYPE". */
function run(text: string, spans: [number, number, string][]): string[] {
  const words = text.split(' ');
  const seq = new Int32Array(words.length);
  for (const [a, b, type] of spans) {
    if (a === b) seq[a] = LABELS.indexOf(`U-${type}`);
    else {
      seq[a] = LABELS.indexOf(`B-${type}`);
      for (let t = a + 1; t < b; t++) seq[t] = LABELS.indexOf(`I-${type}`);
      seq[b] = LABELS.indexOf(`L-${type}`);
    }
  }
  refineSpans(LABELS, words, seq, 0, words.length, res);
  return labelsToSpans(LABELS, seq, 0, words.length).map(s => `${words.slice(s.first, s.last + 1).join(' ')}/${s.type}`);
}

describe('NER post-pass', () => {
  it('recognises bare domain names, not URLs or abbreviations', () => {
    assert.ok(isDomainName('example.com'));
    assert.ok(isDomainName('www.bbc.co.uk'));
    assert.ok(!isDomainName('e.g'));
    assert.ok(!isDomainName('U.S.'));
    assert.ok(!isDomainName('https://example.com/a'));
    assert.ok(!isDomainName('file.xyz1'));
  });

  it('tags domain names and G-groups as organisations', () => {
    assert.deepEqual(run('news from example.com today', []), ['example.com/ORG']);
    assert.deepEqual(run('the then G8 and the G-20', [[2, 2, 'LOC']]), ['G8/ORG', 'G-20/ORG']);
  });

  it('splits two places joined by a connective, and a word, connective and place', () => {
    assert.deepEqual(run('both France and Germany signed', [[1, 3, 'ORG']]), ['France/LOC', 'Germany/LOC']);
    assert.deepEqual(run('blaming Kyiv for France', [[1, 3, 'ORG']]), ['Kyiv/LOC', 'France/LOC']);
    assert.deepEqual(run('push Trump for U.S. help', [[1, 3, 'ORG']]), ['Trump/ORG', 'U.S./LOC']);
    assert.deepEqual(run('back Obama given Crimea now', [[1, 3, 'PER']]), ['Obama/PER', 'Crimea/LOC']);
    // names with inner lower-case words stay whole
    assert.deepEqual(run('the Bank of France said', [[1, 3, 'ORG']]), ['Bank of France/ORG']);
  });

  it('types countries as places and drops a leading The', () => {
    assert.deepEqual(run('with France on', [[1, 1, 'ORG']]), ['France/LOC']);
    assert.deepEqual(run('The U.S. and', [[0, 1, 'ORG']]), ['U.S./LOC']);
    assert.deepEqual(run('in The Hague today', [[1, 2, 'LOC']]), ['The Hague/LOC']);
  });

  it('splits a country, a title and a name', () => {
    assert.deepEqual(run('U.S. President Donald Trump said', [[0, 3, 'ORG']]), ['U.S./LOC', 'Donald Trump/PER']);
  });

  it('trims trailing day names and lower-case words; a gazetteer body is an organisation', () => {
    assert.deepEqual(run('met Donald Trump Thursday to', [[1, 3, 'PER']]), ['Donald Trump/PER']);
    assert.deepEqual(run('the Labour leader said', [[1, 2, 'MISC']]), ['Labour/ORG']);
  });

  it('ends a name at a comma, except before a suffix, in a partners list, or for a place and its state', () => {
    assert.deepEqual(run('on Morning Show , Smith said', [[1, 4, 'PER']]), ['Morning Show/PER', 'Smith/PER']);
    // a day before the comma is no name
    assert.deepEqual(run('On Friday , Smith said', [[1, 3, 'PER']]), ['Smith/PER']);
    assert.deepEqual(run('shares of Acme , Inc. rose', [[2, 4, 'ORG']]), ['Acme , Inc./ORG']);
    assert.deepEqual(run('said John Smith , Jr. today', [[1, 4, 'PER']]), ['John Smith , Jr./PER']);
    assert.deepEqual(run('at Goldman , Sachs & Co said', [[1, 5, 'ORG']]), ['Goldman , Sachs & Co/ORG']);
    assert.deepEqual(run('in Tulsa , Okla. on', [[1, 3, 'ORG']]), ['Tulsa , Okla./LOC']);
    // places keep their comma ("Washington, D.C.")
    assert.deepEqual(run('in Washington , D.C. on', [[1, 3, 'LOC']]), ['Washington , D.C./LOC']);
  });

  it('types rooms and offices entered as places', () => {
    assert.deepEqual(run('in the East Room of', [[2, 3, 'ORG']]), ['East Room/LOC']);
    assert.deepEqual(run('steps into the Oval Office on', [[3, 4, 'ORG']]), ['Oval Office/LOC']);
    assert.deepEqual(run('the Foreign Office said', [[1, 2, 'ORG']]), ['Foreign Office/ORG']);
  });
});
