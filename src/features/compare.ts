/**
 * Compare sources in VS Code: the command (palette, editor context menu, Articles title bar) opens
 * the panel, focused on the group under the cursor when there is one; the hover on a quote or claim
 * says in how many other sources it appears and how; "Shared with other sources" per article in the
 * tree. The compare index is updated per changed article, never rebuilt from scratch.
 */
import * as vscode from 'vscode';
import type { CompareGroup, CompareIndex } from '../core/compare';
import { lazyCore } from '../lazyCore';
import type { GroupView, MemberView, Segment } from '../../media/compare/protocol';
import { isArticleDocument } from '../articleDocuments';
import type { Services } from '../services';
import { openArticle } from './articlesTree';
import { ComparePanel, VIEW_TYPE, type PanelData } from './comparePanel';

/** The compare index of the workspace, brought up to date on demand. */
export class CompareService {
  private indexValue: CompareIndex | undefined;
  private readonly versions = new Map<string, string>();
  private running: Promise<CompareGroup[]> | undefined;
  private stale = true;
  private last: CompareGroup[] = [];
  private articles = 0;

  constructor(private readonly services: Services) {}

  /** The index, made on first use (the compare engine loads then). */
  private get index(): CompareIndex {
    return (this.indexValue ??= new (lazyCore.compare().CompareIndex)());
  }

  markStale(): void {
    this.stale = true;
  }

  /** The groups, after indexing what changed since the last call (with progress). */
  groups(): Promise<CompareGroup[]> {
    if (!this.stale && this.running) return this.running;
    this.stale = false;
    this.running = Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Corroborate: comparing sources' }, async progress => {
        const { corpus, workspace } = this.services;
        await this.services.ensureEntityIndex();
        const entries = await corpus.loadAll();
        const seen = new Set<string>();
        let done = 0;
        for (const entry of entries) {
          seen.add(entry.uri);
          progress.report({ message: `${++done}/${entries.length}` });
          if (!entry.ok) {
            if (this.index.has(entry.uri)) this.index.delete(entry.uri);
            continue;
          }
          if (this.versions.get(entry.uri) === entry.version && this.index.has(entry.uri)) continue;
          const [entities, quotes] = await Promise.all([corpus.entities(entry), corpus.quotes(entry)]);
          this.index.set(entry.uri, {
            text: entry.analysis.source,
            model: entry.analysis.model,
            entities,
            quotes,
            canonical: key => corpus.entityIndex.byKey(key)?.canonical,
            file: workspace.displayPath(entry.uri),
          });
          this.versions.set(entry.uri, entry.version);
        }
        for (const uri of [...this.versions.keys()]) {
          if (!seen.has(uri)) {
            this.index.delete(uri);
            this.versions.delete(uri);
          }
        }
        this.articles = entries.filter(e => e.ok).length;
        this.last = this.index.groups();
        return this.last;
      }),
    );
    this.running.catch(() => (this.stale = true));
    return this.running;
  }

  /** The groups computed last (no work). */
  peek(): CompareGroup[] {
    return this.last;
  }

  get articleCount(): number {
    return this.articles;
  }

  /** Groups with a member in `uri` whose span holds `offset` (or any member of `uri` when no offset). */
  groupsAt(uri: string, offset?: number): CompareGroup[] {
    return this.last.filter(g => g.members.some(m => m.uri === uri && (offset === undefined || (m.unitStart <= offset && offset <= m.unitEnd))));
  }
}

/** Splits a member's text into pieces shared with the reference rendering and pieces that differ. */
function segmentsOf(g: CompareGroup, i: number): Segment[] {
  const m = g.members[i];
  const diff = g.diffs.find(d => d.member === i);
  if (i === g.reference || !diff) return [{ text: m.text, op: 'same' }];
  const out: Segment[] = [];
  let at = m.start;
  const push = (end: number, op: Segment['op']) => {
    if (end <= at) return;
    const text = m.text.slice(at - m.start, end - m.start);
    const prev = out[out.length - 1];
    if (prev && prev.op === op) prev.text += text;
    else out.push({ text, op });
    at = end;
  };
  for (const op of [...diff.ops].filter(o => o.op !== 'removed').sort((a, b) => a.start - b.start)) {
    const s = Math.max(m.start, Math.min(op.start, m.end));
    const e = Math.max(s, Math.min(op.end, m.end));
    if (s > at) push(s, 'same');
    at = Math.max(at, s);
    push(e, op.op === 'added' ? 'changed' : 'same');
  }
  push(m.end, 'same');
  return out.length ? out : [{ text: m.text, op: 'same' }];
}

