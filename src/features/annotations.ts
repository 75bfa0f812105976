/**
 * The reader's own annotations in VS Code: notes, verification status and speaker corrections on a
 * quote, claim, entity or any selection, shown as comment threads (VS Code's comments API: gutter
 * icon, inline thread) and highlights by status, listed in the "Annotations" view (filterable by
 * status, orphaned ones included), saved beside the articles in W3C Web Annotation files, re-anchored
 * when an article changes. A speaker correction overrides the automatic attribution everywhere the
 * quotes are read (hover, tree, Compare sources).
 */
import * as vscode from 'vscode';
import type { AnnotationStore } from '../core/annotations/store';
import { lazyCore } from '../lazyCore';
import { VERIFICATION_STATUSES, type AnchoredAnnotation, type Annotation, type VerificationStatus } from '../core/annotations/types';
import { VsCodeAnnotationFs } from '../annotationFs';
import { analysisOf, isArticleDocument } from '../articleDocuments';
import type { Services } from '../services';
import type { Decorator } from './decorations';
import { openArticle } from './articlesTree';
import { quoteAt } from './quotes';

const STATUS_LABEL: Record<VerificationStatus, string> = { verified: 'Verified', disputed: 'Disputed', 'needs-checking': 'Needs checking' };
const STATUS_ICON: Record<VerificationStatus, string> = { verified: 'pass', disputed: 'error', 'needs-checking': 'question' };

export interface AnnotationTarget {
  uri: string;
  start: number;
  end: number;
}

/** The annotation store of the first workspace folder, loaded on first use. */
export class AnnotationsService implements vscode.Disposable {
  private store: AnnotationStore | undefined;
  private loading: Promise<AnnotationStore | undefined> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly services: Services) {}

  dispose(): void {
    this.changed.dispose();
  }

  folder(): vscode.Uri | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  /** The article's path relative to the workspace folder, or undefined outside it. */
  articlePath(uri: string): string | undefined {
    const folder = this.folder();
    const u = vscode.Uri.parse(uri);
    if (!folder || u.scheme !== folder.scheme || u.authority !== folder.authority) return undefined;
    const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
    return u.path.startsWith(base) ? u.path.slice(base.length) : undefined;
  }

  uriOf(articlePath: string): string {
    return vscode.Uri.joinPath(this.folder()!, ...articlePath.split('/')).toString();
  }

  ready(): Promise<AnnotationStore | undefined> {
    if (this.store) return Promise.resolve(this.store);
    if (!this.loading) {
      const folder = this.folder();
      if (!folder) return Promise.resolve(undefined);
      const store = new (lazyCore.annotationStore().AnnotationStore)(new VsCodeAnnotationFs(folder), {
        onProblem: p => {
          if (p.kind === 'corrupt') void vscode.window.showWarningMessage(`Corroborate: the annotation file ${p.file} cannot be read (${p.error}); it is kept${p.movedTo ? ` as ${p.movedTo}` : ' as it is'}.`);
          else if (p.kind === 'superseded') this.services.log(`annotation ${p.id}: a change made here lost to a later change made elsewhere`);
          else this.services.log(`annotations: ${p.kind} in ${'file' in p ? p.file : ''}`);
        },
      });
      this.loading = store.loadAll().then(() => {
        this.store = store;
        store.subscribe(() => this.changed.fire());
        this.changed.fire();
        return store;
      });
    }
    return this.loading;
  }

  /** Loaded store or nothing (no work). */
  peek(): AnnotationStore | undefined {
    return this.store;
  }

  /** The annotations of an article anchored on its current text. */
  anchored(uri: string, text: string): AnchoredAnnotation[] {
    const path = this.articlePath(uri);
    return path && this.store ? this.store.anchorAll(path, text) : [];
  }

  async save(): Promise<void> {
    try {
      await this.store?.save();
    } catch (e) {
      void vscode.window.showErrorMessage(`Corroborate: annotations could not be saved (${(e as Error).message}); they are kept and saved again at the next change.`);
    }
  }
}

