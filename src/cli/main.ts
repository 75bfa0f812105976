/**
 * corroborate — the same analysis as the extension, on files and folders.
 *
 *   corroborate analyze PATH... [--format json|text]
 *   corroborate extract --input DOCS.jsonl --output PRED.jsonl
 *   corroborate compare DIR [--format json|markdown|html]
 */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import { Corpus, EntityIndex, analyzeArticle, articleQuotes, extractEntities, quoteRecords, speakersThroughCorpus, type Quote, type ArticleEntry, type ArticlePart, type DocumentEntities } from '../core';
import { annotationsCommand } from './annotations';
import { UsageError, parseArgs } from './args';
import { NodeWorkspace } from './nodeWorkspace';
import { installCliReportedModel, loadCliTagger } from './tagger';
import { COMPARE_USAGE, compareCommand } from './compare';

const VERSION = '0.1.0';

const USAGE = `corroborate ${VERSION} — who said what across news articles

Usage:
  corroborate analyze PATH... [--format json|text] [--max-size-mb N]
      The article model of every .txt/.md file in PATH (files or folders).
  corroborate extract --input DOCS.jsonl --output PRED.jsonl [--attributions] [--stance]
      Reads lines {"doc_id", "text"}; writes {"doc_id", "quotes", "entities"} per line.
      --attributions: one quote record per attribution (a split quote, a partial quote inside its
      reported clause: one record with "fragments"); default: one per quotation and reported clause.
      --stance: also stances and acts of communication without a verb of speech ("X criticised
      the plan", "X urged allies to act") as reported; default: speech only.
${COMPARE_USAGE}
  corroborate annotations import FILE --workspace DIR
      Adds the annotations of a W3C AnnotationCollection (target.source relative to DIR).
  corroborate annotations export --workspace DIR [--output FILE]
      Prints every annotation of DIR as an AnnotationCollection, re-anchored to the articles as they are.
  corroborate --help | --version
`;

function partJson(p: ArticlePart) {
  return {
    title: p.title,
    date: p.date,
    outlet: p.outlet,
    paragraphs: p.paragraphs.map(x => ({ start: x.start, end: x.end })),
    sentences: p.sentences.map(x => ({ start: x.start, end: x.end })),
    boilerplate: p.boilerplate.map(x => ({ start: x.start, end: x.end, kind: x.kind })),
  };
}

function articleJson(file: string, e: ArticleEntry) {
  if (!e.ok) return { file, error: e.reason };
  const m = e.analysis.model;
  return {
    file,
    ...partJson(m),
    dateline: m.dateline?.place ?? null,
    words: m.wordCount,
    warnings: m.warnings,
    parts: m.parts.map(p => ({ ...partJson(p), start: p.start, end: p.end })),
  };
}

function articleText(file: string, e: ArticleEntry): string {
  if (!e.ok) return `${file}\n  skipped: ${e.reason}\n`;
  const m = e.analysis.model;
  const lines = [`${file}`, `  title:      ${m.title ?? '(none)'}${m.titleSource === 'lead' ? '  [from the lead]' : ''}`, `  date:       ${m.date ?? '(none)'}`, `  outlet:     ${m.outlet ?? '(none)'}`];
  lines.push(`  paragraphs: ${m.paragraphs.length}   sentences: ${m.sentences.length}   words: ${m.wordCount}`);
  for (const b of m.boilerplate) lines.push(`  boilerplate ${b.kind} [${b.start}-${b.end}]`);
  for (const w of m.warnings) lines.push(`  warning: ${w}`);
  for (const [i, p] of m.parts.entries()) {
    lines.push(`  part ${i + 1} [${p.start}-${p.end}]: ${p.title ?? '(no title)'} — ${p.outlet ?? 'outlet unknown'}${p.date ? `, ${p.date}` : ''} (${p.paragraphs.length} paragraphs, ${p.wordCount} words)`);
  }
  return lines.join('\n') + '\n';
}