export function toView(services: Services, g: CompareGroup): GroupView {
  const members: MemberView[] = g.members.map((m, i) => {
    const entry = services.corpus.peek(m.uri);
    return {
      uri: m.uri,
      file: m.file,
      title: (entry?.ok && entry.analysis.model.title) || m.file,
      outlet: m.outlet ?? null,
      date: m.date ?? null,
      speaker: m.speaker ?? null,
      start: m.start,
      end: m.end,
      segments: segmentsOf(g, i),
    };
  });
  return { id: g.id, kind: g.kind, relation: g.relation, members, conflicts: g.conflicts.map(c => ({ a: c.a, b: c.b, slot: c.slot, left: c.left, right: c.right, explanation: c.explanation })) };
}

/** "also in 3 other sources (2 reworded, 1 conflict)" */
export function sharedSummary(groups: CompareGroup[], uri: string): string | undefined {
  const others = new Set<string>();
  let reworded = 0;
  let conflicts = 0;
  for (const g of groups) {
    for (const m of g.members) if (m.uri !== uri) others.add(m.uri);
    if (g.relation === 'variant') reworded++;
    if (g.relation === 'conflict') conflicts++;
  }
  if (!others.size) return undefined;
  const parts = [reworded ? `${reworded} reworded` : '', conflicts ? `${conflicts} conflict${conflicts === 1 ? '' : 's'}` : ''].filter(Boolean);
  return `also in ${others.size} other source${others.size === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

class SharedHoverProvider implements vscode.HoverProvider {
  constructor(private readonly compare: CompareService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!vscode.workspace.getConfiguration('corroborate').get<boolean>('hover.enabled', true) || !isArticleDocument(document)) return undefined;
    const uri = document.uri.toString();
    const offset = document.offsetAt(position);
    if (this.compare.peek().length === 0) await this.compare.groups();
    if (token.isCancellationRequested) return undefined;
    const groups = this.compare.groupsAt(uri, offset);
    const summary = sharedSummary(groups, uri);
    if (!summary) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['corroborate.compareSources'] };
    const link = `command:corroborate.compareSources?${encodeURIComponent(JSON.stringify([uri, offset]))}`;
    md.appendMarkdown(`$(references) [${summary.charAt(0).toUpperCase()}${summary.slice(1)}](${link})`);
    for (const c of groups.flatMap(g => g.conflicts)) md.appendMarkdown(`\n\n$(warning) ${c.explanation.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, ch => `\\${ch}`)}`);
    const m = groups[0].members.find(x => x.uri === uri)!;
    return new vscode.Hover(md, new vscode.Range(document.positionAt(m.unitStart), document.positionAt(m.unitEnd)));
  }
}

export function activate(context: vscode.ExtensionContext, services: Services): CompareService {
  const compare = new CompareService(services);
  const load = async (): Promise<PanelData> => {
    const groups = await compare.groups();
    return { groups: groups.map(g => toView(services, g)), articles: compare.articleCount, status: `${compare.articleCount} articles compared.` };
  };
  const open = (uri: string, start: number, end: number) => openArticle(uri, start, end);
  const show = async (target?: vscode.Uri | string, offset?: number) => {
    // from the editor (context menu, palette with an article open): focus the group under the cursor
    let uri = typeof target === 'string' ? target : target?.toString();
    const editor = vscode.window.activeTextEditor;
    if (!uri && editor && isArticleDocument(editor.document)) uri = editor.document.uri.toString();
    if (offset === undefined && editor && uri === editor.document.uri.toString()) offset = editor.document.offsetAt(editor.selection.active);
    const panel = ComparePanel.createOrShow(context.extensionUri, open, load);
    if (uri !== undefined && offset !== undefined) {
      await compare.groups();
      const g = compare.groupsAt(uri, offset)[0];
      if (g) panel.focus(g.id);
    }
    return panel;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand('corroborate.compareSources', async (target?: vscode.Uri | string, offset?: number) => {
      await show(target, offset);
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        ComparePanel.revive(panel, context.extensionUri, open, load);
      },
    }),
    vscode.languages.registerHoverProvider([{ language: 'plaintext' }, { language: 'markdown' }], new SharedHoverProvider(compare)),
    services.onDidChangeArticles(() => {
      compare.markStale();
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void ComparePanel.current?.refresh(), 500);
    }),
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.contentChanges.length && isArticleDocument(e.document)) compare.markStale();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  return compare;
}
