import * as assert from 'node:assert/strict';
import { analyzeArticle } from '../../src/core/article/analyze';
import type { ArticleModel, Span } from '../../src/core/types';
import { randomPiecesAndRange, seed, seeds } from './helpers';
import { countMatches } from '../../src/core/text/sentences';
import { mulberry32 } from '../../src/core/random';

const slice = (text: string, s: Span) => text.slice(s.start, s.end);
const firstLine = (text: string) => text.split(/\r?\n/).find(l => l.trim())!.trim();
const lastLine = (text: string) => text.split(/\r?\n/).filter(l => l.trim()).pop()!.trim();

function checkSpans(text: string, m: ArticleModel): void {
  const all: Span[] = [...m.paragraphs, ...m.sentences, ...m.boilerplate, ...m.parts];
  for (const s of all) assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `span ${s.start}-${s.end} outside 0-${text.length}`);
  for (const s of [...m.paragraphs, ...m.sentences]) {
    assert.ok(s.end > s.start, 'empty paragraph or sentence');
    assert.ok(!/^\s|\s$/.test(slice(text, s)), `untrimmed span ${JSON.stringify(slice(text, s))}`);
  }
  for (let i = 1; i < m.sentences.length; i++) assert.ok(m.sentences[i].start >= m.sentences[i - 1].end, 'sentences overlap');
}

describe('article model on the seeds', () => {
  for (const s of seeds()) {
    it(`${s.name}: valid spans, a title, content`, () => {
      const { model } = analyzeArticle(s.text, { uri: s.name });
      checkSpans(s.text, model);
      assert.ok(model.title && model.title.length > 10, 'title');
      assert.ok(model.paragraphs.length >= 5);
      assert.ok(model.sentences.length >= model.paragraphs.length);
      assert.ok(model.wordCount > 300);
    });
  }

  it('reads a leading "date YYYY-MM-DD" line as the date and as metadata, not text', () => {
    for (const s of seeds().filter(x => /^\s*date \d{4}-\d{2}-\d{2}/.test(x.text))) {
      const { model } = analyzeArticle(s.text, { uri: s.name });
      const iso = /date (\d{4}-\d{2}-\d{2})/.exec(s.text)![1];
      assert.equal(model.date, iso);
      assert.ok(model.boilerplate.some(b => b.kind === 'metadata' && slice(s.text, b).includes(iso)));
      assert.ok(!model.sentences.some(x => slice(s.text, x).includes(`date ${iso}`)));
    }
  });

  it('takes the outlet from a wire dateline and the title from the lead when there is no headline (001)', () => {
    const s = seed('001');
    const { model } = analyzeArticle(s.text, { uri: s.name });
    assert.equal(model.outlet, 'AP');
    assert.equal(model.dateline?.place, 'WASHINGTON');
    assert.equal(model.titleSource, 'lead');
    assert.ok(model.title!.startsWith('British Prime Minister'), model.title!);
  });

  it('marks the photo credit on the date line (000) and the newsletter box (002) as boilerplate', () => {
    const a = seed('000');
    const ma = analyzeArticle(a.text, { uri: a.name }).model;
    assert.ok(ma.boilerplate.some(b => b.kind === 'photo-credit' && /Getty Images/.test(slice(a.text, b))));
    assert.equal(ma.dateline?.place, 'WASHINGTON');
    const b = seed('002');
    const mb = analyzeArticle(b.text, { uri: b.name }).model;
    const news = mb.boilerplate.filter(x => x.kind === 'newsletter');
    assert.ok(news.length >= 3);
    assert.ok(slice(b.text, news[news.length - 1]).includes(lastLine(b.text)));
    assert.ok(!mb.paragraphs.some(p => /unsubscribe/i.test(slice(b.text, p))));
  });

  it('splits a page bundling several stories into parts with their own headline and outlet (003)', () => {
    const s = seed('003');
    const { model } = analyzeArticle(s.text, { uri: s.name });
    assert.ok(model.parts.length >= 3, `parts: ${model.parts.length}`);
    assert.equal(model.parts[0].title, firstLine(s.text));
    assert.equal(model.title, firstLine(s.text));
    for (const p of model.parts.slice(1)) {
      assert.ok(p.outlet, 'every bundled story names its outlet');
      assert.ok(p.title && !p.title.endsWith('.'));
      assert.ok(p.start >= model.parts[0].end);
    }
    const kinds = new Set(model.boilerplate.map(b => b.kind));
    for (const k of ['promo', 'comments', 'related', 'photo-credit'] as const) assert.ok(kinds.has(k), `boilerplate ${k}`);
    assert.ok(!model.parts[0].paragraphs.some(p => /^Comments$|Related Articles/.test(slice(s.text, p))));
  });

  it('takes the headline from the first line and the outlet from a closing site line (004)', () => {
    const s = seed('004');
    const { model } = analyzeArticle(s.text, { uri: s.name });
    assert.equal(model.title, firstLine(s.text));
    assert.equal(model.titleSource, 'headline');
    assert.ok(model.outlet && lastLine(s.text).includes(model.outlet));
    assert.ok(model.boilerplate.some(b => b.kind === 'promo' && slice(s.text, b) === lastLine(s.text)));
  });
});

