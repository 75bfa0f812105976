/**
 * Entities in the editor: one decoration type per kind (people, organisations, places, dates,
 * money, percentages, quantities) in theme colours, each toggled by a setting and a command; a
 * hover on a mention with the canonical name, type, aliases, mentions here and the other articles
 * that mention it; and the corpus-level "Entities" view.
 */
import * as vscode from 'vscode';
import type { LoadedArticle } from '../core/corpus';
import type { CorpusEntity } from '../core/entities/corpusIndex';
import type { DocumentEntities, EntityMention } from '../core/entities/types';
import { analysisOf, fileName, isArticleDocument, openLink } from '../articleDocuments';
import type { Services } from '../services';
import { ENTITY_KINDS, kindOf, type EntityKind } from './entityKinds';

/** Above this many characters only the visible lines (± a margin) are decorated. */
const VIEWPORT_THRESHOLD = 200_000;
const VIEWPORT_MARGIN_LINES = 100;

function config() {
  return vscode.workspace.getConfiguration('corroborate');
}

function kindEnabled(kind: EntityKind): boolean {
  return config().get<boolean>('decorations.enabled', true) && config().get<boolean>(`decorations.${kind.setting}`, kind.types[0] !== 'QUANTITY');
}

async function updateContextKeys(): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'corroborate.decorations.enabled', config().get<boolean>('decorations.enabled', true));
  for (const k of ENTITY_KINDS) await vscode.commands.executeCommand('setContext', `corroborate.decorations.${k.setting}`, kindEnabled(k));
}

class EntityDecorator implements vscode.Disposable {
  private types = new Map<EntityKind, vscode.TextEditorDecorationType>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly services: Services) {
    this.createTypes();
  }

  private createTypes(): void {
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
    for (const k of ENTITY_KINDS) {
      const color = new vscode.ThemeColor(k.color);
      this.types.set(k, vscode.window.createTextEditorDecorationType({
        borderWidth: '0 0 2px 0',
        borderStyle: 'solid',
        borderColor: color,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }));
    }
  }

  /** Theme changed: decoration types are made anew (as CSpell does), then everything is redrawn. */
  resetTypes(): void {
    this.createTypes();
    this.refreshAll();
  }

  dispose(): void {
    for (const t of this.types.values()) t.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
  }

  refreshAll(): void {
    for (const e of vscode.window.visibleTextEditors) void this.refresh(e);
  }

  schedule(editor: vscode.TextEditor, delay: number): void {
    const key = editor.document.uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.refresh(editor);
    }, delay));
  }

  async refresh(editor: vscode.TextEditor): Promise<void> {
    const doc = editor.document;
    if (!isArticleDocument(doc)) return;
    const version = doc.version;
    const anyOn = ENTITY_KINDS.some(kindEnabled);
    let entities: DocumentEntities | undefined;
    if (anyOn) {
      try {
        entities = await this.services.corpus.entities(analysisOf(this.services, doc));
      } catch (e) {
        this.services.log(`entities unavailable: ${(e as Error).message}`);
        return;
      }
    }
    if (doc.version !== version || doc.isClosed) return; // a newer refresh will come
    let window: vscode.Range | undefined;
    if (doc.getText().length > VIEWPORT_THRESHOLD && editor.visibleRanges.length) {
      const first = editor.visibleRanges[0].start.line;
      const last = editor.visibleRanges[editor.visibleRanges.length - 1].end.line;
      window = new vscode.Range(Math.max(0, first - VIEWPORT_MARGIN_LINES), 0, Math.min(doc.lineCount - 1, last + VIEWPORT_MARGIN_LINES), 0);
    }
    const byKind = new Map<EntityKind, vscode.DecorationOptions[]>();
    for (const m of entities?.mentions ?? []) {
      // the type voted across the corpus when the index knows the entity
      const kind = kindOf(this.services.corpus.entityIndex.byKey(entities!.entities[m.entity].key)?.type ?? m.type);
      if (!kind || !kindEnabled(kind)) continue;
      const range = new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end));
      if (window && !window.intersection(range)) continue;
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = []));
      list.push({ range });
    }
    for (const [kind, type] of this.types) editor.setDecorations(type, byKind.get(kind) ?? []);
  }
}

