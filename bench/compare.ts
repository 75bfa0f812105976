/**
 * npm run bench:compare — Compare sources, scored and timed.
 *
 *   node out/bench/compare.js [--seeds-only | --scale-only] [--gold FILE] [--dir DIR] [--cli PATH]
 *                             [--errors] [--why [--detail]] [--intrafile] [--sizes 1000,10000,100000] [--changes N] [--seed N] [--no-bm25] [--stats]
 *
 * (a) Seeds: `node out/cli.js compare DIR --format json` against the gold groups
 *     (../shared/eval/seeds/seeds-gold.json, read where it is: nothing is copied into the repo),
 *     scored as ../shared/eval/README.md says: every pair of members from different files of a gold
 *     group is a gold pair; a predicted pair (two members of one predicted group, different files)
 *     counts when its spans overlap the two gold members' spans (gold member text located verbatim
 *     in its file). Pair P/R/F1; conflict recall (gold conflict groups with a predicted conflict
 *     whose two sides overlap two of its members); false conflicts (predicted conflict pairs that
 *     match no gold pair of a conflict group: gold calls them variant or does not group them).
 * (b) Scaling: generated corpora of N articles made by mixing and perturbing the seeds' sentences
 *     (stories of a few articles each; facts reworded, re-spelt, re-formatted, some figures changed,
 *     filler sentences of their own), with the generator's truth. Entities come from a capitalisation
 *     rule (runs of capitalised words), not the NER model, so the figures time the compare index
 *     itself. Prints index time (wall clock, and the process's CPU time, steadier on a shared
 *     machine), time per changed file (delete + set), the index's memory (JS heap and typed-array
 *     buffers) and peak RSS, the scaling exponent between sizes, and pair P/R against the generated
 *     truth; with --errors, a sample of the predicted pairs that share no fact.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeArticle } from '../src/core/article/analyze';
import { splitSentences } from '../src/core/text/sentences';
import { resolveEntities } from '../src/core/entities/resolve';
import type { RawMention } from '../src/core/entities/types';
import { CompareIndex, type CompareGroup } from '../src/core/compare';
import { isStopword } from '../src/core/compare/normalize';
import { mulberry32, shuffle } from '../src/core/random';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const ROOT = resolve(__dirname, '..', '..');

interface Span {
  start: number;
  end: number;
}
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

// ---------------------------------------------------------------------------------------------
// (a) seeds against the gold

interface GoldGroup {
  id: string;
  kind: string;
  relation: string;
  note?: string;
  members: { file: string; text: string }[];
}
interface PredMember extends Span {
  file: string;
  text: string;
}
interface PredGroup {
  id: string;
  kind: string;
  relation: string;
  members: PredMember[];
  conflicts: { a: number; b: number; slot: string; explanation: string; leftStart: number; leftEnd: number; rightStart: number; rightEnd: number }[];
}

function seedsBench(): void {
  const dir = resolve(opt('dir', join(ROOT, 'seeds')));
  const goldFile = resolve(opt('gold', join(ROOT, '..', 'shared', 'eval', 'seeds', 'seeds-gold.json')));
  const cli = resolve(opt('cli', join(ROOT, 'out', 'cli.js')));
  const gold = JSON.parse(readFileSync(goldFile, 'utf8')) as GoldGroup[];
  const texts = new Map<string, string>();
  const text = (f: string) => {
    if (!texts.has(f)) texts.set(f, readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, ''));
    return texts.get(f)!;
  };
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [cli, 'compare', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  const pred = (JSON.parse(out) as { groups: PredGroup[] }).groups;
  // gold pairs
  interface GoldPair {
    group: GoldGroup;
    a: PredMember;
    b: PredMember;
  }
  const goldPairs: GoldPair[] = [];
  let missing = 0;
  const located = gold.map(g => ({
    g,
    members: g.members.map(m => {
      const i = text(m.file).indexOf(m.text);
      if (i < 0) missing++;
      return { file: m.file, text: m.text, start: i, end: i + m.text.length };
    }),
  }));
  for (const { g, members } of located) {
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) {
        if (members[x].file === members[y].file || members[x].start < 0 || members[y].start < 0) continue;
        goldPairs.push({ group: g, a: members[x], b: members[y] });
      }
  }
  const pairMatches = (p: { a: PredMember; b: PredMember }, gp: GoldPair) =>
    (p.a.file === gp.a.file && p.b.file === gp.b.file && overlaps(p.a, gp.a) && overlaps(p.b, gp.b)) || (p.a.file === gp.b.file && p.b.file === gp.a.file && overlaps(p.a, gp.b) && overlaps(p.b, gp.a));
  const predPairs: { a: PredMember; b: PredMember; group: PredGroup }[] = [];
  for (const g of pred)
    for (let x = 0; x < g.members.length; x++)
      for (let y = x + 1; y < g.members.length; y++) if (g.members[x].file !== g.members[y].file) predPairs.push({ a: g.members[x], b: g.members[y], group: g });
  const found = new Set<GoldPair>();
  let tp = 0;
  const falsePairs: typeof predPairs = [];
  for (const p of predPairs) {
    const hits = goldPairs.filter(gp => pairMatches(p, gp));
    if (hits.length) tp++;
    else falsePairs.push(p);
    for (const h of hits) found.add(h);
  }
  const P = predPairs.length ? tp / predPairs.length : 0;
  const R = goldPairs.length ? found.size / goldPairs.length : 0;
  const F = P + R ? (2 * P * R) / (P + R) : 0;
  // conflicts
  const conflictGold = located.filter(x => x.g.relation === 'conflict');
  const conflictPairs: { a: PredMember; b: PredMember; explanation: string }[] = [];
  for (const g of pred)
    for (const c of g.conflicts) {
      const ma = g.members[c.a];
      const mb = g.members[c.b];
      conflictPairs.push({ a: { ...ma, start: c.leftStart, end: c.leftEnd }, b: { ...mb, start: c.rightStart, end: c.rightEnd }, explanation: c.explanation });
    }
  const conflictsFound = conflictGold.filter(({ g }) => conflictPairs.some(cp => goldPairs.some(gp => gp.group === g && pairMatches(cp, gp))));
  const falseConflicts = conflictPairs.filter(cp => !goldPairs.some(gp => gp.group.relation === 'conflict' && pairMatches(cp, gp)));
  console.log(`seeds: ${readdirSync(dir).filter(f => /\.(txt|md)$/.test(f)).length} files, ${gold.length} gold groups (${missing} members not found verbatim), ${goldPairs.length} gold cross-file pairs; compare took ${ms.toFixed(0)} ms through the CLI`);
  console.log(`  predicted: ${pred.length} groups, ${predPairs.length} cross-file pairs, ${pred.filter(g => g.relation === 'conflict').length} conflict groups, ${conflictPairs.length} conflict pairs`);
  console.log(`  pairs: P ${P.toFixed(3)}  R ${R.toFixed(3)}  F1 ${F.toFixed(3)}   (${tp} of ${predPairs.length} predicted pairs match gold; ${found.size} of ${goldPairs.length} gold pairs found)`);
  console.log(`  conflict recall: ${conflictsFound.length}/${conflictGold.length}   false conflicts: ${falseConflicts.length}`);
  for (const c of conflictPairs) console.log(`    conflict ${falseConflicts.includes(c) ? 'FALSE' : 'ok   '} ${c.a.file.slice(0, 3)}~${c.b.file.slice(0, 3)}: ${c.explanation}`);
  const byGroup = new Map<string, { found: number; all: number }>();
  for (const gp of goldPairs) {
    const e = byGroup.get(gp.group.id) ?? { found: 0, all: 0 };
    e.all++;
    if (found.has(gp)) e.found++;
    byGroup.set(gp.group.id, e);
  }
  console.log(`  per gold group (found/pairs): ${[...byGroup].map(([id, e]) => `${id} ${e.found}/${e.all}`).join(', ')}`);
  if (flag('why')) whyMissed(dir, goldPairs.filter(gp => !found.has(gp)));
  if (flag('intrafile')) intrafile(dir, text);
  if (flag('errors')) {
    console.log('  missed gold pairs:');
    for (const gp of goldPairs) if (!found.has(gp)) console.log(`    [${gp.group.id}] ${gp.a.file.slice(0, 3)} «${gp.a.text.slice(0, 70)}» ~ ${gp.b.file.slice(0, 3)} «${gp.b.text.slice(0, 70)}»`);
    console.log('  predicted pairs matching no gold pair:');
    for (const p of falsePairs) console.log(`    ${p.a.file.slice(0, 3)} «${p.a.text.slice(0, 80)}» ~ ${p.b.file.slice(0, 3)} «${p.b.text.slice(0, 80)}»`);
  }
}

/**
 * Why each missed gold pair is missed, from the index itself (the same inputs as the CLI, in this
 * process): a side with no unit over its gold span (not extracted as a quote or claim); no candidate
 * link between the units over the two spans; a link judged too weak (its evidence, cover, density);
 * an accepted link whose units ended in different groups (the chain guard); or one group whose
 * member stretches miss the gold spans.
 */