describe('article model, general cases', () => {
  it('reads datelines in several house styles', () => {
    const cases: [string, string | null, string | null][] = [
      ['KYIV, Ukraine (AP) — Officials said the talks would resume on Monday in the capital.', 'KYIV, Ukraine', 'AP'],
      ['Washington (AFP) - The president spoke to reporters on Friday about the plan.', 'Washington', 'AFP'],
      ['LONDON, Feb 27 (Reuters) - British shares rose on Thursday as investors weighed the news.', 'LONDON', 'Reuters'],
      ['PARIS — The French government announced a new budget plan on Tuesday afternoon.', 'PARIS', null],
      ['The president spoke to reporters on Friday - and said little about the plan.', null, null],
    ];
    for (const [text, place, outlet] of cases) {
      const { model } = analyzeArticle(`Headline for the story\n\n${text}\n\nA second paragraph follows with more words in it.`);
      assert.equal(model.dateline?.place ?? null, place, text);
      assert.equal(model.outlet, outlet, text);
    }
  });

  it('finds written dates near the top, not in the body', () => {
    const { model } = analyzeArticle('Talks resume in Geneva\nPublished February 3, 2024\n\nDiplomats met again on Monday after talks collapsed on 12 January 2023 in a dispute.\n');
    assert.equal(model.date, '2024-02-03');
    const { model: none } = analyzeArticle('Talks resume in Geneva\n\nDiplomats met again on Monday after talks collapsed on 12 January 2023 in a dispute over the terms of the deal that both sides had signed.\n\nMore follows.');
    assert.equal(none.date, null);
  });

  it('joins hard-wrapped lines into paragraphs', () => {
    const para = (n: number) => Array.from({ length: 4 }, (_, i) => `This is line ${i} of paragraph ${n}, wrapped at a modest width as plain`).join('\n');
    const text = `A Title Line\n\n${para(1)}\n\n${para(2)}\n\n${para(3)}\n`;
    const { model } = analyzeArticle(text);
    assert.equal(model.paragraphs.length, 4);
    assert.equal(model.title, 'A Title Line');
    assert.ok(slice(text, model.paragraphs[1]).includes('\n'), 'the paragraph spans its lines');
  });

  it('does not split sentences after titles, initials and a.m./p.m.', () => {
    const text = 'Mr. Smith met Gov. Jane Doe and John F. Kennedy Jr. at 2 p.m. ET on Jan. 5 in Washington, D.C. on Friday. Then they left.';
    const { model } = analyzeArticle(text);
    assert.deepEqual(model.sentences.map(s => slice(text, s)), [text.slice(0, text.indexOf(' Then')), 'Then they left.']);
  });

  it('gives the same spans for CRLF as for LF line endings, shifted by the extra CRs', () => {
    const lf = seed('003').text;
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = analyzeArticle(lf).model;
    const b = analyzeArticle(crlf).model;
    assert.deepEqual(b.sentences.map(s => slice(crlf, s)), a.sentences.map(s => slice(lf, s)));
    assert.deepEqual(b.parts.map(p => p.title), a.parts.map(p => p.title));
    checkSpans(crlf, b);
  });

  it('counts offsets in UTF-16 code units around astral characters and a BOM', () => {
    const text = '\uFEFF𝐁𝐢𝐠 news 😀 today\n\nShe said 😀 twice: “𝒶𝒷𝒸 done.” Then 🇺🇦 flags waved.\n\nAnother line follows here.';
    const { model } = analyzeArticle(text);
    checkSpans(text, model);
    assert.equal(model.title, '𝐁𝐢𝐠 news 😀 today');
    const s = model.sentences.find(x => slice(text, x).startsWith('Then'))!;
    assert.equal(slice(text, s), 'Then 🇺🇦 flags waved.');
  });

  it('handles empty, blank and unbalanced input without failing', () => {
    for (const text of ['', '   \n\n \r\n', '"', '“ unbalanced quote\n\n‘ and another', "''''''", '—', '\u0000\u0001']) {
      const { model } = analyzeArticle(text);
      checkSpans(text, model);
    }
    assert.equal(analyzeArticle('').model.title, null);
  });

  it('analyses a 10 MB article and a 2 MB line in bounded time', function () {
    this.timeout(30000);
    const page = seed('003').text;
    const big = page.repeat(Math.ceil((10 * 1024 * 1024) / page.length));
    // CPU time of this process, so that other jobs on a shared machine do not count
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(since);
      return (u.user + u.system) / 1000;
    };
    let t0 = process.cpuUsage();
    const { model } = analyzeArticle(big);
    const bigMs = cpuMs(t0);
    assert.ok(model.sentences.length > 10000);
    assert.ok(bigMs < 15000, `10 MB took ${bigMs.toFixed(0)} ms CPU`);
    const line = 'All work and no play makes a dull day. '.repeat(Math.ceil((2 * 1024 * 1024) / 39));
    t0 = process.cpuUsage();
    const m2 = analyzeArticle(line).model;
    const lineMs = cpuMs(t0);
    assert.equal(m2.paragraphs.length, 1);
    assert.ok(m2.sentences.length > 50000);
    assert.ok(lineMs < 5000, `2 MB line took ${lineMs.toFixed(0)} ms CPU`);
  });
});

describe('counting matches', () => {
  it('counts the matches starting in [from, to), up to max, as a loop of exec does', () => {
    const byExec = (re: RegExp, text: string, from: number, to: number, max: number) => {
      re.lastIndex = from;
      let n = 0;
      for (let m; n < max && (m = re.exec(text)) && m.index < to; ) n++;
      return n;
    };
    const pieces = ['word', 'a', "it's", 'U.S.', '2.5', ' ', '  ', '\n', '“', '”', ',', '-', '𝐀', 'é', '7'];
    const res = [/[\p{L}\p{N}]+/gu, /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu, /\S+/g];
    const r = mulberry32(17);
    let counted = 0;
    for (let k = 0; k < 3000; k++) {
      const { text, from, to } = randomPiecesAndRange(r, pieces, 25);
      const max = r() < 0.5 ? Infinity : Math.floor(r() * 6);
      const re = res[k % res.length];
      const n = countMatches(re, text, from, to, max);
      assert.equal(n, byExec(re, text, from, to, max), JSON.stringify({ text, from, to, max, re: re.source }));
      counted += n;
    }
    assert.ok(counted > 2000, `${counted} matches counted`);
  });
});
