/**
 * corroborate compare DIR [--format json|markdown|html] [--output FILE] [--window DAYS] [--same-file]
 *
 * Quotes and claims matched across the articles of DIR: which wordings differ and which details
 * conflict. JSON as in the evaluation README: {"groups": [{"id", "kind", "relation", "members":
 * [{"file", "start", "end", "text", …}], "conflicts": [...]}]}, `file` relative to DIR.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Corpus, type Tagger } from '../core';
import { CompareIndex, renderHtml, renderMarkdown, type CompareGroup } from '../core/compare';
import { NodeWorkspace } from './nodeWorkspace';
import { NodeAnnotationFs } from './annotationFs';
import { AnnotationStore } from '../core/annotations/store';
import { applySpeakerCorrections } from '../core/annotations/speakers';
import { installCliReportedModel, loadCliTagger } from './tagger';

export const COMPARE_USAGE = `  corroborate compare DIR... [--format json|markdown|html] [--output FILE] [--window DAYS] [--same-file]
      Quotes and claims shared by the articles of DIR: wording differences and conflicting details.
      --same-file: also match the quotes and claims of one article with each other (a quote
      repeated, a figure given twice); default: across articles only.`;

export class CompareUsageError extends Error {}

const tagger = () => loadCliTagger('names are compared as written');

/** NodeWorkspace URIs are absolute file paths. */
const filePath = (uri: string) => path.resolve(uri);

/** The groups of the articles under `roots` (files or folders), `file` relative to the root given. */
export async function compareFolders(roots: string[], options: { window?: number; tagger?: Tagger; sameFile?: boolean } = {}): Promise<{ groups: CompareGroup[]; articles: number; index: CompareIndex }> {
  const ws = new NodeWorkspace(roots);
  const corpus = new Corpus(ws);
  const t = options.tagger ?? tagger();
  corpus.setTaggerFactory(async () => t);
  installCliReportedModel();
  // the reader's speaker corrections (annotations beside the articles of a folder) override attribution
  const stores: { root: string; store: AnnotationStore }[] = [];
  for (const root of roots) {
    if (!(await fs.stat(root)).isDirectory()) continue;
    const store = new AnnotationStore(new NodeAnnotationFs(path.resolve(root)));
    await store.loadAll();
    if (store.sources().length) stores.push({ root: path.resolve(root), store });
  }
  if (stores.length) {
    corpus.quoteFilter = (entry, quotes) => {
      const file = filePath(entry.uri);
      const hit = stores.find(s => file.startsWith(`${s.root}${path.sep}`));
      if (!hit) return quotes;
      const rel = path.relative(hit.root, file).split(path.sep).join('/');
      return applySpeakerCorrections(quotes, hit.store.anchorAll(rel, entry.analysis.source)).quotes;
    };
  }
  const entries = await corpus.loadAll();
  const loaded = [];
  for (const e of entries) {
    if (!e.ok) {
      process.stderr.write(`corroborate: skipped ${ws.displayPath(e.uri)}: ${e.reason}\n`);
      continue;
    }
    // entities of every article first: names merge across the corpus before any key is made
    const entities = await corpus.entities(e);
    loaded.push({ e, entities });
  }
  const index = new CompareIndex({ ...(options.window !== undefined ? { dateWindowDays: options.window } : {}), ...(options.sameFile ? { sameFile: true } : {}) });
  for (const { e, entities } of loaded) {
    const quotes = await corpus.quotes(e);
    index.set(e.uri, {
      text: e.analysis.source,
      model: e.analysis.model,
      entities,
      quotes,
      canonical: key => corpus.entityIndex.byKey(key)?.canonical,
      file: ws.displayPath(e.uri),
    });
  }
  return { groups: index.groups(), articles: loaded.length, index };
}

function parse(argv: string[]): { roots: string[]; format: string; output?: string; window?: number; sameFile: boolean } {
  const roots: string[] = [];
  let sameFile = false;
  let format = 'markdown';
  let output: string | undefined;
  let window: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      roots.push(a);
      continue;
    }
    if (a === '--same-file') {
      sameFile = true;
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new CompareUsageError(`--${name} needs a value`);
    if (name === 'format') format = value;
    else if (name === 'output') output = value;
    else if (name === 'window') {
      window = Number(value);
      if (!(window >= 0)) throw new CompareUsageError('--window must be a number of days');
    } else throw new CompareUsageError(`unknown option --${name}`);
  }
  if (!['json', 'markdown', 'md', 'html'].includes(format)) throw new CompareUsageError(`--format must be json, markdown or html, not "${format}"`);
  if (!roots.length) throw new CompareUsageError('compare needs a folder of articles');
  return { roots, format, sameFile, ...(output ? { output } : {}), ...(window !== undefined ? { window } : {}) };
}

/** The JSON of the evaluation format (extra fields kept: uri is dropped, offsets and metadata stay). */
export function groupsJson(groups: CompareGroup[]): { groups: unknown[] } {
  return {
    groups: groups.map(g => ({
      id: g.id,
      kind: g.kind,
      relation: g.relation,
      members: g.members.map(m => ({
        file: m.file,
        start: m.start,
        end: m.end,
        text: m.text,
        kind: m.kind,
        ...(m.outlet ? { outlet: m.outlet } : {}),
        ...(m.date ? { date: m.date } : {}),
        ...(m.speaker ? { speaker: m.speaker } : {}),
      })),
      conflicts: g.conflicts,
      reference: g.reference,
      diffs: g.diffs,
    })),
  };
}

export async function compareCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parse(argv);
    for (const r of args.roots) {
      try {
        await fs.stat(r);
      } catch {
        throw new CompareUsageError(`no such file or folder: ${r}`);
      }
    }
  } catch (e) {
    if (e instanceof CompareUsageError) {
      process.stderr.write(`corroborate: ${e.message}\n\nUsage:\n${COMPARE_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const { groups, articles } = await compareFolders(args.roots, { sameFile: args.sameFile, ...(args.window !== undefined ? { window: args.window } : {}) });
  const title = `Compared sources: ${args.roots.join(', ')}`;
  const body =
    args.format === 'json' ? JSON.stringify(groupsJson(groups), null, 2) + '\n' : args.format === 'html' ? renderHtml(groups, { title, articles }) : renderMarkdown(groups, { title, articles }) + '\n';
  if (args.output) await fs.writeFile(args.output, body);
  else process.stdout.write(body);
  process.stderr.write(`corroborate: ${articles} articles, ${groups.length} groups, ${groups.filter(g => g.relation === 'conflict').length} with conflicts\n`);
  return 0;
}
