import * as assert from 'node:assert/strict';
import { extractQuotes, hasReportedModel, installReportedModel, quoteRecords, type Quote } from '../../src/core/quotes';
import { decodeReportedModel, encodeReportedModel, featureHash, groupAttributions, lexClass, quantizeReportedModel, reportedFeatures, ReportedModelError, reportedWeights, NL } from '../../src/core/quotes/reported';
import { paragraphTokens, tokenize, type Token } from '../../src/core/quotes/text';
import { paragraphsOf, scanQuoteMarks } from '../../src/core/quotes/marks';
import { sentenceStarts, tagReported, viterbiBio } from '../../src/core/quotes/reported';
import { objectBefore } from '../../src/core/quotes/phrases';
import { randomPiecesAndRange, REPORTED_MODEL_BYTES } from './helpers';
import { mulberry32 } from '../../src/core/random';

const speakerOf = (text: string, q: Quote) => (q.speakerStart === undefined ? null : text.slice(q.speakerStart, q.speakerEnd));
const cueOf = (text: string, q: Quote) => (q.cueStart === undefined ? null : text.slice(q.cueStart, q.cueEnd));
const reported = (text: string) => extractQuotes(text).filter(q => q.kind === 'reported');

describe('reported speech (learned tagger)', () => {
  it('"according to X": the content, its source and the cue', () => {
    const text = 'According to the harbour master, the ferry will resume service in May.';
    const [q] = reported(text);
    assert.ok(q, 'no reported speech found');
    assert.equal(text.slice(q.start, q.end), 'the ferry will resume service in May');
    assert.equal(speakerOf(text, q), 'the harbour master');
    assert.equal(cueOf(text, q), 'According to');
  });

  it('"X told reporters the talks were …": the audience stays in the cue, not in the content', () => {
    const text = 'The negotiator told reporters the talks were making slow but steady progress.';
    const [q] = reported(text);
    assert.ok(q, 'no reported speech found');
    assert.equal(text.slice(q.start, q.end), 'the talks were making slow but steady progress');
    assert.equal(speakerOf(text, q), 'The negotiator');
    assert.equal(cueOf(text, q), 'told reporters');
  });

  it('"X warned that …" and "…, a senior official said": no "that", the speaker as written', () => {
    const text = ['The central bank warned that prices would keep rising through the winter.', 'The border crossing will stay closed until further notice, a senior official said.'].join('\n\n');
    const got = reported(text).map(q => [text.slice(q.start, q.end), speakerOf(text, q)]);
    assert.deepEqual(got, [
      ['prices would keep rising through the winter', 'The central bank'],
      ['The border crossing will stay closed until further notice', 'a senior official'],
    ]);
  });

  it('a quotation inside a reported clause shares its speaker and cue', () => {
    const text = 'The senator said the proposal was "dead on arrival" and would never pass the chamber.';
    const q = extractQuotes(text);
    const partial = q.find(x => x.kind === 'partial');
    const rep = q.find(x => x.kind === 'reported');
    assert.ok(partial && rep, JSON.stringify(q.map(x => `${x.kind}:${text.slice(x.start, x.end)}`)));
    assert.ok(rep.start <= partial.start && partial.end <= rep.end);
    assert.equal(speakerOf(text, rep), 'The senator');
    assert.equal(rep.speakerStart, partial.speakerStart);
    assert.equal(rep.cueStart, partial.cueStart);
  });

  it('the start of a verb\'s object before a noun cue is not a speaker ("sends a strong signal that …"); a subject is', () => {
    const text = [
      'The new rules send a strong signal that fraud will not be tolerated.',
      'It was a clear message that the plan had failed, and a spokesman said the talks would resume in May.',
    ].join('\n\n');
    const speakers = extractQuotes(text).map(q => speakerOf(text, q));
    assert.ok(!speakers.includes('a strong') && !speakers.includes('a clear'), JSON.stringify(speakers));
    assert.ok(speakers.includes('a spokesman'), JSON.stringify(speakers));
    const sample = 'They send a strong signal that it works, and a spokesman said so.';
    const toks = tokenize(sample, 0, sample.length);
    const at = (w: string) => toks.findIndex(t => t.l === w);
    assert.equal(objectBefore(toks, at('a'), at('signal'), at('signal')), true);
    assert.equal(objectBefore(toks, at('a') + 1, at('signal'), at('signal')), false, 'not opened by an indefinite article');
    const a2 = toks.findIndex((t, i) => t.l === 'a' && i > at('signal'));
    assert.equal(objectBefore(toks, a2, a2 + 2, a2 + 2), false, 'after a conjunction: a subject');
  });

  it('a scare quote has no speaker, and no reported speech is made of it', () => {
    const text = 'The so-called "reform" was never debated in parliament.';
    const q = extractQuotes(text);
    const scare = q.find(x => text.slice(x.start, x.end) === 'reform');
    assert.ok(scare);
    assert.equal(scare.kind, 'none');
    assert.equal(scare.speaker, null);
    assert.deepEqual(quoteRecords(q), []);
  });

  it('the rules alone remain available (learnedReported: false)', () => {
    const text = 'The ambassador said that the embassy would reopen in March.';
    const q = extractQuotes(text, undefined, { learnedReported: false }).filter(x => x.kind === 'reported');
    assert.deepEqual(q.map(x => text.slice(x.start, x.end)), ['the embassy would reopen in March']);
    assert.deepEqual(extractQuotes(text, undefined, { noReported: true }), []);
  });
});

