/**
 * The "Articles" view: one node per article (headline; outlet and date as description), ordered by
 * date then name, bundled stories as children. Clicking a node opens the article at its headline.
 */
import * as vscode from 'vscode';
import type { ArticleEntry } from '../core/corpus';
import type { ArticlePart } from '../core/types';
import type { Services } from '../services';
import type { DocumentEntities } from '../core/entities/types';
import { NAMED_KINDS, type EntityKind } from './entityKinds';
import type { Quote } from '../core/quotes/types';
import { quotesBySpeaker } from './quotes';
import type { CompareGroup } from '../core/compare';
import type { AnchoredAnnotation } from '../core/annotations/types';

/** What the tree needs of the reader's annotations. */
export interface ArticleAnnotations {
  anchoredIn(uri: string, text: string): Promise<AnchoredAnnotation[]>;
}

/** What the tree needs of Compare sources (absent until that feature is active). */
export interface SharedSource {
  groupsOf(uri: string): Promise<CompareGroup[]>;
}

export const VIEW_ID = 'corroborate.articles';

/** What a node shows, as plain data (also the extension's API for tests and other extensions). */
export interface ArticleNodeInfo {
  uri: string;
  label: string;
  description: string;
  /** The range selected when the node is opened (the headline, or the lead when there is none). */
  start: number;
  end: number;
  children: ArticleNodeInfo[];
  skipped?: string;
}

type ArticleNode = { kind: 'article'; entry: ArticleEntry; info: ArticleNodeInfo };
type GroupNode = { kind: 'group'; parent: ArticleNode; entityKind: EntityKind; doc: DocumentEntities; entities: number[] };
type Node =
  | ArticleNode
  | { kind: 'part'; parent: Node; part: ArticlePart; index: number; info: ArticleNodeInfo }
  | GroupNode
  | { kind: 'entity'; parent: GroupNode; entity: number }
  | QuotesNode
  | SpeakerNode
  | { kind: 'quote'; parent: SpeakerNode; quote: Quote }
  | SharedNode
  | { kind: 'sharedGroup'; parent: SharedNode; group: CompareGroup }
  | NotesNode
  | { kind: 'note'; parent: NotesNode; item: AnchoredAnnotation };
type NotesNode = { kind: 'notes'; parent: ArticleNode; items: AnchoredAnnotation[] };
type SharedNode = { kind: 'shared'; parent: ArticleNode; groups: CompareGroup[] };
type QuotesNode = { kind: 'quotes'; parent: ArticleNode; speakers: { speaker: string; quotes: Quote[] }[] };
type SpeakerNode = { kind: 'speaker'; parent: QuotesNode; speaker: string; quotes: Quote[] };

function fileName(uri: string): string {
  const path = vscode.Uri.parse(uri).path;
  return path.slice(path.lastIndexOf('/') + 1);
}

function describe(p: ArticlePart): string {
  return [p.outlet, p.date].filter(Boolean).join(' · ');
}

function partInfo(uri: string, p: ArticlePart, fallback: string): ArticleNodeInfo {
  const span = p.titleSpan && p.titleSource !== 'frontmatter' ? p.titleSpan : { start: p.start, end: p.start };
  return { uri, label: p.title ?? fallback, description: describe(p), start: span.start, end: span.end, children: [] };
}

export function nodeInfo(entry: ArticleEntry): ArticleNodeInfo {
  const name = fileName(entry.uri);
  if (!entry.ok) return { uri: entry.uri, label: name, description: `skipped: ${entry.reason}`, start: 0, end: 0, children: [], skipped: entry.reason };
  const m = entry.analysis.model;
  const info = partInfo(entry.uri, m, name);
  info.children = m.parts.map((p, i) => {
    const child = partInfo(entry.uri, p, `Story ${i + 1}`);
    // the page's own story comes first; say so, since it repeats the page's headline
    if (i === 0) child.description = ['lead story', child.description].filter(Boolean).join(' · ');
    return child;
  });
  return info;
}