function whyMissed(dir: string, missed: { group: GoldGroup; a: PredMember; b: PredMember }[]): void {
  void (async () => {
    const { compareFolders } = await import('../src/cli/compare');
    const { index, groups } = await compareFolders([dir]);
    const uriOf = new Map<string, string>();
    for (const f of readdirSync(dir)) uriOf.set(f, resolve(dir, f));
    const stats = index.linkStats();
    const groupOf = new Map<number, number>();
    const unitsByUri = new Map<string, ReturnType<typeof index.unitsOf>>();
    const units = (uri: string) => {
      if (!unitsByUri.has(uri)) unitsByUri.set(uri, index.unitsOf(uri));
      return unitsByUri.get(uri)!;
    };
    for (const [gi, g] of groups.entries()) for (const m of g.members) for (const u of units(m.uri)) if (u.start === m.unitStart && u.end === m.unitEnd) groupOf.set(u.id, gi);
    console.log('  why each missed gold pair is missed:');
    const counts = new Map<string, number>();
    for (const gp of missed) {
      const ua = units(uriOf.get(gp.a.file)!).filter(u => overlaps(u, gp.a));
      const ub = units(uriOf.get(gp.b.file)!).filter(u => overlaps(u, gp.b));
      let why: string;
      if (!ua.length || !ub.length) why = `not extracted (${!ua.length ? gp.a.file.slice(0, 3) : gp.b.file.slice(0, 3)} has no unit over the gold span)`;
      else {
        const ia = new Set(ua.map(u => u.id));
        const ib = new Set(ub.map(u => u.id));
        const ls = stats.filter(l => (ia.has(l.a) && ib.has(l.b)) || (ia.has(l.b) && ib.has(l.a)));
        const acc = ls.filter(l => l.accepted);
        if (!ls.length) {
          why = 'no candidate link';
          if (flag('detail'))
            for (const x of ua)
              for (const y of ub) {
                const wx = index.unitWords(x.id);
                const wy = new Map(index.unitWords(y.id).map(w => [w.stem, w]));
                const shared = [...new Map(wx.filter(w => w.kind !== 'stop' && wy.has(w.stem)).map(w => [w.stem, w])).values()];
                why += `\n        ${x.id}~${y.id} (${wx.filter(w => w.kind !== 'stop').length}/${wy.size} tokens) shared: ${shared.map(w => `${w.stem}:${w.kind[0]}:${w.idf.toFixed(2)}`).join(' ')}`;
              }
        }
        else if (!acc.length) {
          const b = ls.sort((x, y) => y.evidence - x.evidence)[0];
          why = `below threshold (evidence ${b.evidence.toFixed(2)}, cover ${b.cover.toFixed(2)}, density ${b.density.toFixed(2)}, run ${b.run})`;
        } else if (!acc.some(l => groupOf.has(l.a) && groupOf.get(l.a) === groupOf.get(l.b))) why = 'grouped elsewhere (accepted link, units in different groups)';
        else why = 'span mismatch (same group, member stretch misses the gold span)';
      }
      const kind = why.split('\n')[0].replace(/ \(.*/, '');
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      console.log(`    [${gp.group.id}] ${gp.a.file.slice(0, 3)}~${gp.b.file.slice(0, 3)}: ${why}`);
      console.log(`        «${gp.a.text}»`);
      console.log(`        «${gp.b.text}»`);
    }
    console.log(`    by cause: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  })();
}

/**
 * The same-file gold (seeds-gold-intrafile.json: one file that bundles several outlets' copies of
 * a story): the index with `sameFile` on, in this process; every pair of members of one gold group
 * is a gold pair, a predicted pair of one file counts when its spans overlap both members' spans.
 */
function intrafile(dir: string, text: (f: string) => string): void {
  const goldFile = resolve(opt('intrafile-gold', join(ROOT, '..', 'shared', 'eval', 'seeds', 'seeds-gold-intrafile.json')));
  const gold = JSON.parse(readFileSync(goldFile, 'utf8')) as GoldGroup[];
  void (async () => {
    const { compareFolders } = await import('../src/cli/compare');
    const { groups } = await compareFolders([dir], { sameFile: true });
    const goldPairs: { id: string; a: PredMember; b: PredMember }[] = [];
    for (const g of gold) {
      const ms = g.members.map(m => {
        // two members may have the same text: the second is the next occurrence
        const t = text(m.file);
        return { file: m.file, text: m.text, start: t.indexOf(m.text), end: t.indexOf(m.text) + m.text.length };
      });
      for (let x = 0; x < ms.length; x++) {
        if (ms[x].start < 0) continue;
        for (let y = 0; y < x; y++)
          if (ms[y].file === ms[x].file && ms[y].start === ms[x].start) {
            const at = text(ms[x].file).indexOf(ms[x].text, ms[y].end);
            Object.assign(ms[x], { start: at, end: at + ms[x].text.length });
          }
      }
      for (let x = 0; x < ms.length; x++) for (let y = x + 1; y < ms.length; y++) if (ms[x].file === ms[y].file && ms[x].start >= 0 && ms[y].start >= 0) goldPairs.push({ id: g.id, a: ms[x], b: ms[y] });
    }
    const pred: { a: PredMember; b: PredMember }[] = [];
    for (const g of groups)
      for (let x = 0; x < g.members.length; x++)
        for (let y = x + 1; y < g.members.length; y++) if (g.members[x].file === g.members[y].file && !overlaps(g.members[x], g.members[y])) pred.push({ a: g.members[x], b: g.members[y] });
    const hit = (p: { a: PredMember; b: PredMember }, gp: { a: PredMember; b: PredMember }) => p.a.file === gp.a.file && ((overlaps(p.a, gp.a) && overlaps(p.b, gp.b)) || (overlaps(p.a, gp.b) && overlaps(p.b, gp.a)));
    const found = goldPairs.filter(gp => pred.some(p => hit(p, gp)));
    const tp = pred.filter(p => goldPairs.some(gp => hit(p, gp))).length;
    console.log(`  same-file gold: ${gold.length} groups, ${goldPairs.length} pairs; found ${found.length} (${goldPairs.map(gp => `${gp.id} ${found.includes(gp) ? 'yes' : 'no'}`).join(', ')}); predicted same-file pairs ${pred.length}, ${tp} of them on a gold pair`);
  })();
}

// ---------------------------------------------------------------------------------------------
// (b) scaling on generated corpora

const rng = mulberry32;

const SYLLABLES = 'ka lo mi ra ven tor el an dru sa bel quin or ith mar cos ul pe ny zar fen gol hal iv jas'.split(' ');
const VARIANTS: [RegExp, string][] = [
  [/\bdefence\b/g, 'defense'],
  [/\bper cent\b/g, '%'],
  [/(\d)%/g, '$1 percent'],
  [/’/g, "'"],
  [/\bU\.S\./g, 'US'],
  [/\borganise/g, 'organize'],
];
const FILLERS = ['also', 'now', 'reportedly', 'again', 'still', 'on Monday'];

interface Fact {
  id: number;
  text: string;
}
interface GenArticle {
  uri: string;
  text: string;
  date: string | null;
  /** fact id → [start, end) in text */
  facts: Map<number, Span>;
}

/** Sentences of the seeds: the material the generator mixes. */
function seedSentences(): string[] {
  const dir = join(ROOT, 'seeds');
  const out: string[] = [];
  for (const f of readdirSync(dir).filter(n => n.endsWith('.txt')).sort()) {
    const text = readFileSync(join(dir, f), 'utf8');
    const a = analyzeArticle(text, { format: 'text' });
    for (const s of a.model.sentences) {
      const t = text.slice(s.start, s.end).trim();
      if (t.split(/\s+/).length >= 8 && t.length < 400 && !a.model.boilerplate.some(b => b.start < s.end && s.start < b.end)) out.push(t);
    }
  }
  return out;
}

function fakeWord(r: () => number): string {
  const n = 2 + Math.floor(r() * 2);
  let w = '';
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
  return w[0].toUpperCase() + w.slice(1);
}

function fakeName(r: () => number): string {
  return `${fakeWord(r)} ${fakeWord(r)}`;
}

/**
 * One story's facts: seed sentences made the story's own. Runs of capitalised words become the
 * story's people, numbers change, and every other word that could tell stories apart goes through
 * mappings of the story's own (consistent inside the story, different between stories): words of
 * four letters or more for other words of the seeds, single names and acronyms ("Paris", "NATO")
 * for made-up ones. Function words, weekdays and months stay, so stories share only those and the
 * seeds' sentence shapes.
 */
function storyLexicon(r: () => number, vocab: string[]): (w: string) => string {
  const words = new Map<string, string>();
  const names = new Map<string, string>();
  const known = new Set(vocab);
  const pick = (map: Map<string, string>, w: string, make: () => string) => {
    let x = map.get(w);
    if (x === undefined) map.set(w, (x = make()));
    return x;
  };
  return w => {
    const lw = w.toLowerCase();
    if (isStopword(lw) || DATE_WORDS.has(lw) || w.length < 3 || (w === lw && w.length < 4)) return w;
    const x = known.has(lw) ? pick(words, lw, () => vocab[Math.floor(r() * vocab.length)]) : pick(names, lw, () => fakeWord(r).toLowerCase());
    return w === lw ? x : w === w.toUpperCase() ? x.toUpperCase() : x[0].toUpperCase() + x.slice(1);
  };
}

const DATE_WORDS = new Set('monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'.split(' '));
const contentWords = (t: string) => new Set((t.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter(w => !isStopword(w)));

/**
 * `count` sentences of the pool, no two of them one fact: a sentence that repeats four words in a
 * row of one already chosen, or half of its content words, is a rendering of that fact (the seeds
 * report one story several times), and the truth could not call the two different facts.
 */
function distinctSentences(r: () => number, pool: string[], count: number): string[] {
  const out: string[] = [];
  const grams = new Set<string>();
  const chosen: Set<string>[] = [];
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const t = pool[Math.floor(r() * pool.length)];
    const words = t.toLowerCase().match(/\p{L}+|\d+/gu) ?? [];
    const mine: string[] = [];
    for (let k = 0; k + 4 <= words.length; k++) mine.push(words.slice(k, k + 4).join(' '));
    const cw = contentWords(t);
    if (mine.some(g => grams.has(g))) continue;
    if (chosen.some(c => { let n = 0; for (const w of cw) if (c.has(w)) n++; return n >= 0.5 * Math.min(c.size, cw.size); })) continue;
    for (const g of mine) grams.add(g);
    chosen.push(cw);
    out.push(t);
  }
  return out;
}

function storyFacts(r: () => number, pool: string[], vocab: string[], count: number, idBase: number, lex = storyLexicon(r, vocab)): Fact[] {
  const people = [fakeName(r), fakeName(r), fakeName(r)];
  return distinctSentences(r, pool, count).map((t, k) => {
    t = t.replace(/\b\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+/gu, () => people[Math.floor(r() * people.length)]);
    t = t.replace(/\d+(?:\.\d+)?/g, m => (m.length === 4 ? String(1990 + Math.floor(r() * 40)) : String(Math.floor(r() * 90) + 2)));
    // the people's names are made up already: every other word goes through the story's lexicon
    const keep = new Set(people.flatMap(p => p.split(' ')));
    t = t.replace(/\p{L}+/gu, w => (keep.has(w) ? w : lex(w)));
    return { id: idBase + k, text: t };
  });
}

/** A version of a fact as one article writes it: respelt, reworded a little, sometimes a figure changed. */
function perturb(r: () => number, t: string): string {
  let s = t;
  for (const [re, to] of VARIANTS) if (r() < 0.5) s = s.replace(re, to);
  const words = s.split(' ');
  if (r() < 0.5 && words.length > 6) words.splice(1 + Math.floor(r() * (words.length - 2)), 0, FILLERS[Math.floor(r() * FILLERS.length)]);
  if (r() < 0.3 && words.length > 8) words.splice(2 + Math.floor(r() * (words.length - 4)), 1);
  s = words.join(' ');
  if (r() < 0.1) s = s.replace(/\b(\d{1,2})\b/, (_, d: string) => String(Number(d) + 1));
  return s;
}

function generate(n: number, seed: number): { articles: GenArticle[]; truth: number } {
  const r = rng(seed);
  const pool = seedSentences();
  const vocab = [...new Set(pool.join(' ').match(/\b[a-z]{4,}\b/g) ?? [])].filter(w => !isStopword(w) && !DATE_WORDS.has(w));
  const articles: GenArticle[] = [];
  const perStory = 4;
  const stories = Math.ceil(n / perStory);
  let factId = 0;
  let truth = 0;
  const day0 = Date.UTC(2015, 0, 1) / 86400000;
  for (let s = 0; s < stories && articles.length < n; s++) {
    const facts = storyFacts(r, pool, vocab, 10, factId);
    factId += facts.length;
    const day = day0 + Math.floor(r() * 3650);
    const inStory: GenArticle[] = [];
    for (let k = 0; k < perStory && articles.length < n; k++) {
      const chosen = facts.filter(() => r() < 0.5);
      const fillers = storyFacts(r, pool, vocab, 3 + Math.floor(r() * 4), -1).map(f => f.text);
      const parts: { fact: number; text: string }[] = [...chosen.map(f => ({ fact: f.id, text: perturb(r, f.text) })), ...fillers.map(t => ({ fact: -1, text: t }))];
      shuffle(parts, r);
      const date = r() < 0.9 ? new Date((day + Math.floor(r() * 3)) * 86400000).toISOString().slice(0, 10) : null;
      let text = date ? `date ${date}\n\n` : '';
      const map = new Map<number, Span>();
      for (const p of parts) {
        if (p.fact >= 0) map.set(p.fact, { start: text.length, end: text.length + p.text.length });
        text += p.text + '\n\n';
      }
      const a: GenArticle = { uri: `gen/${String(articles.length).padStart(6, '0')}.txt`, text, date, facts: map };
      articles.push(a);
      inStory.push(a);
    }
    for (let x = 0; x < inStory.length; x++) for (let y = x + 1; y < inStory.length; y++) for (const f of inStory[x].facts.keys()) if (inStory[y].facts.has(f)) truth++;
  }
  return { articles, truth };
}

/** Rule-based names (runs of capitalised words that do not start a sentence), so timing measures the index. */
function ruleEntities(text: string) {
  const raw: RawMention[] = [];
  const re = /\b\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+/gu;
  for (let m; (m = re.exec(text)); ) raw.push({ start: m.index, end: m.index + m[0].length, type: 'PER', text: m[0] });
  return resolveEntities(text, raw);
}

function scaleBench(): void {
  const sizes = opt('sizes', '1000,10000').split(',').map(Number);
  const changes = Number(opt('changes', '50'));
  const seed = Number(opt('seed', '7'));
  const gc = (globalThis as { gc?: () => void }).gc;
  console.log(`scaling: generated corpora (seed ${seed}); entities from a capitalisation rule, not the NER model; ${gc ? 'with' : 'without'} --expose-gc`);
  console.log('  articles | units | links | index s (cpu s) | ms/article | change ms (median/p95) | index MB heap+buffers (+groups) | peak rss MB | exponent (cpu) | pair P | pair R');
  let prev: { n: number; t: number; cpu: number } | undefined;
  void splitSentences;
  for (const n of sizes) {
    gc?.();
    const { articles, truth } = generate(n, seed);
    // each article is analysed just before it is indexed (not timed) and not kept: the figures are the index's
    const prepare = (a: GenArticle) => {
      const analysis = analyzeArticle(a.text, { format: 'text', uri: a.uri });
      return { text: a.text, model: analysis.model, entities: ruleEntities(a.text), file: a.uri };
    };
    gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    const index = new CompareIndex(flag('no-bm25') ? { bm25TopK: 0 } : {});
    let indexMs = 0;
    let indexCpu = 0;
    const tAll = performance.now();
    for (const [i, a] of articles.entries()) {
      const input = prepare(a);
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      index.set(a.uri, input);
      const c = process.cpuUsage(c1);
      indexMs += performance.now() - t1;
      indexCpu += (c.user + c.system) / 1000;
      if (i % 1000 === 999) {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (n >= 10000 && i % 10000 === 9999) process.stdout.write(`    … ${i + 1} articles: ${(indexMs / 1000).toFixed(1)} s in the index, ${((performance.now() - tAll) / 1000).toFixed(1)} s with analysis\n`);
      }
    }
    const t = indexMs / 1000;
    gc?.();
    // the index's memory: the JS heap and the typed arrays' buffers (kept outside the heap), less what was
    // there before (the generated corpus: the article texts the index refers to are the corpus's too, as in the editor)
    const used = (m: NodeJS.MemoryUsage) => m.heapUsed + m.arrayBuffers;
    const heapIndex = used(process.memoryUsage()) - used(base);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const tg0 = performance.now();
    const groups = index.groups();
    const tg = performance.now() - tg0;
    gc?.();
    const mem = process.memoryUsage();
    peakRss = Math.max(peakRss, mem.rss);
    // incremental: change a file (a perturbed copy of itself) and put it back
    const r = rng(seed + 1);
    const times: number[] = [];
    for (let k = 0; k < Math.min(changes, articles.length); k++) {
      const a = articles[Math.floor(r() * articles.length)];
      const input = prepare(a);
      const t1 = performance.now();
      index.delete(a.uri);
      index.set(a.uri, input);
      times.push(performance.now() - t1);
    }
    times.sort((a, b) => a - b);
    const med = times[Math.floor(times.length / 2)] ?? 0;
    const p95 = times[Math.floor(times.length * 0.95)] ?? 0;
    const { P, R, falsePairs } = scoreGenerated(groups, articles, truth);
    // wall-clock and CPU time (all threads) from the previous size: under load the wall-clock one grows with the load
    const exponent = prev ? Math.log(t / prev.t) / Math.log(n / prev.n) : NaN;
    const cpuExponent = prev ? Math.log(indexCpu / prev.cpu) / Math.log(n / prev.n) : NaN;
    console.log(
      `  ${String(n).padStart(8)} | ${String(index.unitCount).padStart(7)} | ${String(index.linkCount).padStart(7)} | ${t.toFixed(2).padStart(7)} (${(indexCpu / 1000).toFixed(2)}) | ${((t * 1000) / n).toFixed(2).padStart(10)} | ${med.toFixed(1).padStart(8)} / ${p95.toFixed(1).padStart(6)} | ${(heapIndex / 2 ** 20).toFixed(0).padStart(7)} (+${((used(mem) - used(base) - heapIndex) / 2 ** 20).toFixed(0)}) | ${(peakRss / 2 ** 20).toFixed(0).padStart(6)} | ${Number.isNaN(exponent) ? '            -' : `${exponent.toFixed(2).padStart(6)} (${cpuExponent.toFixed(2)})`} | ${P.toFixed(3)} | ${R.toFixed(3)}   (groups() ${tg.toFixed(0)} ms)`,
    );
    if (flag('stats')) console.log(`    ${JSON.stringify(index.stats())}`);
    if (flag('errors')) {
      // a sample of predicted pairs that share no fact of the truth, with the judged link between them when there is one
      const step = Math.max(1, Math.floor(falsePairs.length / 40));
      for (const p of falsePairs.filter((_, i) => i % step === 0).slice(0, 40)) console.log(`    false pair ${p.a.uri} «${p.a.text.slice(0, 90)}» ~ ${p.b.uri} «${p.b.text.slice(0, 90)}»`);
    }
    prev = { n, t, cpu: indexCpu };
  }
}

function scoreGenerated(groups: CompareGroup[], articles: GenArticle[], truth: number): { P: number; R: number; falsePairs: { a: CompareGroup['members'][number]; b: CompareGroup['members'][number] }[] } {
  const byUri = new Map(articles.map(a => [a.uri, a]));
  const factAt = (uri: string, s: Span): number[] => {
    const a = byUri.get(uri)!;
    return [...a.facts].filter(([, sp]) => overlaps(sp, s)).map(([f]) => f);
  };
  let tp = 0;
  let all = 0;
  const found = new Set<string>();
  const falsePairs: { a: CompareGroup['members'][number]; b: CompareGroup['members'][number] }[] = [];
  for (const g of groups) {
    for (let x = 0; x < g.members.length; x++)
      for (let y = x + 1; y < g.members.length; y++) {
        const a = g.members[x];
        const b = g.members[y];
        if (a.uri === b.uri) continue;
        all++;
        const fa = factAt(a.uri, a);
        const fb = factAt(b.uri, b);
        const shared = fa.filter(f => fb.includes(f));
        if (shared.length) {
          tp++;
          for (const f of shared) found.add(`${f}:${a.uri < b.uri ? a.uri + b.uri : b.uri + a.uri}`);
        } else falsePairs.push({ a, b });
      }
  }
  return { P: all ? tp / all : 0, R: truth ? found.size / truth : 0, falsePairs };
}

if (!flag('scale-only')) seedsBench();
if (!flag('seeds-only')) scaleBench();