describe('quote records: pieces and attributions', () => {
  const pieces = (text: string, r: { start: number; end: number; fragments?: { start: number; end: number }[] }) => (r.fragments ?? [r]).map(f => text.slice(f.start, f.end));

  it('a reported clause split by its attribution keeps its pieces in the record', () => {
    const text = 'The plan, the minister said, would cut waiting times by half within two years.';
    const [r] = quoteRecords(extractQuotes(text));
    assert.ok(r, 'no record');
    assert.equal(r.kind, 'reported');
    assert.deepEqual(pieces(text, r), ['The plan', 'would cut waiting times by half within two years']);
  });

  it('by default one record per quotation; with attributions one per attribution, in fragments', () => {
    const text = '"We will not give up," she said. "The fight goes on until the end."\n\n"A new paragraph," she added.';
    const q = extractQuotes(text);
    const each = quoteRecords(q);
    assert.deepEqual(
      each.map(r => pieces(text, r)),
      [['We will not give up,'], ['The fight goes on until the end.'], ['A new paragraph,']],
    );
    const grouped = quoteRecords(q, { attributions: true, text });
    assert.deepEqual(
      grouped.map(r => [r.kind, ...pieces(text, r)]),
      [
        ['direct', 'We will not give up,', 'The fight goes on until the end.'],
        ['direct', 'A new paragraph,'],
      ],
    );
    assert.equal(grouped[0].speaker_start, each[0].speaker_start);
  });

  it('a partial quote inside its reported clause: nested by default, one reported record with attributions', () => {
    const text = 'The senator said the proposal was "dead on arrival" and would never pass the chamber.';
    const q = extractQuotes(text);
    assert.deepEqual(
      quoteRecords(q).map(r => r.kind),
      ['reported', 'partial'],
    );
    const grouped = quoteRecords(q, { attributions: true, text });
    assert.equal(grouped.length, 1);
    assert.equal(grouped[0].kind, 'reported');
    assert.equal(text.slice(grouped[0].start, grouped[0].end), 'the proposal was "dead on arrival" and would never pass the chamber');
    assert.equal(grouped[0].fragments, undefined);
  });

  it('a stance (an object, an infinitive after a verb of stance) is not reported speech; a clause after "said" is', () => {
    const stance = 'The committee chair rejected the proposal.';
    assert.deepEqual(quoteRecords(extractQuotes(stance)), []);
    const urged = 'The union leadership urged its members to reject the offer from the employers.';
    assert.deepEqual(quoteRecords(extractQuotes(urged)), []);
    const said = 'The committee chair said the proposal would be rejected next week.';
    assert.deepEqual(
      quoteRecords(extractQuotes(said)).map(r => said.slice(r.start, r.end)),
      ['the proposal would be rejected next week'],
    );
  });

  it('a stance whose content holds a quotation is reported speech ("X described the talks as “very good”")', () => {
    for (const text of [
      'The mayor criticised the council\'s transport plan as a "costly and pointless vanity project" on Friday.',
      'Mr Jones described the talks as “very good” and the mood as “positive”.',
    ]) {
      const recs = quoteRecords(extractQuotes(text));
      const rep = recs.find(r => r.kind === 'reported');
      assert.ok(rep, `no reported record: ${text}`);
      const quoted = recs.filter(r => r.kind === 'partial');
      assert.ok(quoted.length > 0, `no partial quote: ${text}`);
      for (const q of quoted) {
        assert.ok(rep.start <= q.start && q.end <= rep.end, 'the quotation lies inside the reported clause');
        assert.equal(rep.speaker_start, q.speaker_start);
      }
    }
    // without the quotation, the same stance is not reported speech (see the test above)
    assert.deepEqual(quoteRecords(extractQuotes('The mayor criticised the council\'s transport plan on Friday.')), []);
  });

  it('a clause mostly quoted in several pieces is reported speech too; one long quotation in a short clause is that quotation', () => {
    const text = [
      'The senator said on Tuesday that her rival was “a total lightweight” while the governor is “a basket case” and “a liar”.',
      'The mayor said he was “looking forward to it” because “these are the matches you play for”.',
      'The coach said he was “looking forward to the match against the champions on Saturday night”.',
    ].join('\n\n');
    const recs = quoteRecords(extractQuotes(text));
    const rep = recs.filter(r => r.kind === 'reported');
    assert.deepEqual(
      rep.map(r => [text.slice(r.start, r.end), text.slice(r.speaker_start!, r.speaker_end!)]),
      [
        ['her rival was “a total lightweight” while the governor is “a basket case” and “a liar”', 'The senator'],
        ['he was “looking forward to it” because “these are the matches you play for”', 'The mayor'],
      ],
    );
    // the quotations keep their own records, inside their clause, with its speaker
    const partial = recs.filter(r => r.kind === 'partial');
    assert.equal(partial.length, 6);
    for (const q of partial.slice(0, 5)) assert.ok(rep.some(r => r.start <= q.start && q.end <= r.end && r.speaker_start === q.speaker_start));
  });

  it('a headline "Label: what was said" attributes its words to the label; kickers, questions and title phrases do not', () => {
    const text = 'Health Ministry: Cases Fell Sharply in May\n\nThe figures were published on Monday.';
    const [q] = quoteRecords(extractQuotes(text)).filter(r => r.kind === 'reported');
    assert.ok(q, 'no headline attribution');
    assert.equal(text.slice(q.start, q.end), 'Cases Fell Sharply in May');
    assert.equal(text.slice(q.speaker_start!, q.speaker_end!), 'Health Ministry');
    assert.equal(text.slice(q.cue_start!, q.cue_end!), ':');
    for (const headline of [
      'Update: Cases Fell Sharply in May',
      'The Latest: Cases fell sharply in May',
      'Big Win For Farmers: Rain Ends the Drought',
      'Health Minister: Hero or Villain of the Pandemic?',
      '2:45 p.m. The figures were published on Monday',
      'MINISTER: Cases fell sharply in May',
      'Source: Office for National Statistics',
    ]) {
      const t = `${headline}\n\nThe figures were published on Monday.`;
      assert.deepEqual(quoteRecords(extractQuotes(t)).filter(r => r.cue_start !== null && t.slice(r.cue_start, r.cue_end!) === ':' && r.kind === 'reported'), [], headline);
    }
  });

  it('a content closed by "…, they say." starts where its sentence starts, not at a clause inside it', () => {
    const text = 'Unlike the old mine, the new owner has few wealthy investors that the state could pressure to cover the costs, they say.';
    const [q] = reported(text);
    assert.ok(q, 'no reported speech found');
    assert.equal(text.slice(q.start, q.end), 'Unlike the old mine, the new owner has few wealthy investors that the state could pressure to cover the costs');
    assert.equal(speakerOf(text, q), 'they');
  });

  it('a word of a name is not a reporting verb ("the United States", "The Washington Post")', () => {
    for (const text of [
      'A year later, in Paris, the United States led negotiations among 195 countries that resulted in the most significant climate agreement in history.',
      'Few countries apart from the United States meet the bar, and the United States spends more than twice as much as the others combined.',
      'RT America is the United States version of Russia Today, the network financed by the government.',
    ]) {
      assert.deepEqual(quoteRecords(extractQuotes(text)), [], text);
    }
  });
});

