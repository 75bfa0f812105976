import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeArticle } from '../../src/core/article/analyze';
import { articleQuotes } from '../../src/core/articleQuotes';
import { resolveEntities } from '../../src/core/entities/resolve';
import type { EntityType } from '../../src/core/entities/types';
import { ROOT, tag } from './helpers';
import { CompareIndex, escapeHtml, findConflicts, renderHtml, renderMarkdown, spellingKey, tokenize, type CompareGroup, type CompareInput } from '../../src/core/compare';
import { entitySpans, extractUnits } from '../../src/core/compare/claims';
import { isVerbForm } from '../../src/core/compare/normalize';
import { compareCommand, compareFolders, groupsJson } from '../../src/cli/compare';


const NAMES: [string, EntityType][] = [
  ['Anna Berg', 'PER'], ['Berg', 'PER'], ['Ruritania', 'LOC'], ['Freedonia', 'LOC'], ['Paris', 'LOC'], ['Tomas Lind', 'PER'], ['Lind', 'PER'],
];

function input(text: string, date = '2031-05-02'): CompareInput {
  const body = `date ${date}\n\n${text}`;
  const analysis = analyzeArticle(body, { format: 'text' });
  const entities = resolveEntities(body, tag(body, NAMES));
  return { text: body, model: analysis.model, entities, quotes: articleQuotes(analysis, entities) };
}

const keys = (text: string) => tokenize(text, 0, text.length).map(t => t.key);

describe('compare: match keys', () => {
  it('merges British and American spellings by general rules', () => {
    for (const [uk, us] of [['defence', 'defense'], ['organised', 'organized'], ['colour', 'color'], ['labour', 'labor'], ['centre', 'center'], ['catalogue', 'catalog'], ['travelled', 'traveled'], ['programme', 'program'], ['analyse', 'analyze']]) {
      assert.equal(spellingKey(uk), spellingKey(us), `${uk} / ${us}`);
    }
    for (const w of ['four', 'hour', 'your', 'tour', 'detour']) assert.equal(spellingKey(w), w);
  });

  it('reads numbers in one form', () => {
    assert.deepEqual(keys('rise to 2.5 percent'), keys('rise to 2.5%'));
    assert.deepEqual(keys('rise to 2.5 per cent'), keys('rise to 2.5%'));
    assert.deepEqual(keys('two ships'), keys('2 ships'));
    assert.deepEqual(keys('its fourth year'), keys('its 4th year'));
    assert.deepEqual(keys('$500 billion'), keys('$500bn'));
    const t = tokenize('more than three years', 0, 21).find(x => x.kind === 'number')!;
    assert.equal(t.approx, true);
    assert.equal(t.value, 3);
  });

  it('ignores typography: quote marks, apostrophes, dashes, ellipses, abbreviations', () => {
    assert.deepEqual(keys('“I’m not going to,” he said — again…'), keys('"I\'m not going to," he said - again...'));
    assert.deepEqual(keys('a trade-off'), keys('a trade off'));
    assert.deepEqual(keys('the U.S. and the U.K.'), keys('the US and the UK'));
    assert.deepEqual(keys('4% of gross domestic product'), keys('4% of GDP'));
    assert.notDeepEqual(keys('help us'), keys('help US'));
  });

  it('maps every token back to its words in the source', () => {
    const text = 'He said: “Rates rose to 2.5 percent in the U.S. [last] week.”';
    const tokens = tokenize(text, 0, text.length);
    assert.deepEqual(tokens.map(t => text.slice(t.start, t.end)), ['He', 'said', 'Rates', 'rose', 'to', '2.5 percent', 'in', 'the', 'U.S.', 'last', 'week']);
    assert.equal(tokens.find(t => t.key === 'last')?.inserted, true);
  });

  it('reads irregular and inflected verb forms as one word', () => {
    const stems = (text: string) => tokenize(text, 0, text.length).map(t => t.stem);
    assert.deepEqual(stems('she came'), stems('she comes'));
    assert.deepEqual(stems('she came'), stems('she coming'));
    assert.deepEqual(stems('they met'), stems('they meet'));
    assert.deepEqual(stems('he announced'), stems('he announces'));
    assert.notDeepEqual(stems('they met'), stems('they left'));
    assert.deepEqual(stems('the invasion'), stems('the invaded'));
    assert.deepEqual(stems('a decision'), stems('a decided'));
    assert.notDeepEqual(stems('the vision'), stems('the version'));
  });

  it('reads a nationality adjective and an untagged name as the entity', () => {
    assert.deepEqual(keys('Ukrainian allies'), ['@ukraine', ...keys('allies')]);
    assert.equal(keys('British troops')[0], '@united kingdom');
    assert.equal(keys('American help')[0], '@united states');
    // lower case is a word, not a name
    assert.notEqual(keys('french fries')[0], '@france');
    // a one-word name the article tags elsewhere: the untagged mention is the same entity
    const text = 'Freedonia signed. Officials in Freedonia’s capital agreed.';
    const names = new Map([['freedonia', '@freedonia']]);
    const tokens = tokenize(text, 18, text.length, [], names);
    assert.equal(tokens.find(t => text.slice(t.start, t.end).startsWith('Freedonia'))?.key, '@freedonia');
  });

  it('writes a name as its canonical entity', () => {
    const a = input('Prime Minister Anna Berg met Tomas Lind in Paris. Berg said little.');
    const spans = entitySpans({ ...a, canonical: () => 'Anna Berg-Holm' });
    const tokens = tokenize(a.text, 0, a.text.length, spans);
    const berg = tokens.filter(t => t.kind === 'entity' && a.text.slice(t.start, t.end).includes('Berg'));
    assert.deepEqual(berg.map(t => t.key), ['@anna berg-holm', '@anna berg-holm']);
    // the title before a name weighs like a function word
    assert.equal(tokens.find(t => t.key === 'prime')?.kind, 'stop');
  });
});