function statusOf(a: Annotation): VerificationStatus | 'note' {
  return a.status ?? 'note';
}

function bodyOf(a: Annotation): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const esc = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, c => `\\${c}`);
  if (a.status) md.appendMarkdown(`$(${STATUS_ICON[a.status]}) **${STATUS_LABEL[a.status]}**\n\n`);
  if (a.speaker) md.appendMarkdown(`$(person) Speaker corrected to **${esc(a.speaker)}**\n\n`);
  if (a.note) md.appendMarkdown(esc(a.note));
  if (!a.note && !a.status && !a.speaker) md.appendMarkdown('(empty note)');
  return md;
}

/** Comment threads for the annotations of visible articles (recreated when anything changes). */
class Threads implements vscode.Disposable {
  private readonly controller = vscode.comments.createCommentController('corroborate.annotations', 'Corroborate annotations');
  private readonly threads = new Map<string, vscode.CommentThread[]>();

  constructor(private readonly annotations: AnnotationsService) {
    this.controller.options = { prompt: 'Add a note to this passage', placeHolder: 'Your note (saved beside the article)' };
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: doc => (isArticleDocument(doc) && annotations.articlePath(doc.uri.toString()) ? [new vscode.Range(0, 0, Math.max(0, doc.lineCount - 1), 0)] : []),
    };
  }

  dispose(): void {
    for (const ts of this.threads.values()) for (const t of ts) t.dispose();
    this.controller.dispose();
  }

  /** The annotation a thread shows. */
  idOf(thread: vscode.CommentThread): string | undefined {
    for (const ts of this.threads.values()) {
      const t = ts.find(x => x === thread);
      if (t) return (t as vscode.CommentThread & { annotationId?: string }).annotationId;
    }
    return undefined;
  }

  render(doc: vscode.TextDocument): void {
    const uri = doc.uri.toString();
    for (const t of this.threads.get(uri) ?? []) t.dispose();
    const made: vscode.CommentThread[] = [];
    for (const { annotation: a, anchor } of this.annotations.anchored(uri, doc.getText())) {
      if (anchor.state === 'orphaned') continue;
      const range = new vscode.Range(doc.positionAt(anchor.start), doc.positionAt(anchor.end));
      const comment: vscode.Comment = {
        body: bodyOf(a),
        mode: vscode.CommentMode.Preview,
        author: { name: a.creator?.name ?? 'You' },
        label: a.status ? STATUS_LABEL[a.status] : a.speaker ? 'Speaker correction' : 'Note',
        contextValue: 'corroborate.annotation',
        timestamp: new Date(a.modified),
      };
      const thread = this.controller.createCommentThread(doc.uri, range, [comment]) as vscode.CommentThread & { annotationId?: string };
      thread.annotationId = a.id;
      thread.canReply = false;
      thread.contextValue = 'corroborate.annotation';
      thread.label = `${comment.label}${anchor.state === 'fuzzy' ? ' (re-anchored on changed text)' : ''}`;
      thread.collapsibleState = vscode.CommentThreadCollapsibleState.Collapsed;
      made.push(thread);
    }
    this.threads.set(uri, made);
  }

  renderVisible(): void {
    for (const doc of vscode.workspace.textDocuments) if (isArticleDocument(doc) && this.annotations.articlePath(doc.uri.toString())) this.render(doc);
  }
}

type ViewNode = { kind: 'article'; path: string; items: Annotation[] } | { kind: 'annotation'; path: string; annotation: Annotation };

