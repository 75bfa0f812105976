/**
 * Entities across the corpus: which articles mention whom, how often. Document entities are merged
 * by key ("PER:donald trump"), a lone surname joins the one full name it belongs to ("Trump" in an
 * article that never says "Donald"), and an acronym joins the longer name it abbreviates.
 */
import type { DocumentEntities, DocumentEntity, EntityType, NameLexicon } from './types';
import { initials, knownAlias, nameWords, wordsMatch } from './names';

export interface CorpusEntity {
  id: string;
  type: EntityType;
  canonical: string;
  aliases: string[];
  titles: string[];
  /** uri → number of mentions in that article. */
  articles: Map<string, number>;
  mentions: number;
}

interface Group {
  key: string;
  type: EntityType;
  forms: Map<string, number>;
  titles: Set<string>;
  articles: Map<string, number>;
  mergedInto?: Group;
}

/**
 * A document's entity list in compact form (src/core/cache/entitySummaries.ts): `ints` is
 * [entities, then per entity: key, type, canonical, aliases, alias…, titles, title…, mentions],
 * every name an index into `strings`. The index reads it exactly as it reads the list it was made
 * from.
 */
export interface EntitySummary {
  strings: readonly string[];
  ints: ArrayLike<number>;
}

function root(g: Group): Group {
  while (g.mergedInto) g = g.mergedInto;
  return g;
}

/** A group while the documents are added: every name as a number (its index in `names`). */
interface Tally {
  key: string;
  type: EntityType;
  forms: Map<number, number>;
  titles: Set<number>;
  /** The articles in order of first mention, and their mentions (a document's entities come together). */
  uris: string[];
  counts: number[];
}

/**
 * The groups of the documents' entities by key, in order of first appearance: for each document
 * (in order) and each of its entities (in order), its aliases then its canonical name counted as
 * forms, its titles added, its mentions added to its article. Names are counted as numbers (one
 * per distinct string) and turned back into strings at the end; a document with a summary is read
 * from it, the same additions in the same order as from its list.
 */
function aggregate(docs: Map<string, DocumentEntities>, summaries: Map<string, EntitySummary>): Group[] {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const idOf = (s: string) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = names.push(s) - 1));
    return id;
  };
  // a summary's string ids to ours, per string table (the cache's summaries share one)
  const tables = new Map<readonly string[], Int32Array>();
  let table: readonly string[] | undefined;
  let trans: Int32Array = new Int32Array(0);
  const fromTable = (id: number) => {
    let t = trans[id];
    if (t < 0) t = trans[id] = idOf(table![id]);
    return t;
  };
  const byKey: Tally[] = [];
  const tallies: Tally[] = [];
  const tally = (key: number, type: string) => {
    let t = byKey[key];
    if (!t) tallies.push((t = byKey[key] = { key: names[key], type: type as EntityType, forms: new Map(), titles: new Set(), uris: [], counts: [] }));
    return t;
  };
  const count = (t: Tally, uri: string, n: number) => {
    const last = t.uris.length - 1;
    if (last >= 0 && t.uris[last] === uri) t.counts[last] += n;
    else {
      t.uris.push(uri);
      t.counts.push(n);
    }
  };
  for (const [uri, doc] of docs) {
    const summary = summaries.get(uri);
    if (summary) {
      if (summary.strings !== table) {
        table = summary.strings;
        let t = tables.get(table);
        if (!t || t.length < table.length) tables.set(table, (t = new Int32Array(table.length).fill(-1)));
        trans = t;
      }
      const { ints } = summary;
      for (let e = 0, n = ints[0], p = 1; e < n; e++) {
        const t = tally(fromTable(ints[p]), table[ints[p + 1]]);
        const canonical = fromTable(ints[p + 2]);
        const aliases = ints[p + 3];
        p += 4;
        for (const end = p + aliases; p < end; p++) {
          const a = fromTable(ints[p]);
          t.forms.set(a, (t.forms.get(a) ?? 0) + 1);
        }
        t.forms.set(canonical, (t.forms.get(canonical) ?? 0) + 1);
        const titles = ints[p++];
        for (const end = p + titles; p < end; p++) t.titles.add(fromTable(ints[p]));
        count(t, uri, ints[p++]);
      }
      continue;
    }
    for (const e of doc.entities) {
      const t = tally(idOf(e.key), e.type);
      for (const a of e.aliases) {
        const id = idOf(a);
        t.forms.set(id, (t.forms.get(id) ?? 0) + 1);
      }
      const c = idOf(e.canonical);
      t.forms.set(c, (t.forms.get(c) ?? 0) + 1);
      for (const x of e.titles) t.titles.add(idOf(x));
      count(t, uri, e.mentions);
    }
  }
  return tallies.map(t => {
    const articles = new Map<string, number>();
    for (let i = 0; i < t.uris.length; i++) articles.set(t.uris[i], t.counts[i]);
    return {
      key: t.key,
      type: t.type,
      forms: new Map([...t.forms].map(([f, n]) => [names[f], n])),
      titles: new Set([...t.titles].map(x => names[x])),
      articles,
    };
  });
}