/** The first mention of a corpus entity in an article whose entities are computed. */
function firstMentionIn(services: Services, uri: string, entity: CorpusEntity): EntityMention | undefined {
  const entry = services.corpus.peek(uri);
  if (!entry?.ok) return undefined;
  const doc = services.corpus.peekEntities(entry);
  if (!doc) return undefined;
  return doc.mentions.find(m => services.corpus.entityIndex.byKey(doc.entities[m.entity].key) === entity);
}

function articleTitle(services: Services, uri: string): string {
  const entry = services.corpus.peek(uri);
  return (entry?.ok && entry.analysis.model.title) || fileName(uri);
}

const esc = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, c => `\\${c}`);

/** Hover text for a mention: who or what it is, and where else it appears. */
export function entityHoverMarkdown(services: Services, entry: LoadedArticle, doc: DocumentEntities, mention: EntityMention): vscode.MarkdownString {
  const de = doc.entities[mention.entity];
  const ce = services.corpus.entityIndex.byKey(de.key);
  const kind = kindOf(ce?.type ?? de.type);
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['corroborate.openArticle'] };
  md.supportHtml = false;
  md.appendMarkdown(`$(${kind?.icon ?? 'symbol-misc'}) **${esc(ce?.canonical ?? de.canonical)}** — ${kind?.singular ?? de.type}\n\n`);
  const aliases = (ce?.aliases ?? de.aliases).filter(a => a !== (ce?.canonical ?? de.canonical));
  if (aliases.length) md.appendMarkdown(`Also written: ${aliases.slice(0, 8).map(esc).join(', ')}${aliases.length > 8 ? ', …' : ''}\n\n`);
  const titles = ce?.titles ?? de.titles;
  if (titles.length) md.appendMarkdown(`Titles: ${titles.slice(0, 6).map(esc).join(', ')}\n\n`);
  if (mention.text !== (ce?.canonical ?? de.canonical)) md.appendMarkdown(`Written here as “${esc(mention.text)}”${mention.title ? ` (${esc(mention.title)})` : ''}\n\n`);
  md.appendMarkdown(`${de.mentions} mention${de.mentions === 1 ? '' : 's'} in this article`);
  const others = ce ? [...ce.articles.entries()].filter(([u]) => u !== entry.uri) : [];
  if (others.length) {
    md.appendMarkdown(`\n\nAlso in ${others.length} other article${others.length === 1 ? '' : 's'}:\n`);
    for (const [uri, n] of others.sort((a, b) => b[1] - a[1]).slice(0, 10)) {
      const first = ce && firstMentionIn(services, uri, ce);
      md.appendMarkdown(`\n- [${esc(articleTitle(services, uri))}](${openLink(uri, first?.start ?? 0, first?.end ?? 0)}) — ${n} mention${n === 1 ? '' : 's'}`);
    }
    if (others.length > 10) md.appendMarkdown(`\n- … and ${others.length - 10} more`);
  } else if (ce) {
    md.appendMarkdown('\n\nNo other article mentions it.');
  }
  return md;
}

class EntityHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!config().get<boolean>('hover.enabled', true) || !isArticleDocument(document)) return undefined;
    const entry = analysisOf(this.services, document);
    let doc: DocumentEntities;
    try {
      doc = await this.services.corpus.entities(entry);
    } catch {
      return undefined;
    }
    if (token.isCancellationRequested) return undefined;
    const offset = document.offsetAt(position);
    const mention = doc.mentions.find(m => m.start <= offset && offset < m.end);
    if (!mention || !kindOf(mention.type)) return undefined;
    // other articles: the corpus index must know them all
    await this.services.ensureEntityIndex();
    if (token.isCancellationRequested) return undefined;
    return new vscode.Hover(entityHoverMarkdown(this.services, entry, doc, mention), new vscode.Range(document.positionAt(mention.start), document.positionAt(mention.end)));
  }
}

type EntityNode = { kind: 'entity'; entity: CorpusEntity } | { kind: 'article'; entity: CorpusEntity; uri: string; count: number };