/** The "Annotations" view: every annotation of the workspace by article, filterable by status. */
class AnnotationsView implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  filter: VerificationStatus | 'note' | 'orphaned' | 'all' = 'all';
  private texts = new Map<string, string>();

  constructor(private readonly annotations: AnnotationsService) {}

  dispose(): void {
    this.changed.dispose();
  }

  refresh(): void {
    this.texts.clear();
    this.changed.fire(undefined);
  }

  private async textOf(path: string): Promise<string | undefined> {
    if (this.texts.has(path)) return this.texts.get(path);
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.annotations.uriOf(path)));
      this.texts.set(path, doc.getText());
      return doc.getText();
    } catch {
      return undefined;
    }
  }

  private async state(path: string, a: Annotation) {
    const text = await this.textOf(path);
    const store = this.annotations.peek();
    return text !== undefined && store ? store.anchor(a, text) : undefined;
  }

  async getChildren(node?: ViewNode): Promise<ViewNode[]> {
    const store = await this.annotations.ready();
    if (!store) return [];
    if (!node) {
      const out: ViewNode[] = [];
      for (const path of store.sources().sort()) {
        const items: Annotation[] = [];
        for (const a of store.list(path)) {
          if (this.filter === 'all') items.push(a);
          else if (this.filter === 'orphaned') {
            if ((await this.state(path, a))?.state === 'orphaned') items.push(a);
          } else if (statusOf(a) === this.filter) items.push(a);
        }
        if (items.length) out.push({ kind: 'article', path, items });
      }
      return out;
    }
    return node.kind === 'article' ? node.items.map(annotation => ({ kind: 'annotation', path: node.path, annotation })) : [];
  }

  async getTreeItem(node: ViewNode): Promise<vscode.TreeItem> {
    if (node.kind === 'article') {
      const item = new vscode.TreeItem(node.path, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.items.length);
      item.iconPath = vscode.ThemeIcon.File;
      item.resourceUri = vscode.Uri.parse(this.annotations.uriOf(node.path));
      return item;
    }
    const a = node.annotation;
    const anchor = await this.state(node.path, a);
    const orphaned = !anchor || anchor.state === 'orphaned';
    const label = a.note ?? (a.speaker ? `Speaker: ${a.speaker}` : a.status ? STATUS_LABEL[a.status] : 'Note');
    const item = new vscode.TreeItem(label.length > 80 ? `${label.slice(0, 77)}…` : label, vscode.TreeItemCollapsibleState.None);
    const quote = a.quote.exact.replace(/\s+/g, ' ');
    item.description = `${a.status ? `${STATUS_LABEL[a.status]} · ` : ''}${orphaned ? 'orphaned · ' : ''}“${quote.length > 50 ? `${quote.slice(0, 47)}…` : quote}”`;
    item.tooltip = `${label}\n“${quote}”${orphaned ? '\nOrphaned: the passage is no longer in the article; the annotation is kept.' : ''}`;
    item.iconPath = new vscode.ThemeIcon(orphaned ? 'warning' : a.status ? STATUS_ICON[a.status] : 'note');
    item.id = a.id;
    item.contextValue = 'corroborate.annotationItem';
    if (!orphaned && anchor) item.command = { command: 'corroborate.openArticle', title: 'Open', arguments: [this.annotations.uriOf(node.path), anchor.start, anchor.end] };
    return item;
  }
}

/** The passage an action applies to: the selection, else the quote or entity under the cursor. */
async function targetAtCursor(services: Services): Promise<AnnotationTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isArticleDocument(editor.document)) {
    void vscode.window.showInformationMessage('Corroborate: open an article and select a passage (or put the cursor in a quote).');
    return undefined;
  }
  const doc = editor.document;
  const uri = doc.uri.toString();
  if (!editor.selection.isEmpty) return { uri, start: doc.offsetAt(editor.selection.start), end: doc.offsetAt(editor.selection.end) };
  const offset = doc.offsetAt(editor.selection.active);
  const entry = analysisOf(services, doc);
  const q = quoteAt(await services.corpus.quotes(entry), offset);
  if (q) return { uri, start: q.start, end: q.end };
  try {
    const m = (await services.corpus.entities(entry)).mentions.find(x => x.start <= offset && offset < x.end);
    if (m) return { uri, start: m.start, end: m.end };
  } catch {
    // no entities: the sentence is the passage
  }
  const s = entry.analysis.model.sentences.find(x => x.start <= offset && offset <= x.end);
  return s ? { uri, start: s.start, end: s.end } : undefined;
}