/**
 * The reported-speech features as strings, in the order the tagger was trained with (featureHash of
 * each): what reportedFeatures must give, key for key, without building them.
 */
function featureStrings(toks: Token[], sentStart: Uint8Array, cueWords: ReadonlySet<string>): string[][] {
  const n = toks.length;
  const bucket = (d: number) => (d <= 0 ? '0' : d === 1 ? '1' : d === 2 ? '2' : d <= 4 ? '3' : d <= 8 ? '5' : d <= 16 ? '9' : d <= 32 ? '17' : 'far');
  const cls = toks.map(t => (t.w ? lexClass(t.l, cueWords) : ''));
  const isCue = (i: number) => (cls[i] === 'SP' || cls[i] === 'RP' || cls[i] === 'CW') && toks[i].q < 0;
  const sentOf = (i: number) => {
    let s = i;
    while (s > 0 && !sentStart[s]) s--;
    let e = i;
    while (e + 1 < n && !sentStart[e + 1]) e++;
    return [s, e];
  };
  const shape = (t: Token) => (!t.w ? (t.t.length === 1 ? t.t : 'P') : /^\d/.test(t.t) ? 'd' : t.t === t.t.toUpperCase() && t.t.length > 1 && /\p{Lu}/u.test(t.t) ? 'A' : t.cap ? 'X' : 'x');
  const w = (i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : toks[i].l);
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const f: string[] = [];
    const t = toks[i];
    const [ss, se] = sentOf(i);
    // the nearest cue on each side within the sentence, and what lies between it and the token
    let lc = -1;
    for (let k = i - 1; k >= ss; k--) if (isCue(k)) {
      lc = k;
      break;
    }
    let rc = -1;
    for (let k = i + 1; k <= se; k++) if (isCue(k)) {
      rc = k;
      break;
    }
    const between = (a: number, b: number) => toks.slice(a, b).map(x => x.l);
    const lThat = lc >= 0 && between(lc + 1, i).includes('that') ? '1' : '0';
    const commas = (list: string[]) => String(Math.min(2, list.filter(x => x === ',').length));
    const lComma = commas(between(lc >= 0 ? lc + 1 : ss, i));
    const rComma = commas(between(i + 1, rc >= 0 ? rc : se + 1));
    let acc = false;
    for (let k = ss; k < i; k++) if (toks[k].l === 'according' && toks[k + 1]?.l === 'to') acc = true;
    let paren = '0';
    for (let k = i; k >= 0; k--) {
      if (toks[k].t === '(') {
        paren = '1';
        break;
      }
      if (toks[k].t === ')' && k < i) break;
    }
    const sh = shape(t);
    const c = cls[i];
    const cp = i > 0 ? cls[i - 1] : '^';
    const cn = i + 1 < n ? cls[i + 1] : '$';
    const q = t.q >= 0 ? '1' : '0';
    f.push('b', `w=${t.l}`, `p1=${w(i - 1)}`, `n1=${w(i + 1)}`, `p2=${w(i - 2)}`, `n2=${w(i + 2)}`, `p1w=${w(i - 1)}|${t.l}`, `wn1=${t.l}|${w(i + 1)}`, `sh=${sh}`);
    f.push(`shp=${i > 0 ? shape(toks[i - 1]) : '^'}|${sh}|${i + 1 < n ? shape(toks[i + 1]) : '$'}`);
    if (t.w && t.l.length > 3) f.push(`s3=${t.l.slice(-3)}`, `s2=${t.l.slice(-2)}`);
    if (c) f.push(`c=${c}`);
    f.push(`cp=${cp}`, `cn=${cn}`, `cpn=${cp}|${c}|${cn}`, `q=${q}${/^["“”‘’'«»„]$/.test(t.t) ? 'm' : ''}`);
    if (sentStart[i]) f.push('ss');
    if (i === se) f.push('se');
    if (lc >= 0) f.push(`L=${bucket(i - lc)}`, `Lt=${lThat}:c=${lComma}`, `Lv=${toks[lc].l}`, `Ld=${bucket(i - lc)}:t=${lThat}:c=${lComma}:q=${q}`, `Lw=${toks[lc].l}|${c || sh}`);
    else f.push('L=none');
    if (rc >= 0) f.push(`R=${bucket(rc - i)}`, `Rc=${rComma}`, `Rv=${toks[rc].l}`, `Rd=${bucket(rc - i)}:c=${rComma}:q=${q}`, `Rw=${toks[rc].l}|${c || sh}`);
    else f.push('R=none');
    if (acc) f.push(`acc:c=${lComma}`);
    if (lc >= 0) f.push(`La=${w(lc + 1)}:${bucket(i - lc)}`, `Lcl=${cls[lc]}:${bucket(i - lc)}:${sh}`);
    if (rc >= 0) f.push(`Rb=${w(rc - 1)}:${bucket(rc - i)}`, `Rcl=${cls[rc]}:${bucket(rc - i)}:${sh}`);
    f.push(`sp=${bucket(i - ss)}`, `se=${bucket(se - i)}`, `par=${paren}`);
    if (lc < 0 && rc < 0) f.push(`nocue:${sh}:${q}`);
    out.push(f);
  }
  return out;
}