/** Are two entity lists the same in everything `aggregate` reads of them (key, type, forms, titles, mentions), in order? */
function sameEntityList(a: readonly DocumentEntity[], b: readonly DocumentEntity[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const sameList = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x.key !== y.key || x.type !== y.type || x.canonical !== y.canonical || x.mentions !== y.mentions || !sameList(x.aliases, y.aliases) || !sameList(x.titles, y.titles)) return false;
  }
  return true;
}

export class EntityIndex {
  private readonly docs = new Map<string, DocumentEntities>();
  /** The compact form of a document's entity list, when the cache has it (read instead of the list). */
  private readonly summaries = new Map<string, EntitySummary>();

  private built: { entities: CorpusEntity[]; byDocKey: Map<string, CorpusEntity> } | undefined;
  private words: NameLexicon | undefined;

  /** `lexicon`: the tagger's word lists, when known (a surname that is also a place stays a place). */
  constructor(lexicon?: NameLexicon) {
    this.words = lexicon;
  }

  get lexicon(): NameLexicon | undefined {
    return this.words;
  }

  /** Word lists that arrive later (from the analysis worker) change how names merge: built again. */
  set lexicon(lexicon: NameLexicon | undefined) {
    if (lexicon === this.words) return;
    this.words = lexicon;
    this.built = undefined;
  }

  /** `summary`: the same entity list as `doc.entities`, in compact form (cheaper to build from). */
  set(uri: string, doc: DocumentEntities, summary?: EntitySummary): void {
    const before = this.docs.get(uri);
    const hadSummary = this.summaries.has(uri);
    this.docs.set(uri, doc);
    if (summary) this.summaries.set(uri, summary);
    else this.summaries.delete(uri);
    // a document analysed again (an open one after an edit) that names the same entities, as often,
    // leaves what the index is built from as it was (the same place in `docs`): the built index
    // stands, and typing does not rebuild the whole corpus's index
    if (this.built && before && !summary && !hadSummary && sameEntityList(before.entities, doc.entities)) return;
    this.built = undefined;
  }

  get(uri: string): DocumentEntities | undefined {
    return this.docs.get(uri);
  }

  delete(uri: string): void {
    this.summaries.delete(uri);
    if (this.docs.delete(uri)) this.built = undefined;
  }

  /** The articles the index holds. */
  uris(): string[] {
    return [...this.docs.keys()];
  }

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  get size(): number {
    return this.docs.size;
  }