export class ArticlesTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private loading: Promise<ArticleNode[]> | undefined;

  shared: SharedSource | undefined;
  annotations: ArticleAnnotations | undefined;

  constructor(private readonly services: Services) {}

  dispose(): void {
    this.changed.dispose();
  }

  refresh(): void {
    this.loading = undefined;
    this.changed.fire(undefined);
  }

  /** Loads (or returns) the top-level nodes; long listings report progress in the view. */
  rootNodes(): Promise<ArticleNode[]> {
    if (!this.loading) {
      this.loading = Promise.resolve<ArticleNode[]>(
        vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'Reading articles' }, async () => {
          const entries = await this.services.corpus.loadAll();
          const nodes: ArticleNode[] = entries.map(entry => ({ kind: 'article', entry, info: nodeInfo(entry) }));
          void vscode.commands.executeCommand('setContext', 'corroborate.noArticles', nodes.length === 0);
          return nodes;
        }),
      );
    }
    return this.loading!;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.rootNodes();
    if (node.kind === 'article' && node.entry.ok) {
      const entry = node.entry;
      const parts: Node[] = entry.analysis.model.parts.map((part, index) => ({ kind: 'part', parent: node, part, index, info: node.info.children[index] }));
      let doc: DocumentEntities | undefined;
      try {
        doc = await this.services.corpus.entities(entry);
      } catch (e) {
        this.services.log(`entities unavailable: ${(e as Error).message}`);
      }
      const groups: Node[] = [];
      for (const entityKind of doc ? NAMED_KINDS : []) {
        const entities = doc!.entities.map((_, i) => i).filter(i => entityKind.types.includes(doc!.entities[i].type));
        entities.sort((a, b) => doc!.entities[b].mentions - doc!.entities[a].mentions || (doc!.entities[a].canonical < doc!.entities[b].canonical ? -1 : 1));
        if (entities.length) groups.push({ kind: 'group', parent: node, entityKind, doc: doc!, entities });
      }
      const quoteNodes: Node[] = [];
      try {
        const speakers = quotesBySpeaker(await this.services.corpus.attributedQuotes(entry));
        if (speakers.length) quoteNodes.push({ kind: 'quotes', parent: node, speakers });
      } catch (e) {
        this.services.log(`quotes unavailable: ${(e as Error).message}`);
      }
      const sharedNodes: Node[] = [];
      if (this.shared) {
        try {
          const shared = await this.shared.groupsOf(entry.uri);
          if (shared.length) sharedNodes.push({ kind: 'shared', parent: node, groups: shared });
        } catch (e) {
          this.services.log(`compare unavailable: ${(e as Error).message}`);
        }
      }
      const noteNodes: Node[] = [];
      if (this.annotations) {
        const items = await this.annotations.anchoredIn(entry.uri, entry.analysis.source);
        if (items.length) noteNodes.push({ kind: 'notes', parent: node, items });
      }
      return [...parts, ...noteNodes, ...quoteNodes, ...groups, ...sharedNodes];
    }
    if (node.kind === 'group') return node.entities.map(entity => ({ kind: 'entity', parent: node, entity }));
    if (node.kind === 'quotes') return node.speakers.map(s => ({ kind: 'speaker', parent: node, speaker: s.speaker, quotes: s.quotes }));
    if (node.kind === 'speaker') return node.quotes.map(quote => ({ kind: 'quote', parent: node, quote }));
    if (node.kind === 'shared') return node.groups.map(group => ({ kind: 'sharedGroup', parent: node, group }));
    if (node.kind === 'notes') return node.items.map(item => ({ kind: 'note', parent: node, item }));
    return [];
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'article' ? undefined : node.parent;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'notes') {
      const item = new vscode.TreeItem('Your annotations', vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(node.items.length);
      item.id = `${node.parent.info.uri}#notes`;
      item.iconPath = new vscode.ThemeIcon('comment-discussion');
      return item;
    }
    if (node.kind === 'note') {
      const { annotation: a, anchor } = node.item;
      const label = a.note ?? (a.speaker ? `Speaker: ${a.speaker}` : a.status ?? 'Note');
      const item = new vscode.TreeItem(label.length > 80 ? `${label.slice(0, 77)}…` : label, vscode.TreeItemCollapsibleState.None);
      item.description = [a.status, anchor.state === 'orphaned' ? 'orphaned' : ''].filter(Boolean).join(' · ');
      item.id = `${node.parent.parent.info.uri}#note#${a.id}`;
      item.iconPath = new vscode.ThemeIcon(anchor.state === 'orphaned' ? 'warning' : 'note');
      if (anchor.state !== 'orphaned') item.command = { command: 'corroborate.openArticle', title: 'Open', arguments: [node.parent.parent.info.uri, anchor.start, anchor.end] };
      return item;
    }
    if (node.kind === 'shared') {
      const conflicts = node.groups.filter(g => g.relation === 'conflict').length;
      const item = new vscode.TreeItem('Shared with other sources', vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${node.groups.length}${conflicts ? ` · ${conflicts} conflict${conflicts === 1 ? '' : 's'}` : ''}`;
      item.id = `${node.parent.info.uri}#shared`;
      item.iconPath = new vscode.ThemeIcon('references');
      return item;
    }
    if (node.kind === 'sharedGroup') {
      const g = node.group;
      const uri = node.parent.parent.info.uri;
      const mine = g.members.find(m => m.uri === uri) ?? g.members[0];
      const words = mine.text.replace(/\s+/g, ' ').trim();
      const item = new vscode.TreeItem(words.length > 80 ? `${words.slice(0, 77)}…` : words, vscode.TreeItemCollapsibleState.None);
      const relation = g.relation === 'variant' ? 'reworded' : g.relation;
      item.description = `${g.sources} sources · ${relation}`;
      item.id = `${uri}#shared#${g.id}`;
      item.iconPath = new vscode.ThemeIcon(g.relation === 'conflict' ? 'warning' : g.kind === 'quote' ? 'quote' : 'checklist');
      item.tooltip = g.conflicts.map(c => c.explanation).join('\n') || `${g.kind} found in ${g.sources} sources, ${relation}`;
      item.command = { command: 'corroborate.compareSources', title: 'Compare Sources', arguments: [uri, mine.unitStart] };
      return item;
    }
    if (node.kind === 'quotes') {
      const n = node.speakers.reduce((a, s) => a + s.quotes.length, 0);
      const item = new vscode.TreeItem('Quotes', vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${n} by ${node.speakers.length} speaker${node.speakers.length === 1 ? '' : 's'}`;
      item.id = `${node.parent.info.uri}#quotes`;
      item.iconPath = new vscode.ThemeIcon('quote');
      item.accessibilityInformation = { label: `Quotes: ${item.description}` };
      return item;
    }
    if (node.kind === 'speaker') {
      const item = new vscode.TreeItem(node.speaker, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(node.quotes.length);
      item.id = `${node.parent.parent.info.uri}#quotes#${node.speaker}`;
      item.iconPath = new vscode.ThemeIcon(node.speaker === 'Unattributed' ? 'question' : 'person');
      item.accessibilityInformation = { label: `${node.speaker}: ${node.quotes.length} quote${node.quotes.length === 1 ? '' : 's'}` };
      return item;
    }
    if (node.kind === 'quote') {
      const q = node.quote;
      const uri = node.parent.parent.parent.info.uri;
      const entry = node.parent.parent.parent.entry;
      // the quote's words, from the analysed text (quote offsets are source offsets)
      const plain = entry.ok ? entry.analysis.plain : undefined;
      const words = plain ? plain.text.slice(plain.map.toPlain(q.start), plain.map.toPlain(q.end)).replace(/\s+/g, ' ').trim() : `${q.kind} quote`;
      const item = new vscode.TreeItem(words.length > 80 ? `${words.slice(0, 77)}…` : words, vscode.TreeItemCollapsibleState.None);
      item.description = q.kind === 'reported' ? 'reported' : q.kind;
      item.tooltip = `${words}\n— ${q.speakerText ?? q.speaker ?? 'speaker unknown'}${q.cue ? `, ${q.cue}` : ''}`;
      item.id = `${uri}#quote#${q.start}`;
      item.iconPath = new vscode.ThemeIcon(q.kind === 'reported' ? 'comment' : 'quote');
      item.command = { command: 'corroborate.openArticle', title: 'Open', arguments: [uri, q.start, q.end] };
      return item;
    }
    if (node.kind === 'group') {
      const n = node.entities.length;
      const item = new vscode.TreeItem(node.entityKind.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(n);
      item.id = `${node.parent.info.uri}#${node.entityKind.setting}`;
      item.iconPath = new vscode.ThemeIcon(node.entityKind.icon, new vscode.ThemeColor(node.entityKind.color));
      item.accessibilityInformation = { label: `${node.entityKind.label}: ${n}` };
      return item;
    }
    if (node.kind === 'entity') {
      const de = node.parent.doc.entities[node.entity];
      const name = this.services.corpus.entityIndex.byKey(de.key)?.canonical ?? de.canonical;
      const first = node.parent.doc.mentions.find(m => m.entity === node.entity);
      const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
      item.description = `${de.mentions} mention${de.mentions === 1 ? '' : 's'}`;
      item.id = `${node.parent.parent.info.uri}#${node.parent.entityKind.setting}#${de.key}`;
      item.tooltip = [name, de.aliases.filter(a => a !== name).length ? `Written: ${de.aliases.join(', ')}` : '', de.titles.length ? `Titles: ${de.titles.join(', ')}` : ''].filter(Boolean).join('\n');
      item.command = { command: 'corroborate.openArticle', title: 'Open', arguments: [node.parent.parent.info.uri, first?.start ?? 0, first?.end ?? 0] };
      return item;
    }
    const info = node.info;
    const expandable = node.kind === 'article' ? node.entry.ok : info.children.length > 0;
    const item = new vscode.TreeItem(info.label, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.description = info.description;
    item.id = node.kind === 'article' ? info.uri : `${info.uri}#part${node.index}`;
    item.resourceUri = vscode.Uri.parse(info.uri);
    item.command = { command: 'corroborate.openArticle', title: 'Open Article', arguments: [info.uri, info.start, info.end] };
    if (node.kind === 'article' && !node.entry.ok) {
      item.iconPath = new vscode.ThemeIcon('warning');
      item.tooltip = `${this.services.workspace.displayPath(info.uri)}\nSkipped: ${info.skipped}`;
      item.contextValue = 'corroborate.skippedArticle';
      return item;
    }
    item.iconPath = new vscode.ThemeIcon(node.kind === 'article' ? 'file-text' : 'symbol-file');
    item.contextValue = node.kind === 'article' ? 'corroborate.article' : 'corroborate.articlePart';
    const part = node.kind === 'article' ? (node.entry.ok ? node.entry.analysis.model : undefined) : node.part;
    const md = new vscode.MarkdownString();
    md.appendText(info.label);
    md.appendMarkdown('\n\n');
    md.appendText(`${this.services.workspace.displayPath(info.uri)}`);
    if (part) {
      md.appendMarkdown('\n\n');
      md.appendText(`${part.wordCount.toLocaleString('en')} words · ${part.date ?? 'no date'}${part.outlet ? ` · ${part.outlet}` : ''}`);
      if (node.kind === 'article' && node.entry.ok) {
        const m = node.entry.analysis.model;
        if (m.parts.length) md.appendText(`\n${m.parts.length} stories on this page`);
        for (const w of m.warnings) md.appendText(`\n⚠ ${w}`);
      }
    }
    item.tooltip = md;
    item.accessibilityInformation = { label: `${info.label}${info.description ? `, ${info.description}` : ''}`, role: 'treeitem' };
    return item;
  }
}

export async function openArticle(uri: string, start = 0, end = start): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const range = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
  const editor = await vscode.window.showTextDocument(doc, { preview: true, selection: new vscode.Selection(range.start, range.end) });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

export function activate(context: vscode.ExtensionContext, services: Services): { getArticles(): Promise<ArticleNodeInfo[]>; provider: ArticlesTreeProvider } {
  const provider = new ArticlesTreeProvider(services);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    provider,
    view,
    services.onDidChangeArticles(() => provider.refresh()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => provider.refresh()),
    vscode.commands.registerCommand('corroborate.refreshArticles', () => provider.refresh()),
    vscode.commands.registerCommand('corroborate.openArticle', (uri: string, start?: number, end?: number) => openArticle(uri, start ?? 0, end ?? start ?? 0)),
  );
  return {
    async getArticles() {
      return (await provider.rootNodes()).map(n => n.info);
    },
    provider,
  };
}