/** The conflicts between the first sentences of two texts. */
function conflicts(x: string, y: string) {
  const a = input(x);
  const b = input(y);
  const side = (i: CompareInput) => {
    const s = i.model.sentences[0];
    return { tokens: tokenize(i.text, s.start, s.end, entitySpans(i)), titles: [], date: i.model.date, text: i.text };
  };
  return findConflicts(side(a), side(b));
}

describe('compare: conflicts', () => {
  it('flags the same figure with a different deadline', () => {
    const found = conflicts('Ruritania will aim to reach 5% by 2040.', 'Ruritania wants a rise to 5% after the next election.');
    assert.equal(found.length, 1);
    assert.equal(found[0].slot, 'deadline');
  });

  it('flags a different figure in the same slot', () => {
    const found = conflicts('Ruritania will raise health spending to 4.5% of GDP.', 'Ruritania will raise health spending to 3.5% of GDP.');
    assert.deepEqual(found.map(c => c.slot), ['figure']);
  });

  it('does not flag a qualifier one side leaves out', () => {
    assert.deepEqual(conflicts('Ruritania will aim to reach 5% by 2040.', 'Ruritania will aim to reach 5%.'), []);
  });

  it('does not flag figures about different subjects', () => {
    assert.deepEqual(conflicts('Freedonia asked allies to spend 7% of GDP on health.', 'Ruritania will raise its health spending to 4.5% of GDP.'), []);
  });

  it('does not flag figures of articles a week or more apart', () => {
    const side = (text: string, date: string) => ({ tokens: tokenize(text, 0, text.length), titles: [], date, text });
    const a = 'The poll gave the mayor 46 percent of the vote.';
    const b = 'The poll gave the mayor 41 percent of the vote.';
    assert.equal(findConflicts(side(a, '2031-05-02'), side(b, '2031-05-04')).length, 1);
    assert.deepEqual(findConflicts(side(a, '2031-05-02'), side(b, '2031-05-20')), []);
  });

  it('does not flag an ordinal against a bound', () => {
    assert.deepEqual(conflicts('The strike is now in its fourth year.', 'The strike has lasted more than three years.'), []);
  });

  it('groups reworded versions, explains conflicts, and keeps hard negatives apart', () => {
    const index = new CompareIndex();
    index.set('a.txt', input('Ruritania will raise health spending to 4.5% of gross domestic product by 2030, and will aim to reach 5% by 2040. Ruritanian Prime Minister Anna Berg visited Paris on Monday to sign the water treaty.'));
    index.set('b.txt', input('Ruritania would increase its health spending to 4.5 percent of GDP by 2030, with a possible rise to 5% after the next election. Ruritanian President Anna Berg visited Paris on Monday to sign the water treaty.'));
    index.set('c.txt', input('Freedonia has asked its allies to spend 7% of GDP on health, far above current levels.'));
    const groups = index.groups();
    const spending = groups.find(g => g.members.some(m => m.text.includes('4.5')));
    assert.ok(spending, 'the spending claims are grouped');
    assert.equal(spending.relation, 'conflict');
    assert.ok(spending.conflicts.some(c => c.slot === 'deadline' && /by 2040/.test(c.left) && /after the next election/.test(c.right)), JSON.stringify(spending.conflicts));
    assert.ok(spending.conflicts.every(c => c.explanation.startsWith('the deadline differs')));
    const visit = groups.find(g => g.members.some(m => m.text.includes('Paris')));
    assert.ok(visit);
    assert.equal(visit.relation, 'conflict');
    assert.equal(visit.conflicts[0].slot, 'title');
    assert.match(visit.conflicts[0].explanation, /Prime Minister' vs 'President'/);
    assert.ok(!groups.some(g => g.members.some(m => m.uri === 'c.txt')), 'a different subject is not grouped');
    // offsets point into the files
    for (const g of groups) for (const m of g.members) assert.equal(index.has(m.uri), true);
    for (const m of spending.members) assert.equal(m.text, (m.uri === 'a.txt' ? index : index) && m.text);
  });

  it('reads a short or gendered title as its long form, and a legislator’s post as no other title', () => {
    const index = new CompareIndex();
    index.set('a.txt', input('Sen. Anna Berg visited Paris on Monday to sign the water treaty. Rep. Jan Holm met the committee on Tuesday to discuss the river bridge budget.'));
    index.set('b.txt', input('Senator Anna Berg visited Paris on Monday to sign the water treaty. Chairwoman Jan Holm met the committee on Tuesday to discuss the river bridge budget.'));
    index.set('c.txt', input('Governor Anna Berg visited Paris on Monday to sign the water treaty.'));
    const groups = index.groups();
    const visit = groups.find(g => g.members.some(m => m.text.includes('Paris')));
    assert.ok(visit, 'the visits are grouped');
    assert.equal(visit.sources, 3);
    // Sen. = Senator; a governor is another office
    assert.ok(visit.conflicts.length > 0 && visit.conflicts.every(c => c.slot === 'title' && [c.a, c.b].some(k => visit.members[k].uri === 'c.txt')), JSON.stringify(visit.conflicts));
    const budget = groups.find(g => g.members.some(m => m.text.includes('bridge budget')));
    assert.ok(budget, 'the meetings are grouped');
    assert.notEqual(budget.relation, 'conflict', JSON.stringify(budget.conflicts));
  });

  it('does not give a title to a name after the sentence that ends with it', () => {
    const a = 'He said he would run for president.  Anna Berg visited Paris on Monday to sign the water treaty.';
    const b = 'Governor Anna Berg visited Paris on Monday to sign the water treaty.';
    const index = new CompareIndex();
    index.set('a.txt', input(a));
    index.set('b.txt', input(b));
    const visit = index.groups().find(g => g.members.some(m => m.text.includes('Paris')));
    assert.ok(visit, 'the visits are grouped');
    assert.deepEqual(visit.conflicts, []);
  });

  it('calls wording differences a variant with word operations', () => {
    const index = new CompareIndex();
    const a = input('“We will not pay for the bridge over the river this year,” Anna Berg said.');
    const b = input('“We will not pay for the new bridge over the river this year,” Anna Berg told reporters.');
    index.set('a', a);
    index.set('b', b);
    const [g] = index.groups();
    assert.ok(g);
    assert.equal(g.kind, 'quote');
    assert.equal(g.relation, 'variant');
    const other = g.reference === 0 ? 1 : 0;
    const d = g.diffs.find(x => x.member === other)!;
    const changed = d.ops.filter(o => o.op !== 'equal');
    assert.equal(changed.length, 1);
    const src = g.members[changed[0].op === 'added' ? other : g.reference].uri === 'a' ? a.text : b.text;
    assert.equal(src.slice(changed[0].start, changed[0].end), 'new');
  });
});

const CORPUS: [string, string][] = [
  ['one.txt', 'Ruritania will raise health spending to 4.5% of GDP by 2030. “We will not pay for the bridge over the river this year,” Anna Berg said. Tomas Lind met Anna Berg in Paris on Monday.'],
  ['two.txt', 'Ruritania would increase health spending to 4.5 percent of GDP by 2030, officials said. “We will not pay for the bridge over the river this year,” said Anna Berg.'],
  ['three.txt', 'Tomas Lind met Anna Berg in Paris on Monday for talks on the water treaty. “We will not pay for the new bridge over the river,” Berg said.'],
  ['four.txt', 'The water treaty was signed in Paris by Tomas Lind and Anna Berg, ending talks that lasted two years.'],
];

const plain = (gs: CompareGroup[]) => JSON.stringify(gs);

describe('compare: the index', () => {
  it('gives the same groups after adding and removing a file as a rebuild, in any order', () => {
    const full = new CompareIndex();
    for (const [uri, text] of CORPUS) full.set(uri, input(text));
    const reversed = new CompareIndex();
    for (const [uri, text] of [...CORPUS].reverse()) reversed.set(uri, input(text));
    assert.ok(full.groups().length >= 2);
    assert.equal(plain(reversed.groups()), plain(full.groups()));
    // remove one, then compare with an index that never had it
    full.delete('two.txt');
    const without = new CompareIndex();
    for (const [uri, text] of CORPUS) if (uri !== 'two.txt') without.set(uri, input(text));
    assert.equal(plain(full.groups()), plain(without.groups()));
    // change a file: the new text replaces the old
    full.set('one.txt', input('Nothing in common with the others here at all, said a spokesperson for the zoo.'));
    assert.ok(!full.groups().some(g => g.members.some(m => m.uri === 'one.txt')));
    assert.equal(full.size, 3);
  });

  it('cuts a sentence into its statements at a relative clause', () => {
    const units = extractUnits(input('Anna Berg is due in Paris on Friday to sign a deal on copper mines in Ruritania, which Tomas Lind has demanded as payment for years of military aid.'));
    const claims = units.filter(u => u.kind === 'claim');
    assert.equal(claims.length, 2);
    assert.ok(claims[1].tokens[0].key === 'which');
  });

  it('links reports of one event reworded and reordered: a shared name and day', () => {
    const index = new CompareIndex();
    index.set('a', input('Anna Berg will visit the Freedonia parliament on Thursday.', '2031-05-02'));
    index.set('b', input('On Thursday the parliament of Freedonia hosted Anna Berg for talks.', '2031-05-03'));
    assert.equal(index.groups().length, 1);
    // the same weekday in articles weeks apart is another day
    const far = new CompareIndex({ dateWindowDays: 60 });
    far.set('a', input('Anna Berg will visit the Freedonia parliament on Thursday.', '2031-05-02'));
    far.set('b', input('On Thursday the parliament of Freedonia hosted Anna Berg for talks.', '2031-06-20'));
    assert.equal(far.groups().length, 0);
    // the event is shown whole, not the name alone
    const [g] = index.groups();
    assert.ok(g.members.every(m => /Anna Berg/.test(m.text) && /Thursday/.test(m.text)), g.members.map(m => m.text).join(' | '));
    // a day of a month is a day too; a year or a month alone names no event
    const day = new CompareIndex();
    day.set('a', input('Anna Berg will visit the Freedonia parliament on June 14.', '2031-05-02'));
    day.set('b', input('On June 14 the parliament of Freedonia hosted Anna Berg for talks.', '2031-05-03'));
    assert.equal(day.groups().length, 1);
    for (const when of ['in 2030', 'in June']) {
      const loose = new CompareIndex();
      loose.set('a', input(`Anna Berg will visit the Freedonia parliament ${when}.`, '2031-05-02'));
      loose.set('b', input(`${when[0].toUpperCase()}${when.slice(1)} the parliament of Freedonia hosted Anna Berg for talks.`, '2031-05-03'));
      assert.equal(loose.groups().length, 0, when);
    }
  });

  it('links two claims on a statement, not on a title and a name they share', () => {
    const phrase = new CompareIndex();
    phrase.set('a', input('The presumptive Freedonia party nominee Anna Berg toured a car plant in the north on a wet morning.'));
    phrase.set('b', input('Farmers in Paris cheered the presumptive Freedonia party nominee Anna Berg at a county fair.'));
    assert.deepEqual(phrase.groups(), []);
    const statement = new CompareIndex();
    statement.set('a', input('The presumptive Freedonia party nominee Anna Berg pledged to close the Ruritania border crossing.'));
    statement.set('b', input('Anna Berg, the Freedonia nominee, has pledged to close the Ruritania border crossing within weeks.'));
    assert.equal(statement.groups().length, 1);
    assert.match(statement.groups()[0].members[0].text, /pledged to close/);
  });

  it('reads a verb form by general English morphology', () => {
    for (const w of ['killed', 'saying', 'came', 'won', 'wants', 'is', 'could']) assert.ok(isVerbForm(w), w);
    for (const w of ['president', 'nominee', 'border', 'red']) assert.ok(!isVerbForm(w), w);
    assert.ok(isVerbForm('use', 'the') && !isVerbForm('use', 'of'), 'a bare form before "of" is a noun');
  });

  it('leaves the markup tags of an embedded post out of its units', () => {
    const t = input('<tweet tweet-author="@freedonia_news" tweet-date="May 2, 2031">The border with Ruritania will close on Friday, Anna Berg said.</tweet>');
    const units = extractUnits(t);
    assert.ok(units.length > 0);
    const keys = units.flatMap(u => u.tokens.map(k => k.key));
    assert.ok(keys.includes('border') && keys.includes('friday'), keys.join(' '));
    assert.ok(!keys.includes('tweet') && !keys.includes('author') && !keys.includes('#2031'), keys.join(' '));
  });

  it('puts a sentence that reports two facts in the group of each', () => {
    const index = new CompareIndex();
    index.set('a', input('Anna Berg met Tomas Lind on Thursday to plead for copper export licences from Ruritania, insisting they are the only way to keep the northern mines open.'));
    index.set('b', input('Anna Berg will visit Tomas Lind in Paris on Thursday.'));
    index.set('c', input('She has asked for copper export licences from Ruritania, the only way to keep the northern mines open, her office said.'));
    const groups = index.groups();
    const files = groups.map(g => g.members.map(m => m.uri).sort().join(' ')).sort();
    assert.deepEqual(files, ['a b', 'a c']);
    // each group shows the stretch of the sentence it shares
    const visit = groups.find(g => g.members.some(m => m.uri === 'b'))!.members.find(m => m.uri === 'a')!;
    const licences = groups.find(g => g.members.some(m => m.uri === 'c'))!.members.find(m => m.uri === 'a')!;
    assert.ok(visit.text.includes('Thursday') && !visit.text.includes('mines'), visit.text);
    assert.ok(licences.text.includes('licences') && !licences.text.includes('Thursday'), licences.text);
  });

  it('links two reports that quote the same word, and not when one only uses it', () => {
    const quoted = new CompareIndex();
    quoted.set('a', input('Anna Berg wants a Freedonia “firewall” to protect the northern copper mines, her aides said on Monday.'));
    quoted.set('b', input('Berg is expected to ask the Freedonia government for a "firewall" before any agreement is signed.'));
    assert.equal(quoted.groups().length, 1);
    assert.deepEqual(quoted.groups()[0].members.map(m => m.uri).sort(), ['a', 'b']);
    const plainWord = new CompareIndex();
    plainWord.set('a', input('Anna Berg wants a Freedonia “firewall” to protect the northern copper mines, her aides said on Monday.'));
    plainWord.set('b', input('Berg is expected to ask the Freedonia government for a firewall before any agreement is signed.'));
    assert.equal(plainWord.groups().length, 0);
  });

  it('links four words of a story in the same order, close together, whatever their weight', () => {
    // the story's words are in every article, so each weighs little
    const background = [
      'Ruritania said licences for new mines will wait until the copper price recovers and export demand returns.',
      'Export figures from Ruritania show copper sales fell while the mines cut licences for foreign crews.',
      'Mines across Ruritania reported that export licences and copper permits were delayed again this spring.',
      'Licences, copper quotas and export duties dominate every debate about the mines of Ruritania this year.',
      'In Ruritania the copper mines depend on export markets, and licences are issued once a year by the ministry.',
    ];
    const build = (a: string, b: string) => {
      const index = new CompareIndex();
      background.forEach((t, k) => index.set(`bg${k}`, input(t)));
      index.set('a', input(a));
      index.set('b', input(b));
      return index.groups().filter(g => g.members.some(m => m.uri === 'a') && g.members.some(m => m.uri === 'b'));
    };
    const stats = (index: CompareIndex) => index.linkStats().find(l => [l.aUri, l.bUri].sort().join() === 'a,b');
    const shared = build(
      'Tomas Lind said the northern copper mines need export licences from Ruritania before the winter shutdown begins next month.',
      'Union leaders warned on Monday that the copper mines want export licences from Ruritania, according to a statement.',
    );
    assert.equal(shared.length, 1);
    // three of them are not enough
    assert.equal(build('Tomas Lind said the northern copper mines need new licences before the winter shutdown begins next month.', 'Union leaders warned on Monday that the copper mines lost their licences last winter, according to a statement.').length, 0);
    // the words weigh less than the other rules ask for (the rule of four is what links them)
    const index = new CompareIndex();
    background.forEach((t, k) => index.set(`bg${k}`, input(t)));
    index.set('a', input('Tomas Lind said the northern copper mines need export licences from Ruritania before the winter shutdown begins next month.'));
    index.set('b', input('Union leaders warned on Monday that the copper mines want export licences from Ruritania, according to a statement.'));
    const l = stats(index)!;
    assert.ok(l.accepted && l.evidence < 1.9, JSON.stringify(l));
  });

  it('compares the units of one file with each other when asked', () => {
    const text = 'Anna Berg said the copper mines of Ruritania will reopen in the spring after a long strike. Weather delayed the harvest. Later that day Anna Berg repeated that the copper mines of Ruritania would reopen in the spring after the strike.';
    const index = new CompareIndex({ sameFile: true });
    index.set('a', input(text));
    const groups = index.groups();
    assert.equal(groups.length, 1);
    assert.equal(groups[0].members.length, 2);
    assert.equal(groups[0].sources, 1);
    const off = new CompareIndex();
    off.set('a', input(text));
    assert.equal(off.groups().length, 0);
  });

  it('leaves articles far apart in time uncompared', () => {
    const index = new CompareIndex({ dateWindowDays: 30 });
    index.set('a', input(CORPUS[0][1], '2031-01-01'));
    index.set('b', input(CORPUS[1][1], '2031-06-01'));
    assert.equal(index.groups().length, 0);
    index.set('b', input(CORPUS[1][1], '2031-01-03'));
    assert.ok(index.groups().length > 0);
  });
});

describe('compare: reports', () => {
  const hostile = '“We will not pay for the <script>alert(1)</script> bridge <img src=x onerror=alert(2)> over the river,” Anna Berg said.';
  const index = new CompareIndex();
  index.set('x<script>.txt', input(hostile));
  index.set('y.txt', input('“We will not pay for the <script>alert(1)</script> bridge <img src=x onerror=alert(2)> over the river,” said Anna Berg.'));
  const groups = index.groups();

  it('escapes every article string in HTML', () => {
    assert.ok(groups.length > 0);
    const html = renderHtml(groups, { title: '<b>t</b>' });
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(!/<img/i.test(html), 'no img element');
    assert.ok(!/<b>t/.test(html));
    assert.ok(html.includes('&lt;script&gt;'));
    assert.ok(html.includes('x&lt;script&gt;.txt'));
    assert.ok(!/https?:/.test(html), 'no remote content');
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
  });

  it('writes Markdown without raw HTML from the articles', () => {
    const md = renderMarkdown(groups);
    assert.ok(!md.includes('<script>'));
    assert.match(md, /Quote in 2 sources/);
  });
});

describe('compare: CLI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'corroborate-compare-'));
    for (const [name, text] of CORPUS) writeFileSync(join(dir, name), `date 2031-05-02\n\n${text}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('groups files of a folder with paths relative to it', async () => {
    const { groups, articles } = await compareFolders([dir], { tagger: text => tag(text, NAMES) });
    assert.equal(articles, 4);
    const json = groupsJson(groups) as { groups: { id: string; kind: string; relation: string; members: { file: string; start: number; end: number; text: string }[]; conflicts: unknown[] }[] };
    assert.ok(json.groups.length > 0);
    for (const g of json.groups) {
      assert.equal(typeof g.id, 'string');
      assert.ok(g.kind === 'quote' || g.kind === 'claim');
      assert.ok(['identical', 'variant', 'conflict'].includes(g.relation));
      assert.ok(Array.isArray(g.conflicts));
      for (const m of g.members) {
        assert.ok(CORPUS.some(([n]) => n === m.file), m.file);
        assert.equal(readFileSync(join(dir, m.file), 'utf8').slice(m.start, m.end), m.text);
      }
    }
  });

  it('shows no claim group that is only a name, a title or a date in every source (the seeds, real tagger)', async () => {
    const { groups } = await compareFolders([join(ROOT, 'seeds')]);
    const words = (t: string) => t.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
    assert.ok(groups.filter(g => g.kind === 'claim').length >= 5, 'the seeds share claims');
    for (const g of groups) {
      if (g.kind !== 'claim' || g.relation === 'conflict') continue;
      assert.ok(g.members.some(m => words(m.text) >= 5), g.members.map(m => m.text).join(' | '));
    }
  });

  it('writes JSON, Markdown and HTML', async () => {
    const out = join(dir, 'out.json');
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      assert.equal(await compareCommand([dir, '--format', 'json', '--output', out]), 0);
      const parsed = JSON.parse(readFileSync(out, 'utf8')) as { groups: unknown[] };
      assert.ok(Array.isArray(parsed.groups));
      assert.equal(await compareCommand([dir, '--format', 'html', '--output', join(dir, 'r.html')]), 0);
      assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /^<!DOCTYPE html>/);
      assert.equal(await compareCommand([dir, '--format', 'xml']), 2);
    } finally {
      process.stderr.write = stderr;
    }
  });

  it('matches units of one article with each other only with --same-file', async () => {
    const one = mkdtempSync(join(tmpdir(), 'corroborate-samefile-'));
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      writeFileSync(
        join(one, 'a.txt'),
        'date 2031-05-02\n\nAnna Berg said the copper mines of Ruritania will reopen in the spring after a long strike.\n\nWeather delayed the harvest.\n\nLater that day Anna Berg repeated that the copper mines of Ruritania would reopen in the spring after the strike.\n',
      );
      const out = join(one, 'out.json');
      assert.equal(await compareCommand([one, '--format', 'json', '--output', out]), 0);
      assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { groups: unknown[] }).groups.length, 0);
      assert.equal(await compareCommand([one, '--same-file', '--format', 'json', '--output', out]), 0);
      const groups = (JSON.parse(readFileSync(out, 'utf8')) as { groups: { members: { file: string; text: string }[] }[] }).groups;
      assert.equal(groups.length, 1);
      assert.equal(groups[0].members.length, 2);
      assert.ok(groups[0].members.every(m => m.file === 'a.txt' && /copper mines of Ruritania/.test(m.text)), JSON.stringify(groups[0].members));
    } finally {
      process.stderr.write = stderr;
      rmSync(one, { recursive: true, force: true });
      process.stderr.write = stderr;
    }
  });
});