/** Hover on an annotated passage: the reader's note, status and speaker correction. */
class AnnotationHoverProvider implements vscode.HoverProvider {
  constructor(private readonly annotations: AnnotationsService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!vscode.workspace.getConfiguration('corroborate').get<boolean>('hover.enabled', true) || !this.annotations.peek()) return undefined;
    const offset = document.offsetAt(position);
    const hits = this.annotations.anchored(document.uri.toString(), document.getText()).filter(x => x.anchor.state !== 'orphaned' && x.anchor.start <= offset && offset <= x.anchor.end);
    if (!hits.length) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    for (const { annotation } of hits) {
      md.appendMarkdown('$(comment) **Your annotation**\n\n');
      md.appendMarkdown(bodyOf(annotation).value);
      md.appendMarkdown('\n\n');
    }
    const first = hits[0].anchor;
    return new vscode.Hover(md, new vscode.Range(document.positionAt(first.start), document.positionAt(first.end)));
  }
}

/** An article's text for export/import: the open document, else the file. */
async function articleText(annotations: AnnotationsService, source: string): Promise<string | undefined> {
  try {
    return (await vscode.workspace.openTextDocument(vscode.Uri.parse(annotations.uriOf(source)))).getText();
  } catch {
    return undefined;
  }
}

export function activate(context: vscode.ExtensionContext, services: Services, decorator: Decorator): AnnotationsService {
  const annotations = new AnnotationsService(services);
  const threads = new Threads(annotations);
  const view = new AnnotationsView(annotations);
  const me = () => ({ name: (typeof process !== 'undefined' && (process.env.USER || process.env.USERNAME)) || 'You' });

  // the reader's speaker corrections win over the automatic attribution everywhere quotes are read
  services.configureCorpus(corpus => (corpus.quoteFilter = (entry, quotes) => {
    if (!annotations.peek()) return quotes;
    const anchored = annotations.anchored(entry.uri, entry.analysis.source);
    return anchored.some(a => a.annotation.speaker !== undefined) ? lazyCore.speakers().applySpeakerCorrections(quotes, anchored).quotes : quotes;
  }));

  decorator.register({
    kinds: [
      ...VERIFICATION_STATUSES.map(s => ({
        setting: `annotations.${s === 'needs-checking' ? 'needsChecking' : s}`,
        defaultOn: true,
        options: { backgroundColor: new vscode.ThemeColor(`corroborate.annotation.${s === 'needs-checking' ? 'needsChecking' : s}`), overviewRulerColor: new vscode.ThemeColor(`corroborate.annotation.${s === 'needs-checking' ? 'needsChecking' : s}`), overviewRulerLane: vscode.OverviewRulerLane.Right },
      })),
    ],
    async compute(entry) {
      await annotations.ready();
      const out = new Map<string, { start: number; end: number }[]>();
      for (const { annotation: a, anchor } of annotations.anchored(entry.uri, entry.analysis.source)) {
        if (!a.status || anchor.state === 'orphaned') continue;
        const key = `annotations.${a.status === 'needs-checking' ? 'needsChecking' : a.status}`;
        out.set(key, [...(out.get(key) ?? []), anchor]);
      }
      return out;
    },
  });

  const edit = async (target: AnnotationTarget, fields: { note?: string; status?: VerificationStatus; speaker?: string }) => {
    const store = await annotations.ready();
    const path = annotations.articlePath(target.uri);
    if (!store || !path) {
      void vscode.window.showWarningMessage('Corroborate: annotations are kept for articles inside the workspace folder.');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    const text = doc.getText();
    // an annotation already on exactly this passage is updated, else a new one is made
    const same = annotations.anchored(target.uri, text).find(x => x.anchor.state !== 'orphaned' && x.anchor.start === target.start && x.anchor.end === target.end);
    const a = same ? store.update(same.annotation.id, fields) : store.add(path, text, { start: target.start, end: target.end }, { ...fields, creator: me() });
    await annotations.save();
    return a;
  };
  const withTarget = async (args: unknown): Promise<AnnotationTarget | undefined> => {
    const t = args as Partial<AnnotationTarget> | undefined;
    if (t && typeof t.uri === 'string' && typeof t.start === 'number' && typeof t.end === 'number') return { uri: t.uri, start: t.start, end: t.end };
    return targetAtCursor(services);
  };
  const threadOrId = (arg: unknown): string | undefined => {
    if (typeof arg === 'string') return arg;
    if (arg && typeof arg === 'object' && 'annotationId' in arg) return (arg as { annotationId?: string }).annotationId;
    if (arg && typeof arg === 'object' && 'id' in arg && typeof (arg as { id: unknown }).id === 'string') return (arg as { id: string }).id;
    if (arg && typeof arg === 'object' && 'annotation' in arg) return (arg as { annotation: Annotation }).annotation.id;
    return undefined;
  };

  const rerender = () => {
    threads.renderVisible();
    view.refresh();
    decorator.refreshAll();
  };

  context.subscriptions.push(
    annotations,
    threads,
    view,
    annotations.onDidChange(rerender),
    vscode.window.registerTreeDataProvider('corroborate.annotations', view),
    vscode.workspace.onDidOpenTextDocument(doc => {
      if (isArticleDocument(doc) && annotations.articlePath(doc.uri.toString())) void annotations.ready().then(() => threads.render(doc));
    }),
    vscode.workspace.onDidSaveTextDocument(doc => {
      if (annotations.peek() && isArticleDocument(doc)) threads.render(doc);
    }),
    vscode.commands.registerCommand('corroborate.addNote', async (args?: unknown) => {
      const target = await withTarget(args);
      if (!target) return undefined;
      const given = args && typeof (args as { note?: unknown }).note === 'string' ? (args as { note: string }).note : undefined;
      const note = given ?? (await vscode.window.showInputBox({ prompt: 'Your note on this passage', placeHolder: 'e.g. verified against the transcript' }));
      if (note === undefined) return undefined;
      return edit(target, { note });
    }),
    // the reply box of a new comment thread (the "+" in the gutter)
    vscode.commands.registerCommand('corroborate.saveNote', async (reply: vscode.CommentReply) => {
      const doc = await vscode.workspace.openTextDocument(reply.thread.uri);
      const range = reply.thread.range ?? new vscode.Range(0, 0, 0, 0);
      let start = doc.offsetAt(range.start);
      let end = doc.offsetAt(range.end);
      if (start === end) {
        const line = doc.lineAt(range.start.line);
        start = doc.offsetAt(line.range.start);
        end = doc.offsetAt(line.range.end);
      }
      reply.thread.dispose();
      return edit({ uri: reply.thread.uri.toString(), start, end }, { note: reply.text });
    }),
    ...VERIFICATION_STATUSES.map(status =>
      vscode.commands.registerCommand(`corroborate.mark.${status === 'needs-checking' ? 'needsChecking' : status}`, async (args?: unknown) => {
        const target = await withTarget(args);
        return target ? edit(target, { status }) : undefined;
      }),
    ),
    vscode.commands.registerCommand('corroborate.correctSpeaker', async (args?: unknown) => {
      const target = await withTarget(args);
      if (!target) return undefined;
      let speaker = args && typeof (args as { speaker?: unknown }).speaker === 'string' ? (args as { speaker: string }).speaker : undefined;
      if (speaker === undefined) {
        const entry = await services.corpus.load(target.uri);
        const people = entry.ok ? (await services.corpus.entities(entry).catch(() => undefined))?.entities.filter(e => e.type === 'PER').map(e => services.corpus.entityIndex.byKey(e.key)?.canonical ?? e.canonical) ?? [] : [];
        const OTHER = 'Someone else…';
        const pick = await vscode.window.showQuickPick([...new Set(people)].sort().concat(OTHER), { placeHolder: 'Who said this?' });
        if (pick === undefined) return undefined;
        speaker = pick === OTHER ? await vscode.window.showInputBox({ prompt: 'Who said this?' }) : pick;
        if (!speaker) return undefined;
      }
      return edit(target, { speaker });
    }),
    vscode.commands.registerCommand('corroborate.editAnnotation', async (arg?: unknown) => {
      const id = threadOrId(arg);
      const store = await annotations.ready();
      const a = id ? store?.get(id) : undefined;
      if (!store || !a) return;
      const note = await vscode.window.showInputBox({ prompt: 'Edit the note', value: a.note ?? '' });
      if (note === undefined) return;
      store.update(a.id, { note: note || null });
      await annotations.save();
    }),
    vscode.commands.registerCommand('corroborate.removeAnnotation', async (arg?: unknown) => {
      const id = threadOrId(arg);
      const store = await annotations.ready();
      if (!store || !id) return;
      const answer = await vscode.window.showWarningMessage('Remove this annotation?', { modal: true }, 'Remove');
      if (answer !== 'Remove') return;
      store.remove(id);
      await annotations.save();
    }),
    vscode.commands.registerCommand('corroborate.filterAnnotations', async () => {
      const items = [
        { label: 'All', value: 'all' as const },
        ...VERIFICATION_STATUSES.map(s => ({ label: STATUS_LABEL[s], value: s })),
        { label: 'Notes without a status', value: 'note' as const },
        { label: 'Orphaned', value: 'orphaned' as const },
      ];
      const pick = await vscode.window.showQuickPick(items, { placeHolder: 'Show annotations' });
      if (!pick) return;
      view.filter = pick.value;
      void vscode.commands.executeCommand('setContext', 'corroborate.annotationsFiltered', pick.value !== 'all');
      view.refresh();
    }),
    vscode.languages.registerHoverProvider([{ language: 'plaintext' }, { language: 'markdown' }], new AnnotationHoverProvider(annotations)),
    vscode.commands.registerCommand('corroborate.exportAnnotations', async () => {
      const store = await annotations.ready();
      if (!store) return;
      const target = await vscode.window.showSaveDialog({ filters: { 'W3C Web Annotations (JSON-LD)': ['jsonld', 'json'] }, saveLabel: 'Export Annotations' });
      if (!target) return;
      const { collection, summary } = await lazyCore.interop().exportCollection(store, source => articleText(annotations, source));
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`${JSON.stringify(collection, null, 2)}\n`));
      void vscode.window.showInformationMessage(`Corroborate: exported ${summary.annotations} annotation(s) on ${summary.articles} article(s)${summary.orphaned ? `, ${summary.orphaned} orphaned (marked as such)` : ''}.`);
    }),
    vscode.commands.registerCommand('corroborate.importAnnotations', async () => {
      const store = await annotations.ready();
      if (!store) return;
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'W3C Web Annotations (JSON-LD)': ['jsonld', 'json'] }, openLabel: 'Import Annotations' });
      if (!picked?.[0]) return;
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(picked[0])));
      } catch (e) {
        void vscode.window.showErrorMessage(`Corroborate: ${picked[0].fsPath} is not JSON (${(e as Error).message}); nothing was imported.`);
        return;
      }
      const report = await lazyCore.interop().importCollection(store, json, source => articleText(annotations, source));
      await annotations.save();
      const invalid = report.invalid.length ? `; ${report.invalid.length} item(s) could not be imported (first: ${report.invalid[0].error})` : '';
      void vscode.window.showInformationMessage(`Corroborate: ${report.added.length} annotation(s) added, ${report.updated.length} updated, ${report.unchanged.length} already there, ${report.keptLocal.length} kept (newer here)${invalid}.`);
    }),
    vscode.commands.registerCommand('corroborate.openAnnotation', async (arg?: unknown) => {
      const id = threadOrId(arg);
      const store = await annotations.ready();
      const a = id ? store?.get(id) : undefined;
      if (!a) return;
      const uri = annotations.uriOf(a.source);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const anchor = store!.anchor(a, doc.getText());
      await openArticle(uri, anchor.start, anchor.end);
    }),
  );
  return annotations;
}