describe('reported-speech model internals', () => {
  it('hashes features without building strings: the same keys as the joined string', () => {
    const toks = tokenize('Officials said the plan would work.', 0, 35);
    const starts = new Uint8Array(toks.length);
    starts[0] = 1;
    const hashes: number[][] = toks.map(() => []);
    reportedFeatures(toks, starts, new Set(), (i, h) => hashes[i].push(h));
    assert.ok(hashes[0].includes(featureHash('w=officials')));
    assert.ok(hashes[2].includes(featureHash('p1w=said|the')));
    assert.ok(hashes[1].includes(featureHash('c=SP')));
    // the features hashed from tables and per-cue states: the same keys as their strings
    const keys = (i: number, list: string[]) => {
      for (const k of list) assert.ok(hashes[i].includes(featureHash(k)), `token ${i}: ${k}`);
    };
    keys(0, ['b', 's3=als', 's2=ls', 'R=1', 'Rc=0', 'Rv=said', 'Rd=1:c=0:q=0', 'Rw=said|RO', 'Rb=officials:1', 'Rcl=SP:1:X', 'L=none', 'sp=0', 'se=5', 'par=0', 'q=0']);
    keys(3, ['s3=lan', 's2=an', 'L=2', 'Lt=0:c=0', 'Lv=said', 'Ld=2:t=0:c=0:q=0', 'Lw=said|x', 'La=the:2', 'Lcl=SP:2:x', 'R=none', 'sp=3', 'se=3']);
    const acc = tokenize('According to the agency, prices rose.', 0, 37);
    const accStarts = new Uint8Array(acc.length);
    accStarts[0] = 1;
    const accHashes = new Set<number>();
    reportedFeatures(acc, accStarts, new Set(), (_i, h) => accHashes.add(h));
    assert.ok(['acc:c=0', 'acc:c=1', 'acc:c=2'].some(k => accHashes.has(featureHash(k))));
  });

  it('gives the keys of the feature strings, in their order, token for token (word types cached across paragraphs)', () => {
    const text = [
      'Officials said on Monday that the plan, which "nobody" liked, would work, according to the ministry.',
      'According to a senior U.S. official (who spoke on condition of anonymity), prices rose 3.5% in 2024 — the talks, he warned, would fail.',
      '“We will not back down,” said ANOTHER official, adding: ‘It is over.’ The BBC reported it; she denied it, told reporters, and left.',
      'said said said , , , that that (x) y … 😀 «Bonjour» ok',
    ].join('\n\n');
    const paragraphs = paragraphsOf(text);
    const regions = scanQuoteMarks(text, paragraphs);
    const cueWords = new Set(['denied', 'warned']);
    for (let p = 0; p < paragraphs.length; p++) {
      const { toks, sentTok } = paragraphTokens(text, paragraphs[p], regions.filter(r => r.paragraph === p));
      const starts = sentenceStarts(toks.length, sentTok);
      const got: number[][] = toks.map(() => []);
      // twice: the second run reads the cached word types
      for (let run = 0; run < 2; run++) {
        for (const g of got) g.length = 0;
        reportedFeatures(toks, starts, cueWords, (i, h) => got[i].push(h));
        const want = featureStrings(toks, starts, cueWords);
        for (let i = 0; i < toks.length; i++) assert.deepEqual(got[i], want[i].map(featureHash), `paragraph ${p}, token ${i} (${toks[i].t}): ${want[i].join(' ')}`);
      }
    }
  });

  it('tags with the weights of each feature added in the order of the features (the rows of word types cached per model)', () => {
    const model = decodeReportedModel(REPORTED_MODEL_BYTES);
    const text = [
      'The minister told reporters the talks were going well, a senior official said on Monday.',
      '“We will not back down,” she said, adding that the plan, according to the agency, would cost more.',
      'Officials warned that prices would rise (as they did in 2024), the bank said.',
    ].join('\n\n');
    const paragraphs = paragraphsOf(text);
    const regions = scanQuoteMarks(text, paragraphs);
    for (let run = 0; run < 2; run++) {
      for (let p = 0; p < paragraphs.length; p++) {
        const { toks, sentTok } = paragraphTokens(text, paragraphs[p], regions.filter(r => r.paragraph === p));
        const starts = sentenceStarts(toks.length, sentTok);
        const em = new Float32Array(toks.length * NL);
        reportedFeatures(toks, starts, model.cueWords, (i, h) => {
          const row = reportedWeights(model, h);
          if (row) for (let y = 0; y < NL; y++) em[i * NL + y] += row[y];
        });
        const labels = new Int32Array(toks.length);
        viterbiBio(em, toks.length, model.trans, labels);
        const want = groupAttributions(labels, toks.length, starts);
        assert.ok(want.length > 0, `paragraph ${p}: the model finds attributions`);
        assert.deepEqual(tagReported(model, toks, starts), want, `run ${run}, paragraph ${p}`);
      }
    }
  });

  it('encodes and decodes the asset (int8 weights, sorted varint keys, cue words), byte for byte', () => {
    const keys = Uint32Array.from([featureHash('a'), featureHash('b'), 5, 0xffffffff]);
    const w = new Float32Array(keys.length * NL);
    w[0 * NL + 1] = 2;
    w[1 * NL + 3] = -1;
    w[3 * NL + 6] = 0.5;
    const trans = new Float32Array((NL + 1) * (NL + 1)).fill(0.25);
    const q = quantizeReportedModel(keys, w, trans, ['warned', 'said']);
    const bytes = encodeReportedModel(q, 'test');
    assert.deepEqual(encodeReportedModel(quantizeReportedModel(keys, w, trans, ['said', 'warned']), 'test'), bytes, 'deterministic');
    const m = decodeReportedModel(bytes);
    const row = (h: number) => {
      const r = reportedWeights(m, h);
      return r && Array.from(r).map(x => Math.round(x * 100) / 100);
    };
    // int8 with one scale (largest weight / 127): within one step of the original
    const near = (x: number | undefined, y: number) => assert.ok(x !== undefined && Math.abs(x - y) <= 2 / 127, `${x} vs ${y}`);
    near(row(featureHash('a'))?.[1], 2);
    near(row(featureHash('b'))?.[3], -1);
    near(row(0xffffffff)?.[6], 0.5);
    assert.equal(row(5), null, 'a key with only zero weights is dropped');
    assert.deepEqual([...m.cueWords].sort(), ['said', 'warned']);
    assert.equal(m.trans[3], 0.25);
  });

  it('rejects what is not a model of this version: bad magic, truncation, bytes left over', () => {
    const bytes = encodeReportedModel(quantizeReportedModel(Uint32Array.from([1, 2]), Float32Array.from({ length: 2 * NL }, (_, i) => i - 5), new Float32Array((NL + 1) * (NL + 1)), ['said']), 'test');
    assert.throws(() => decodeReportedModel(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])), ReportedModelError);
    for (const n of [11, 20, bytes.length - 10, bytes.length - 1]) assert.throws(() => decodeReportedModel(bytes.subarray(0, n)), ReportedModelError, `cut at ${n}`);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    assert.throws(() => decodeReportedModel(longer), ReportedModelError);
    const version = bytes.slice();
    version[4] = 9;
    assert.throws(() => decodeReportedModel(version), /version 9/);
  });

  it('the shipped asset (media/models/reported.bin) decodes and is installed for these tests', () => {
    const m = decodeReportedModel(REPORTED_MODEL_BYTES);
    assert.ok(m.size > 100_000, `${m.size} features`);
    assert.ok(m.cueWords.has('said') && m.cueWords.size > 100);
    assert.ok(hasReportedModel());
  });

  it('without an installed model, reported speech comes from the rules alone (the learnedReported: false path)', () => {
    const text = 'The minister told reporters the talks were going well. According to the harbour master, the ferry will resume service in May.';
    const learned = extractQuotes(text);
    const rules = extractQuotes(text, undefined, { learnedReported: false });
    assert.notDeepEqual(learned, rules, 'the learned tagger makes a difference on this text');
    installReportedModel(undefined);
    try {
      assert.equal(hasReportedModel(), false);
      assert.deepEqual(extractQuotes(text), rules);
    } finally {
      installReportedModel(decodeReportedModel(REPORTED_MODEL_BYTES));
    }
    assert.deepEqual(extractQuotes(text), learned);
  });

  it('groups chunks into attributions: "A," she said, "B" is one attribution of two fragments', () => {
    // tokens: “ A , ” she said , “ B . ”  → CON CON CON CON SRC CUE O CON CON CON CON
    const L = { O: 0, BS: 1, BQ: 3, BC: 5, IC: 6 };
    const labels = [L.BC, L.IC, L.IC, L.IC, L.BS, L.BQ, L.O, L.BC, L.IC, L.IC, L.IC];
    const starts = new Uint8Array(labels.length);
    starts[0] = 1;
    const [a, ...rest] = groupAttributions(labels, labels.length, starts);
    assert.deepEqual(rest, []);
    assert.deepEqual(a.content, [
      { s: 0, e: 4 },
      { s: 7, e: 11 },
    ]);
    assert.deepEqual(a.cue, { s: 5, e: 6 });
    assert.deepEqual(a.source, { s: 4, e: 5 });
  });
});