  private build() {
    if (this.built) return this.built;
    const all = aggregate(this.docs, this.summaries);
    // each group's name words, split once
    const wordsOf = new Map<Group, string[]>();
    for (const g of all) wordsOf.set(g, g.key.slice(g.key.indexOf(':') + 1).split(' '));
    const words = (g: Group) => wordsOf.get(g)!;
    // listeners of merges (the acronym rule's index follows the forms that move)
    let onMerge: ((from: Group, into: Group) => void) | undefined;
    const merge = (from: Group, into: Group) => {
      into = root(into);
      if (from === into) return;
      from.mergedInto = into;
      for (const [f, n] of from.forms) into.forms.set(f, (into.forms.get(f) ?? 0) + n);
      for (const t of from.titles) into.titles.add(t);
      for (const [u, n] of from.articles) into.articles.set(u, (into.articles.get(u) ?? 0) + n);
      onMerge?.(from, into);
    };
    const people = all.filter(g => g.type === 'PER');
    const full = people.filter(g => words(g).length >= 2);
    // full names that differ by a letter in one word are one person (a doubled letter, a -y/-iy ending).
    // Two names can match only with as many words and the same first letter in each (wordsMatch), so
    // the pairs are taken within such buckets, in the order of `full`: merges in different buckets touch
    // different groups, so the result is that of every pair in order (10^4 names: not 10^8 pairs)
    const buckets = new Map<string, number[]>();
    full.forEach((g, i) => {
      const key = words(g).map(w => w.charAt(0)).join('\u0000');
      const b = buckets.get(key);
      if (b) b.push(i);
      else buckets.set(key, [i]);
    });
    for (const b of buckets.values()) {
      for (let x = 0; x < b.length; x++) {
        for (let y = x + 1; y < b.length; y++) {
          const i = b[x];
          const j = b[y];
          const a = words(full[i]);
          const c = words(full[j]);
          if (a.length === c.length && a.every((w, k) => wordsMatch(w, c[k])) && root(full[i]) !== root(full[j])) merge(full[j], full[i]);
        }
      }
    }
    // the full names whose surname a lone word can be (wordsMatch: the same word, or the same first
    // letter, six letters or more and a length within one), in the order of `full`
    const bySurname = new Map<string, number[]>();
    const byShape = new Map<string, number[]>();
    const add = (m: Map<string, number[]>, key: string, i: number) => {
      const l = m.get(key);
      if (l) l.push(i);
      else m.set(key, [i]);
    };
    full.forEach((f, i) => {
      const last = words(f)[words(f).length - 1];
      add(bySurname, last, i);
      if (last.length >= 6) add(byShape, `${last.charAt(0)}|${last.length}`, i);
    });
    const ownersOf = (w: string): Group[] => {
      const at = new Set<number>(bySurname.get(w) ?? []);
      if (w.length >= 6) for (let len = w.length - 1; len <= w.length + 1; len++) for (const i of byShape.get(`${w.charAt(0)}|${len}`) ?? []) at.add(i);
      const found = [...at].sort((p, q) => p - q).map(i => full[i]).filter(f => wordsMatch(words(f)[words(f).length - 1], w));
      return [...new Set(found.map(root))];
    };
    // a lone name joins the full name whose surname it is, when there is one such person
    for (const g of people.filter(p => words(p).length === 1)) {
      const owners = ownersOf(words(g)[0]);
      if (owners.length === 1) merge(g, owners[0]);
      else if (owners.length > 1) merge(g, owners.reduce((a, b) => (b.articles.size > a.articles.size ? b : a)));
    }
    // a lone word typed as an organisation or place that is the surname of one person named in
    // full elsewhere is that person (a tagger without context often mistypes a surname)
    for (const g of all.filter(x => (x.type === 'ORG' || x.type === 'LOC') && !x.mergedInto && words(x).length === 1)) {
      const form = [...g.forms.keys()][0] ?? '';
      if (knownAlias(form) || this.lexicon?.isPlace(form) || !/^\p{Lu}\p{Ll}/u.test(form)) continue;
      const owners = ownersOf(words(g)[0]);
      if (owners.length === 1) merge(g, owners[0]);
    }
    // one name typed as an organisation in some articles and a place in others: the majority type
    const byName = new Map<string, Group[]>();
    for (const g of all) {
      if (g.mergedInto || (g.type !== 'ORG' && g.type !== 'LOC')) continue;
      const name = g.key.slice(g.key.indexOf(':') + 1);
      byName.set(name, [...(byName.get(name) ?? []), g]);
    }
    const mentionsOf = (g: Group) => [...g.articles.values()].reduce((a, b) => a + b, 0);
    for (const gs of byName.values()) {
      if (gs.length < 2) continue;
      const main = gs.reduce((a, b) => (mentionsOf(b) > mentionsOf(a) ? b : a));
      for (const g of gs) if (g !== main) merge(g, main);
    }
    // an acronym joins the one longer name of the same type it abbreviates. The groups holding a
    // form of two words or more are indexed by its initials (and follow the forms a merge moves), so
    // an acronym looks only at the groups with its letters, in the order of `all`
    const position = new Map<Group, number>();
    all.forEach((g, i) => position.set(g, i));
    const initialsOf = new Map<string, string | null>();
    const initialsOfForm = (f: string) => {
      let x = initialsOf.get(f);
      if (x === undefined) initialsOf.set(f, (x = nameWords(f).length >= 2 ? initials(f) : null));
      return x;
    };
    const byInitials = new Map<string, Set<Group>>();
    const indexForms = (g: Group, forms: Iterable<string>) => {
      for (const f of forms) {
        const x = initialsOfForm(f);
        if (x === null) continue;
        const set = byInitials.get(x);
        if (set) set.add(g);
        else byInitials.set(x, new Set([g]));
      }
    };
    for (const g of all) indexForms(g, g.forms.keys());
    onMerge = (from, into) => indexForms(into, from.forms.keys());
    for (const g of all.filter(x => x.type !== 'PER' && !x.mergedInto)) {
      const form = [...g.forms.keys()].find(f => /^[A-Z]{2,6}$/.test(f.replace(/\./g, '')));
      if (!form || g.forms.size > 2) continue;
      const letters = form.replace(/\./g, '');
      const target = [...(byInitials.get(letters) ?? [])]
        .filter(o => o !== g && !o.mergedInto && o.type === g.type && [...o.forms.keys()].some(f => initialsOfForm(f) === letters))
        .sort((a, b) => position.get(a)! - position.get(b)!);
      if (target.length === 1) merge(g, target[0]);
    }
    onMerge = undefined;
    const byDocKey = new Map<string, CorpusEntity>();
    const entities: CorpusEntity[] = [];
    const made = new Map<Group, CorpusEntity>();
    for (const g of all) {
      const r = root(g);
      let e = made.get(r);
      if (!e) {
        let canonical = '';
        let best = -1;
        for (const [f, n] of r.forms) {
          const score = r.type === 'PER' ? nameWords(f).length * 1e6 + n : n * 1000 + f.length;
          if (score > best) {
            best = score;
            canonical = f;
          }
        }
        const mentions = [...r.articles.values()].reduce((a, b) => a + b, 0);
        e = { id: r.key, type: r.type, canonical, aliases: [...r.forms.keys()].sort(), titles: [...r.titles].sort(), articles: r.articles, mentions };
        made.set(r, e);
        entities.push(e);
      }
      byDocKey.set(g.key, e);
    }
    entities.sort((a, b) => b.articles.size - a.articles.size || b.mentions - a.mentions || (a.canonical < b.canonical ? -1 : 1));
    this.built = { entities, byDocKey };
    return this.built;
  }

  /** Every entity, by number of articles, then mentions. */
  all(): CorpusEntity[] {
    return this.build().entities;
  }

  /** The corpus entity a document entity (by its key) belongs to. */
  byKey(key: string): CorpusEntity | undefined {
    return this.build().byDocKey.get(key);
  }
}
