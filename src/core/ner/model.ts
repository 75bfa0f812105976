/**
 * The NER model asset (media/models/ner.bin): a small binary file, read from bytes the host hands
 * over (no Node built-ins here).
 *
 *   "CNER" | u32 version | u32 header length | header JSON (UTF-8) | zero padding to 4 |
 *   for each pass: u32 feature count | u32 byte length of the keys | keys (sorted, as LEB128 varint
 *                  deltas) | zero padding to 4 | i8 weights (count × labels) | zero padding to 4 |
 *                  f32 transitions ((labels + 1) × (labels + 1), row = previous label, last row/col = start/end)
 *
 * Weights are quantised to int8 with a per-pass scale (the header's `scales`). The header also
 * carries the label names, the gazetteers and the word lexicon (derived lists, no training text).
 */
import type { NerResources } from './features';
import { GAZ_TYPES } from './features';
import { varintDeltas } from '../varint';

export const MODEL_VERSION = 1;

export interface NerHeader {
  version: number;
  labels: string[];
  scales: number[];
  /** gazetteer type -> phrases (lower case, tokens joined by spaces) */
  gazetteers: Record<string, string[]>;
  /** lexicon: words joined by "\n" and their packed codes */
  lexWords: string;
  lexCodes: number[];
  /** free-form provenance note (data sources, licences, training settings) */
  provenance?: string;
  /** scores measured at training time (informative) */
  metrics?: Record<string, number>;
}

export interface NerPass {
  /** open-addressing table: key -> row, as pairs (table[2h] = key, table[2h + 1] = row or -1), one cache line per probe */
  table: Int32Array;
  mask: number;
  /** int8 weights, row-major (row × labels) */
  weights: Int8Array;
  scale: number;
  /** (L + 1) × (L + 1) transition scores; index L is the start (as row) or end (as column) */
  trans: Float32Array;
  size: number;
  /**
   * One bit per value of a key's low FILTER_BITS bits, set for the keys of the pass: most keys
   * a document asks for that the model lacks are answered from this small array (it stays in
   * cache) without a probe of the table.
   */
  filter: Uint32Array;
  /**
   * The answers to recent lookups, direct-mapped (recent[2h] = key or -1, recent[2h + 1] = its row
   * or -1): the keys of a document repeat (shapes, contexts, frequent words), and this small array
   * answers them from cache where the table would be read from memory.
   */
  recent: Int32Array;
}

const RECENT_BITS = 13;
const RECENT_MASK = (1 << RECENT_BITS) - 1;

const FILTER_BITS = 20;
const FILTER_MASK = (1 << FILTER_BITS) - 1;

export interface NerModel {
  labels: string[];
  passes: NerPass[];
  resources: NerResources;
  header: NerHeader;
}

const MAGIC = 0x52454e43; // "CNER" little endian

export function buildResources(header: Pick<NerHeader, 'gazetteers' | 'lexWords' | 'lexCodes'>): NerResources {
  const gaz = new Map<string, number>();
  const gazPrefixes = new Set<string>();
  let gazMaxLen = 1;
  for (let b = 0; b < GAZ_TYPES.length; b++) {
    const list = header.gazetteers[GAZ_TYPES[b]];
    if (!list) continue;
    for (const p of list) {
      gaz.set(p, (gaz.get(p) ?? 0) | (1 << b));
      let len = 1;
      for (let i = 0; i < p.length; i++) {
        if (p.charCodeAt(i) !== 32) continue;
        len++;
        gazPrefixes.add(p.slice(0, i));
      }
      if (len > gazMaxLen) gazMaxLen = len;
    }
  }
  const lex = new Map<string, number>();
  const words = header.lexWords ? header.lexWords.split('\n') : [];
  for (let i = 0; i < words.length; i++) lex.set(words[i], header.lexCodes[i]);
  return { gaz, gazMaxLen: Math.min(gazMaxLen, 6), gazPrefixes, lex };
}

export interface PassData {
  keys: Uint32Array;
  weights: Int8Array;
  trans: Float32Array;
  scale: number;
}

