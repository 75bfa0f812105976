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
import type { Decorator } from './decorations';
import { ENTITY_KINDS, kindOf } from './entityKinds';

function config() {
  return vscode.workspace.getConfiguration('corroborate');
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

export function activate(context: vscode.ExtensionContext, services: Services, decorator: Decorator): void {
  const view = new EntitiesViewProvider(services);
  decorator.register({
    kinds: ENTITY_KINDS.map(k => ({
      setting: k.setting,
      defaultOn: k.types[0] !== 'QUANTITY',
      options: { borderWidth: '0 0 2px 0', borderStyle: 'solid', borderColor: new vscode.ThemeColor(k.color), rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed },
    })),
    async compute(entry) {
      const doc = await services.corpus.entities(entry);
      const out = new Map<string, { start: number; end: number }[]>();
      for (const m of doc.mentions) {
        // the type voted across the workspace when the index knows the entity
        const kind = kindOf(services.corpus.entityIndex.byKey(doc.entities[m.entity].key)?.type ?? m.type);
        if (!kind) continue;
        const list = out.get(kind.setting) ?? [];
        list.push(m);
        out.set(kind.setting, list);
      }
      return out;
    },
  });
  context.subscriptions.push(
    view,
    vscode.window.registerTreeDataProvider('corroborate.entities', view),
    vscode.languages.registerHoverProvider([{ language: 'plaintext' }, { language: 'markdown' }], new EntityHoverProvider(services)),
    services.onDidChangeArticles(() => view.refresh()),
    services.onDidIndexEntities(() => {
      view.refresh();
      decorator.refreshAll();
    }),
    vscode.commands.registerCommand('corroborate.refreshEntities', () => view.refresh()),
  );
}
