/**
 * corroborate annotations import FILE --workspace DIR
 *     Adds the annotations of a W3C AnnotationCollection (JSON-LD) to DIR/.corroborate/annotations/
 *     (target.source = the article's path relative to DIR); ids are kept, and an annotation that is
 *     already there keeps whichever version was modified last.
 * corroborate annotations export --workspace DIR [--output FILE]
 *     Prints (or writes) an AnnotationCollection of every annotation, re-anchored in the articles as
 *     they are now; one that cannot be found has no TextPositionSelector and
 *     "corroborate:state": "orphaned".
 *
 * Articles are only read (UTF-8 with the BOM dropped, as everywhere in the CLI); nothing but the
 * store folder is ever written.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AnnotationStore, exportCollection, importCollection, type StoreProblem } from '../core/annotations';
import { decodeArticleBytes } from '../core/text/decode';
import { NodeAnnotationFs } from './annotationFs';
import { UsageError, parseArgs } from './args';

const USAGE = `Usage:
  corroborate annotations import FILE --workspace DIR
  corroborate annotations export --workspace DIR [--output FILE]
`;

const parse = (argv: string[]) => parseArgs(argv, ['workspace', 'output']);

/** An article's text as the CLI reads articles, or undefined when it cannot be read. */
function articleReader(root: string): (source: string) => Promise<string | undefined> {
  return async source => {
    try {
      const bytes = await fs.readFile(path.join(root, ...source.split('/')));
      return decodeArticleBytes(bytes, { maxBytes: 64 * 1024 * 1024 }).text;
    } catch {
      return undefined;
    }
  };
}

function describeProblem(p: StoreProblem): string {
  switch (p.kind) {
    case 'corrupt':
      return `${p.file} cannot be read (${p.error})${p.movedTo ? `; moved aside to ${p.movedTo}` : '; left as it is'}${p.salvaged ? `; ${p.salvaged} annotation(s) in it were readable` : ''}`;
    case 'invalid-item':
      return `${p.file}: item ${p.index}: ${p.error}`;
    case 'superseded':
      return `annotation ${p.id}: a newer version elsewhere replaced the one here`;
    case 'temp-file':
      return `${p.file}: left by an interrupted save; ${p.recovered ? 'merged' : 'unreadable, removed'}`;
  }
}

async function workspaceOf(flags: Map<string, string>): Promise<string> {
  const dir = flags.get('workspace');
  if (!dir) throw new UsageError('--workspace DIR is needed');
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new UsageError(`--workspace ${dir} is not a folder`);
  return path.resolve(dir);
}

export async function annotationsCommand(argv: string[]): Promise<number> {
  const warn = (s: string) => process.stderr.write(`corroborate: ${s}\n`);
  try {
    const [sub, ...rest] = argv;
    const { positional, flags } = parse(rest);
    if (sub === 'import') {
      if (positional.length !== 1) throw new UsageError('annotations import needs one FILE');
      if (flags.has('output')) throw new UsageError('--output is for export');
      const root = await workspaceOf(flags);
      let json: unknown;
      try {
        json = JSON.parse((await fs.readFile(positional[0], 'utf8')).replace(/^\uFEFF/, ''));
      } catch (e) {
        warn(`cannot read ${positional[0]} as JSON: ${(e as Error).message}`);
        return 1;
      }
      const store = new AnnotationStore(new NodeAnnotationFs(root), { onProblem: p => warn(describeProblem(p)) });
      await store.loadAll();
      let report;
      try {
        report = await importCollection(store, json, articleReader(root));
      } catch (e) {
        warn(`${positional[0]}: ${(e as Error).message}`);
        return 1;
      }
      for (const x of report.invalid) warn(`${positional[0]}: item ${x.index} not imported: ${x.error}`);
      await store.save();
      warn(`imported ${report.added.length + report.updated.length} annotation(s): ${report.added.length} new, ${report.updated.length} updated, ${report.unchanged.length} already there, ${report.keptLocal.length} kept (newer here), ${report.invalid.length} invalid`);
      return report.invalid.length ? 1 : 0;
    }
    if (sub === 'export') {
      if (positional.length) throw new UsageError(`unexpected argument: ${positional[0]}`);
      const root = await workspaceOf(flags);
      const store = new AnnotationStore(new NodeAnnotationFs(root), { onProblem: p => warn(describeProblem(p)) });
      await store.loadAll();
      const { collection, summary } = await exportCollection(store, articleReader(root));
      const out = JSON.stringify(collection, null, 2) + '\n';
      const output = flags.get('output');
      if (output && output !== '-') await fs.writeFile(output, out);
      else process.stdout.write(out);
      warn(`exported ${summary.annotations} annotation(s) on ${summary.articles} article(s): ${summary.moved} re-anchored, ${summary.orphaned} orphaned`);
      return 0;
    }
    throw new UsageError(sub === undefined ? 'annotations needs import or export' : `unknown annotations command "${sub}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`corroborate: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    warn(`${(e as Error).stack ?? e}`);
    return 1;
  }
}