/** Serialise a model (used by the trainer). keys must be sorted ascending. */
export function encodeNerModel(header: NerHeader, passes: PassData[]): Uint8Array {
  const L = header.labels.length;
  const hbytes = new TextEncoder().encode(JSON.stringify({ ...header, scales: passes.map(p => p.scale) }));
  const pad = (4 - ((12 + hbytes.length) % 4)) % 4;
  let size = 12 + hbytes.length + pad;
  const keyBytes = passes.map(p => varintDeltas(p.keys));
  passes.forEach((p, i) => (size += 8 + keyBytes[i].length + pad4(keyBytes[i].length) + p.weights.length + pad4(p.weights.length) + (L + 1) * (L + 1) * 4));
  const buf = new Uint8Array(size);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, MODEL_VERSION, true);
  dv.setUint32(8, hbytes.length, true);
  buf.set(hbytes, 12);
  let o = 12 + hbytes.length + pad;
  for (const [pi, p] of passes.entries()) {
    if (p.weights.length !== p.keys.length * L) throw new Error('weights/keys size mismatch');
    if (p.trans.length !== (L + 1) * (L + 1)) throw new Error('transition size mismatch');
    dv.setUint32(o, p.keys.length, true);
    dv.setUint32(o + 4, keyBytes[pi].length, true);
    o += 8;
    buf.set(keyBytes[pi], o);
    o += keyBytes[pi].length + pad4(keyBytes[pi].length);
    buf.set(new Uint8Array(p.weights.buffer, p.weights.byteOffset, p.weights.length), o);
    o += p.weights.length + pad4(p.weights.length);
    for (let i = 0; i < p.trans.length; i++, o += 4) dv.setFloat32(o, p.trans[i], true);
  }
  return buf;
}

export class NerModelError extends Error {}

/** Parse the model asset. Throws NerModelError on a file that is not a model of this version. */
export function decodeNerModel(bytes: Uint8Array): NerModel {
  if (bytes.length < 12) throw new NerModelError('NER model: file too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) throw new NerModelError('NER model: bad magic (not a Corroborate NER model)');
  const version = dv.getUint32(4, true);
  if (version !== MODEL_VERSION) throw new NerModelError(`NER model: version ${version}, expected ${MODEL_VERSION}`);
  const hlen = dv.getUint32(8, true);
  if (12 + hlen > bytes.length) throw new NerModelError('NER model: truncated header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hlen))) as NerHeader;
  const L = header.labels.length;
  let o = 12 + hlen + ((4 - ((12 + hlen) % 4)) % 4);
  const passes: NerPass[] = [];
  for (let pi = 0; pi < header.scales.length; pi++) {
    if (o + 8 > bytes.length) throw new NerModelError('NER model: truncated');
    const n = dv.getUint32(o, true);
    const kb = dv.getUint32(o + 4, true);
    o += 8;
    const need = kb + pad4(kb) + n * L + (L + 1) * (L + 1) * 4;
    if (o + need > bytes.length) throw new NerModelError('NER model: truncated weights');
    let cap = 1;
    // load factor above 1/2 keeps the table small enough to stay in cache (the tagger is bound by memory latency)
    while (cap < n + (n >> 1)) cap <<= 1;
    const mask = cap - 1;
    const table = new Int32Array(2 * cap);
    const filter = new Uint32Array(1 << (FILTER_BITS - 5));
    for (let h = 1; h < table.length; h += 2) table[h] = -1;
    let key = 0;
    let q = o;
    const kend = o + kb;
    for (let i = 0; i < n; i++) {
      let delta = 0;
      let shift = 0;
      for (;;) {
        if (q >= kend) throw new NerModelError('NER model: corrupt keys');
        const b = bytes[q++];
        delta += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
        shift += 7;
      }
      key += delta;
      const k = key >>> 0;
      filter[(k & FILTER_MASK) >>> 5] |= 1 << (k & 31);
      let h = (k ^ (k >>> 15)) & mask;
      while (table[2 * h + 1] !== -1) h = (h + 1) & mask;
      table[2 * h] = k;
      table[2 * h + 1] = i;
    }
    o += kb + pad4(kb);
    const weights = new Int8Array(n * L);
    weights.set(new Int8Array(bytes.buffer, bytes.byteOffset + o, n * L));
    o += n * L + pad4(n * L);
    const trans = new Float32Array((L + 1) * (L + 1));
    for (let i = 0; i < trans.length; i++, o += 4) trans[i] = dv.getFloat32(o, true);
    passes.push({ table, mask, weights, scale: header.scales[pi], trans, size: n, filter, recent: new Int32Array(2 << RECENT_BITS).fill(-1) });
  }
  return { labels: header.labels, passes, resources: buildResources(header), header };
}

/** Row of a feature key in a pass, or -1. */
export function lookup(p: NerPass, key: number): number {
  if (!((p.filter[(key & FILTER_MASK) >>> 5] >>> (key & 31)) & 1)) return -1;
  const mask = p.mask;
  const table = p.table;
  const k = key | 0;
  let h = (key ^ (key >>> 15)) & mask;
  for (;;) {
    const r = table[2 * h + 1];
    if (r === -1) return -1;
    if (table[2 * h] === k) return r;
    h = (h + 1) & mask;
  }
}

/** Row of a feature key in a pass, or -1, through the pass's cache of recent lookups (the same answer as lookup). */
export function lookupRecent(p: NerPass, key: number): number {
  const h = 2 * ((key ^ (key >>> RECENT_BITS)) & RECENT_MASK);
  const recent = p.recent;
  if (recent[h] === key) return recent[h + 1];
  const r = lookup(p, key);
  recent[h] = key;
  recent[h + 1] = r;
  return r;
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}
