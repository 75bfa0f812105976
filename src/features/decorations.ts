/**
 * One decorator for every kind of highlight: visible editors only, one decoration type per kind
 * (each toggled by its own setting, mirrored as a context key), theme colours by id, types made
 * anew on theme change, and above a size threshold only the visible lines (± a margin) decorated
 * and redrawn on scroll. Feature modules register layers: what to highlight in an article.
 */
import * as vscode from 'vscode';
import type { LoadedArticle } from '../core/corpus';
import { analysisOf, isArticleDocument } from '../articleDocuments';
import type { Services } from '../services';

/** Above this many characters (setting `corroborate.decorations.visibleLinesOnlyAbove`) only the visible lines (± a margin) are decorated. */
const VIEWPORT_THRESHOLD = 200_000;
const VIEWPORT_MARGIN_LINES = 100;

/** Is the document big enough that only its visible lines are decorated? (Its length, without copying its text.) */
function viewportOnly(doc: vscode.TextDocument): boolean {
  const threshold = config().get<number>('decorations.visibleLinesOnlyAbove', VIEWPORT_THRESHOLD);
  return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end) > threshold;
}

export interface DecorationKind {
  /** `corroborate.decorations.<setting>`, also the context key of that name. */
  setting: string;
  defaultOn: boolean;
  options: vscode.DecorationRenderOptions;
}

export interface DecorationLayer {
  kinds: DecorationKind[];
  /** Ranges (offsets into the document) per kind setting. */
  compute(entry: LoadedArticle): Promise<Map<string, { start: number; end: number }[]>>;
}

function config() {
  return vscode.workspace.getConfiguration('corroborate');
}

function toggle(setting: string, defaultOn: boolean): Thenable<void> {
  return config().update(setting, !config().get<boolean>(setting, defaultOn), vscode.ConfigurationTarget.Global);
}

export function kindEnabled(kind: DecorationKind): boolean {
  return config().get<boolean>('decorations.enabled', true) && config().get<boolean>(`decorations.${kind.setting}`, kind.defaultOn);
}

export class Decorator implements vscode.Disposable {
  private readonly layers: DecorationLayer[] = [];
  private readonly types = new Map<DecorationKind, vscode.TextEditorDecorationType>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  /** What the last refresh of each document's editor drew, per kind setting (for tests and the API). */
  private readonly drawn = new Map<string, Map<string, vscode.Range[]>>();

  constructor(private readonly services: Services) {
    const refreshLater = (e: vscode.TextEditor, delay: number) => this.schedule(e, delay);
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      vscode.workspace.onDidChangeTextDocument(e => {
        if (e.contentChanges.length === 0) return;
        for (const ed of vscode.window.visibleTextEditors) if (ed.document === e.document) refreshLater(ed, 300);
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges(e => {
        if (viewportOnly(e.textEditor.document)) refreshLater(e.textEditor, 100);
      }),
      vscode.window.onDidChangeActiveColorTheme(() => this.resetTypes()),
      vscode.workspace.onDidCloseTextDocument(d => this.drawn.delete(d.uri.toString())),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('corroborate.decorations')) {
          void this.updateContextKeys();
          this.refreshAll();
        }
      }),
    );
  }

  register(layer: DecorationLayer): void {
    this.layers.push(layer);
    for (const k of layer.kinds) {
      this.types.set(k, vscode.window.createTextEditorDecorationType(k.options));
      this.disposables.push(vscode.commands.registerCommand(`corroborate.toggle.${k.setting}`, () => toggle(`decorations.${k.setting}`, k.defaultOn)));
    }
    void this.updateContextKeys();
    // on the next turn: layers register during activation, which then does not wait for (nor load,
    // see lazyCore.ts) the analysis of an article already open
    const t = setTimeout(() => this.refreshAll(), 0);
    this.disposables.push({ dispose: () => clearTimeout(t) });
  }

  /** The kinds of every layer, for toggle commands. */
  allKinds(): DecorationKind[] {
    return this.layers.flatMap(l => l.kinds);
  }

  async updateContextKeys(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'corroborate.decorations.enabled', config().get<boolean>('decorations.enabled', true));
    for (const k of this.allKinds()) await vscode.commands.executeCommand('setContext', `corroborate.decorations.${k.setting}`, kindEnabled(k));
  }

  /** Theme changed: decoration types are made anew, then everything is redrawn. */
  private resetTypes(): void {
    for (const [k, t] of this.types) {
      t.dispose();
      this.types.set(k, vscode.window.createTextEditorDecorationType(k.options));
    }
    this.refreshAll();
  }

  dispose(): void {
    for (const t of this.types.values()) t.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }

  /** The highlights last drawn in the editor of `uri`, per kind setting (`people`, `quotes`…). */
  drawnIn(uri: vscode.Uri): ReadonlyMap<string, readonly vscode.Range[]> {
    return this.drawn.get(uri.toString()) ?? new Map();
  }

  refreshAll(): void {
    for (const e of vscode.window.visibleTextEditors) void this.refresh(e);
  }

  private schedule(editor: vscode.TextEditor, delay: number): void {
    const key = editor.document.uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.refresh(editor);
    }, delay));
  }

  /** Redraws one editor; keeps the old highlights until the new ones are ready (no flashing). */
  async refresh(editor: vscode.TextEditor): Promise<void> {
    const doc = editor.document;
    // (a refresh scheduled before the editor closed must not analyse the closed document again)
    if (doc.isClosed || !isArticleDocument(doc) || this.layers.length === 0) return;
    const version = doc.version;
    // the worker starts on entities and quotes while this thread builds the article model
    const entry = analysisOf(this.services, doc, { prefetch: this.layers.some(l => l.kinds.some(kindEnabled)) });
    const ranges = new Map<string, { start: number; end: number }[]>();
    for (const layer of this.layers) {
      if (!layer.kinds.some(kindEnabled)) continue;
      try {
        for (const [k, v] of await layer.compute(entry)) ranges.set(k, v);
      } catch (e) {
        this.services.log(`highlights unavailable: ${(e as Error).message}`);
      }
    }
    if (doc.version !== version || doc.isClosed) return; // a newer refresh follows
    // offsets of the lines drawn: all, or the visible ones ± a margin
    let from = 0;
    let to = Infinity;
    if (editor.visibleRanges.length && viewportOnly(doc)) {
      const first = editor.visibleRanges[0].start.line;
      const last = editor.visibleRanges[editor.visibleRanges.length - 1].end.line;
      from = doc.offsetAt(new vscode.Position(Math.max(0, first - VIEWPORT_MARGIN_LINES), 0));
      to = doc.offsetAt(doc.lineAt(Math.min(doc.lineCount - 1, last + VIEWPORT_MARGIN_LINES)).range.end);
    }
    const drawn = new Map<string, vscode.Range[]>();
    for (const [kind, type] of this.types) {
      const list: vscode.DecorationOptions[] = [];
      if (kindEnabled(kind)) {
        for (const r of ranges.get(kind.setting) ?? []) {
          if (r.end < from || r.start > to) continue;
          list.push({ range: new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)) });
        }
      }
      editor.setDecorations(type, list);
      drawn.set(kind.setting, list.map(o => o.range));
    }
    this.drawn.set(doc.uri.toString(), drawn);
  }
}

export function activate(context: vscode.ExtensionContext, services: Services): Decorator {
  const decorator = new Decorator(services);
  context.subscriptions.push(
    decorator,
    vscode.commands.registerCommand('corroborate.toggleDecorations', () => toggle('decorations.enabled', true)),
  );
  return decorator;
}
