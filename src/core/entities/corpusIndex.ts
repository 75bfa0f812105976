/**
 * Entities across the corpus: which articles mention whom, how often. Document entities are merged
 * by key ("PER:donald trump"), a lone surname joins the one full name it belongs to ("Trump" in an
 * article that never says "Donald"), and an acronym joins the longer name it abbreviates.
 */
import type { DocumentEntities, EntityType, NameLexicon } from './types';
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
  /** The name words of the key (after the type). */
  words: string[];
  forms: Map<string, number>;
  titles: Set<string>;
  articles: Map<string, number>;
  mergedInto?: Group;
}

function root(g: Group): Group {
  while (g.mergedInto) g = g.mergedInto;
  return g;
}

export class EntityIndex {
  private readonly docs = new Map<string, DocumentEntities>();

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

  set(uri: string, doc: DocumentEntities): void {
    this.docs.set(uri, doc);
    this.built = undefined;
  }

  get(uri: string): DocumentEntities | undefined {
    return this.docs.get(uri);
  }

  delete(uri: string): void {
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
    const groups = new Map<string, Group>();
    for (const [uri, doc] of this.docs) {
      for (const e of doc.entities) {
        let g = groups.get(e.key);
        if (!g) groups.set(e.key, (g = { key: e.key, type: e.type, words: e.key.slice(e.key.indexOf(':') + 1).split(' '), forms: new Map(), titles: new Set(), articles: new Map() }));
        for (const a of e.aliases) g.forms.set(a, (g.forms.get(a) ?? 0) + 1);
        g.forms.set(e.canonical, (g.forms.get(e.canonical) ?? 0) + 1);
        for (const t of e.titles) g.titles.add(t);
        g.articles.set(uri, (g.articles.get(uri) ?? 0) + e.mentions);
      }
    }
    const all = [...groups.values()];
    const words = (g: Group) => g.words;
    const lastWord = (g: Group) => g.words[g.words.length - 1];
    const merge = (from: Group, into: Group) => {
      into = root(into);
      if (from === into) return;
      from.mergedInto = into;
      for (const [f, n] of from.forms) into.forms.set(f, (into.forms.get(f) ?? 0) + n);
      for (const t of from.titles) into.titles.add(t);
      for (const [u, n] of from.articles) into.articles.set(u, (into.articles.get(u) ?? 0) + n);
    };
    const people = all.filter(g => g.type === 'PER');
    const full = people.filter(g => words(g).length >= 2);
    // full names that differ by a letter in one word are one person (a doubled letter, a -y/-iy ending)
    for (let i = 0; i < full.length; i++) {
      for (let j = i + 1; j < full.length; j++) {
        const a = words(full[i]);
        const b = words(full[j]);
        if (a.length === b.length && a.every((w, k) => wordsMatch(w, b[k])) && root(full[i]) !== root(full[j])) merge(full[j], full[i]);
      }
    }
    // a lone name joins the full name whose surname it is, when there is one such person
    for (const g of people.filter(p => words(p).length === 1)) {
      const w = words(g)[0];
      const owners = [...new Set(full.filter(f => wordsMatch(lastWord(f), w)).map(root))];
      if (owners.length === 1) merge(g, owners[0]);
      else if (owners.length > 1) merge(g, owners.reduce((a, b) => (b.articles.size > a.articles.size ? b : a)));
    }
    // a lone word typed as an organisation or place that is the surname of one person named in
    // full elsewhere is that person (a tagger without context often mistypes a surname)
    for (const g of all.filter(x => (x.type === 'ORG' || x.type === 'LOC') && !x.mergedInto && words(x).length === 1)) {
      const form = [...g.forms.keys()][0] ?? '';
      if (knownAlias(form) || this.lexicon?.isPlace(form) || !/^\p{Lu}\p{Ll}/u.test(form)) continue;
      const w = words(g)[0];
      const owners = [...new Set(full.filter(f => wordsMatch(lastWord(f), w)).map(root))];
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
    // an acronym joins the one longer name of the same type it abbreviates
    // (the initials of each form of two or more words, per form: forms are only ever added)
    const initialsOf = new Map<string, string | null>();
    const formInitials = (f: string) => {
      let i = initialsOf.get(f);
      if (i === undefined) initialsOf.set(f, (i = nameWords(f).length >= 2 ? initials(f) : null));
      return i;
    };
    for (const g of all.filter(x => x.type !== 'PER' && !x.mergedInto)) {
      const form = [...g.forms.keys()].find(f => /^[A-Z]{2,6}$/.test(f.replace(/\./g, '')));
      if (!form || g.forms.size > 2) continue;
      const acronym = form.replace(/\./g, '');
      const target = all.filter(o => o !== g && !o.mergedInto && o.type === g.type && [...o.forms.keys()].some(f => formInitials(f) === acronym));
      if (target.length === 1) merge(g, target[0]);
    }
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