describe('quote tokens', () => {
  it('are what a global scan of the token expression finds, from and to anywhere (inside a surrogate pair too), over Unicode white space', () => {
    // the expression the tokenizer reads with lastIndex, scanned with exec as the tokenizer once did
    const TOKEN = /(?:\p{L}\.){2,}|\p{N}+(?:[.,:]\p{N}+)+|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|\S/gu;
    const byScan = (text: string, from: number, to: number) => {
      const out: [number, number, string][] = [];
      TOKEN.lastIndex = from;
      for (let m; (m = TOKEN.exec(text)); ) {
        if (m.index >= to) break;
        const t = m.index + m[0].length > to ? m[0].slice(0, to - m.index) : m[0];
        out.push([m.index, m.index + t.length, t]);
      }
      return out;
    };
    const pieces = ['I', 'said', 'a', 'U.S.', '2.5', "it's", '“', '”', '"', "'", '’', ',', '.', ' ', '  ', '\n', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '𝐀', '😀', '\ud800', 'é', 'x-y'];
    const r = mulberry32(5);
    let tokens = 0;
    for (let k = 0; k < 2000; k++) {
      const { text, from, to } = randomPiecesAndRange(r, pieces, 30);
      const found = tokenize(text, from, to).map(t => [t.s, t.e, t.t]);
      assert.deepEqual(found, byScan(text, from, to), JSON.stringify({ text, from, to }));
      tokens += found.length;
    }
    assert.ok(tokens > 5000, `${tokens} tokens compared`);
  });
});