async function analyze(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['format', 'max-size-mb']);
  const format = flags.get('format') ?? 'text';
  if (format !== 'json' && format !== 'text') throw new UsageError(`--format must be json or text, not "${format}"`);
  if (positional.length === 0) throw new UsageError('analyze needs at least one file or folder');
  for (const p of positional) {
    try {
      await fs.stat(p);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
  }
  const ws = new NodeWorkspace(positional);
  const maxMb = flags.has('max-size-mb') ? Number(flags.get('max-size-mb')) : undefined;
  if (maxMb !== undefined && !(maxMb > 0)) throw new UsageError('--max-size-mb must be a positive number');
  const corpus = new Corpus(ws, maxMb ? { maxBytes: maxMb * 1024 * 1024 } : {});
  const entries = await corpus.loadAll();
  for (const e of entries) if (!e.ok) process.stderr.write(`corroborate: skipped ${ws.displayPath(e.uri)}: ${e.reason}\n`);
  if (format === 'json') {
    process.stdout.write(JSON.stringify({ articles: entries.map(e => articleJson(ws.displayPath(e.uri), e)) }, null, 2) + '\n');
  } else {
    for (const e of entries) process.stdout.write(articleText(ws.displayPath(e.uri), e) + '\n');
    process.stdout.write(`${entries.filter(e => e.ok).length} articles, ${entries.filter(e => !e.ok).length} skipped\n`);
  }
  return entries.length > 0 && entries.every(e => !e.ok) ? 1 : 0;
}

async function extract(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['input', 'output'], ['attributions', 'stance']);
  if (positional.length) throw new UsageError(`unexpected argument: ${positional[0]}`);
  const attributions = flags.has('attributions');
  const stance = flags.has('stance');
  const input = flags.get('input');
  const output = flags.get('output');
  if (!input || !output) throw new UsageError('extract needs --input DOCS.jsonl and --output PRED.jsonl');
  try {
    await fs.access(input);
  } catch {
    throw new UsageError(`cannot read --input ${input}`);
  }
  const lines = createInterface({ input: createReadStream(input, 'utf8'), crlfDelay: Infinity });
  const tagger = loadCliTagger('entities are left empty');
  installCliReportedModel();
  // Entities are merged across all the documents of the input (a lone "Trump" in one document is
  // the "Donald Trump" of another), so every document is read before any is written.
  const docs: { id: unknown; text: string; entities: DocumentEntities; quotes: Quote[] }[] = [];
  const index = new EntityIndex(tagger.lexicon);
  let bad = 0;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let doc: { doc_id?: unknown; text?: unknown };
    try {
      doc = JSON.parse(line);
    } catch {
      bad++;
      process.stderr.write(`corroborate: ${input}:${lineNo}: not valid JSON; skipped\n`);
      continue;
    }
    if (typeof doc.text !== 'string' || doc.doc_id === undefined) {
      bad++;
      process.stderr.write(`corroborate: ${input}:${lineNo}: needs "doc_id" and a string "text"; skipped\n`);
      continue;
    }
    const analysis = analyzeArticle(doc.text, { format: 'text' });
    const entities = extractEntities(analysis, tagger); // plain text: offsets are the same
    const quotes = articleQuotes(analysis, entities, { stance });
    index.set(String(docs.length), entities);
    docs.push({ id: doc.doc_id, text: doc.text, entities, quotes });
  }
  const out: NodeJS.WritableStream = output === '-' ? process.stdout : createWriteStream(output);
  for (const d of docs) {
    const entities = d.entities.mentions.map(m => {
      const e = d.entities.entities[m.entity];
      const merged = index.byKey(e.key);
      // A surname mistyped as a place or organisation joins its person (type and name); a name that
      // is an organisation in one context and a place in another keeps the type its document gave it.
      return { start: m.start, end: m.end, type: merged?.type === 'PER' ? 'PER' : m.type, canonical: merged?.canonical ?? e.canonical };
    });
    // speakers by their name merged across the input, like entities, and "the Prime Minister" by
    // the titles other documents give the people this one names
    const merged = speakersThroughCorpus(d.text, d.quotes, d.entities, key => index.byKey(key));
    const quotes = quoteRecords(merged, { attributions, text: d.text });
    const record = { doc_id: d.id, quotes, entities };
    if (!out.write(JSON.stringify(record) + '\n')) await new Promise<void>(r => out.once('drain', () => r()));
  }
  if (out !== process.stdout) await new Promise<void>(resolve => out.end(() => resolve()));
  process.stderr.write(`corroborate: ${docs.length} documents written to ${output}${bad ? `, ${bad} lines skipped` : ''}\n`);
  return bad && !docs.length ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'analyze':
        return await analyze(rest);
      case 'extract':
        return await extract(rest);
      case 'compare':
        return await compareCommand(rest);
      case 'annotations':
        return await annotationsCommand(rest);
      case '--version':
      case '-v':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`corroborate: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`corroborate: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

if (require.main === module) {
  // `corroborate … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', e => {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