/** The corpus-level "Entities" view: people, organisations and places by number of articles. */
class EntitiesViewProvider implements vscode.TreeDataProvider<EntityNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EntityNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly services: Services) {}

  dispose(): void {
    this.changed.dispose();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: EntityNode): Promise<EntityNode[]> {
    if (!node) {
      await this.services.ensureEntityIndex();
      return this.services.corpus.entityIndex
        .all()
        .filter(e => e.type === 'PER' || e.type === 'ORG' || e.type === 'LOC')
        .map(entity => ({ kind: 'entity', entity }));
    }
    if (node.kind === 'entity') {
      return [...node.entity.articles.entries()].sort((a, b) => b[1] - a[1]).map(([uri, count]) => ({ kind: 'article', entity: node.entity, uri, count }));
    }
    return [];
  }

  getTreeItem(node: EntityNode): vscode.TreeItem {
    if (node.kind === 'entity') {
      const e = node.entity;
      const item = new vscode.TreeItem(e.canonical, vscode.TreeItemCollapsibleState.Collapsed);
      const n = e.articles.size;
      item.description = `${n} article${n === 1 ? '' : 's'} · ${e.mentions} mention${e.mentions === 1 ? '' : 's'}`;
      const kind = kindOf(e.type);
      item.iconPath = new vscode.ThemeIcon(kind?.icon ?? 'symbol-misc', kind ? new vscode.ThemeColor(kind.color) : undefined);
      item.id = `entity:${e.id}`;
      item.contextValue = 'corroborate.entity';
      const aliases = e.aliases.filter(a => a !== e.canonical);
      item.tooltip = `${e.canonical} (${kind?.singular ?? e.type})${aliases.length ? `\nAlso written: ${aliases.join(', ')}` : ''}${e.titles.length ? `\nTitles: ${e.titles.join(', ')}` : ''}`;
      item.accessibilityInformation = { label: `${e.canonical}, ${kind?.singular ?? e.type}, ${item.description}` };
      return item;
    }
    const first = firstMentionIn(this.services, node.uri, node.entity);
    const item = new vscode.TreeItem(articleTitle(this.services, node.uri), vscode.TreeItemCollapsibleState.None);
    item.description = `${node.count} mention${node.count === 1 ? '' : 's'}`;
    item.id = `entity:${node.entity.id}:${node.uri}`;
    item.resourceUri = vscode.Uri.parse(node.uri);
    item.iconPath = new vscode.ThemeIcon('file-text');
    item.command = { command: 'corroborate.openArticle', title: 'Open', arguments: [node.uri, first?.start ?? 0, first?.end ?? 0] };
    return item;
  }
}

export function activate(context: vscode.ExtensionContext, services: Services): { decorator: { refreshAll(): void } } {
  const decorator = new EntityDecorator(services);
  const view = new EntitiesViewProvider(services);
  const selector: vscode.DocumentSelector = [{ language: 'plaintext' }, { language: 'markdown' }];
  const toggle = async (setting: string, current: boolean) => {
    await config().update(setting, !current, vscode.ConfigurationTarget.Global);
  };
  context.subscriptions.push(
    decorator,
    view,
    vscode.window.registerTreeDataProvider('corroborate.entities', view),
    vscode.languages.registerHoverProvider(selector, new EntityHoverProvider(services)),
    vscode.window.onDidChangeVisibleTextEditors(() => decorator.refreshAll()),
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.contentChanges.length === 0) return;
      for (const ed of vscode.window.visibleTextEditors) if (ed.document === e.document) decorator.schedule(ed, 300);
    }),
    vscode.window.onDidChangeTextEditorVisibleRanges(e => {
      if (e.textEditor.document.getText().length > VIEWPORT_THRESHOLD) decorator.schedule(e.textEditor, 100);
    }),
    vscode.window.onDidChangeActiveColorTheme(() => decorator.resetTypes()),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('corroborate.decorations')) {
        void updateContextKeys();
        decorator.refreshAll();
      }
    }),
    services.onDidChangeArticles(() => view.refresh()),
    services.onDidIndexEntities(() => view.refresh()),
    vscode.commands.registerCommand('corroborate.toggleDecorations', () => toggle('decorations.enabled', config().get<boolean>('decorations.enabled', true))),
    vscode.commands.registerCommand('corroborate.refreshEntities', () => view.refresh()),
    ...ENTITY_KINDS.map(k => vscode.commands.registerCommand(`corroborate.toggle.${k.setting}`, () => toggle(`decorations.${k.setting}`, config().get<boolean>(`decorations.${k.setting}`, k.types[0] !== 'QUANTITY')))),
  );
  void updateContextKeys();
  decorator.refreshAll();
  return { decorator };
}
