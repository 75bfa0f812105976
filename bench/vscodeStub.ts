/**
 * A stand-in `vscode` module for the benchmarks: enough of the API for the extension to activate
 * and for the decorator to run, with files read from disk and every UI call a no-op. Measures the
 * extension's own work, not VS Code's. `installVscodeStub()` must run before any bundle that
 * requires `vscode` is loaded.
 */
import { readFileSync, statSync } from 'node:fs';
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  static from(...ds: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => ds.forEach(d => d.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.listeners.push(l);
    return new Disposable(() => (this.listeners = this.listeners.filter(x => x !== l)));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Uri {
  private constructor(readonly scheme: string, readonly path: string) {}
  get fsPath(): string {
    return this.path;
  }
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static parse(s: string): Uri {
    const m = /^([a-z][\w+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(s);
    return m ? new Uri(m[1], decodeURIComponent(m[2])) : new Uri('file', s);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, [base.path.replace(/\/$/, ''), ...parts].join('/'));
  }
  with(change: { scheme?: string; path?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path);
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

class Position {
  constructor(readonly line: number, readonly character: number) {}
  isBefore(o: Position): boolean {
    return this.line < o.line || (this.line === o.line && this.character < o.character);
  }
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    if (typeof a === 'number') {
      this.start = new Position(a, b as number);
      this.end = new Position(c!, d!);
    } else {
      this.start = a;
      this.end = b as Position;
    }
  }
  intersection(o: Range): Range | undefined {
    const start = this.start.isBefore(o.start) ? o.start : this.start;
    const end = this.end.isBefore(o.end) ? this.end : o.end;
    return end.isBefore(start) ? undefined : new Range(start, end);
  }
}

class Selection extends Range {}

/** Anything else: a callable, constructible object whose members are more of the same. */
function anything(): unknown {
  const fn = function () {
    return new Disposable();
  };
  return new Proxy(fn, {
    get: (_t, p) => (p === 'then' ? undefined : p === Symbol.iterator ? undefined : anything()),
    apply: () => new Disposable(),
    construct: () => anything() as object,
  });
}

const event = () => (_l: Listener<unknown>) => new Disposable();

/** Recorded `setDecorations` calls, for the edit-to-decoration benchmark. */
export const decorationCalls: { count: number } = { count: 0 };

export interface StubEditor {
  document: StubDocument;
  visibleRanges: Range[];
  setDecorations(type: unknown, ranges: unknown[]): void;
}

/** A text document: text, version, line index (positionAt as VS Code computes it). */
export class StubDocument {
  private lineStarts: number[] = [0];
  isClosed = false;
  readonly languageId: string;
  constructor(readonly uri: Uri, private text: string, public version = 1) {
    this.languageId = /\.md$/.test(uri.path) ? 'markdown' : 'plaintext';
    this.index();
  }
  private index(): void {
    this.lineStarts = [0];
    for (let i = 0; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || (c === 13 && this.text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }
  /** Replaces the text (an edit), bumping the version. */
  edit(text: string): void {
    this.text = text;
    this.version++;
    this.index();
  }
  getText(): string {
    return this.text;
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return new Position(lo, o - this.lineStarts[lo]);
  }
  offsetAt(p: Position): number {
    return Math.min(this.text.length, (this.lineStarts[p.line] ?? this.text.length) + p.character);
  }
}

export function stubEditor(document: StubDocument): StubEditor {
  return {
    document,
    visibleRanges: [],
    setDecorations: () => {
      decorationCalls.count++;
    },
  };
}

export const visibleTextEditors: StubEditor[] = [];

function readFile(uri: Uri): Promise<Uint8Array> {
  return Promise.resolve(new Uint8Array(readFileSync(uri.fsPath)));
}

export function makeVscodeStub(): Record<string, unknown> {
  const configuration = { get: (_k: string, d?: unknown) => d, has: () => false, inspect: () => undefined, update: () => Promise.resolve() };
  const enums = new Proxy({}, { get: (_t, p) => (typeof p === 'string' ? p.length : 0) });
  return {
    Disposable,
    EventEmitter,
    Uri,
    Position,
    Range,
    Selection,
    ThemeColor: class { constructor(readonly id: string) {} },
    ThemeIcon: Object.assign(class { constructor(readonly id: string) {} }, { File: {}, Folder: {} }),
    TreeItem: class { constructor(readonly label: unknown, readonly collapsibleState?: number) {} },
    MarkdownString: class { value = ''; appendMarkdown(s: string) { this.value += s; return this; } appendText(s: string) { this.value += s; return this; } },
    Hover: class { constructor(readonly contents: unknown, readonly range?: Range) {} },
    CancellationTokenSource: class { token = { isCancellationRequested: false, onCancellationRequested: event() }; cancel() {} dispose() {} },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    DecorationRangeBehavior: { OpenOpen: 0, ClosedClosed: 1, OpenClosed: 2, ClosedOpen: 3 },
    OverviewRulerLane: { Left: 1, Center: 2, Right: 4, Full: 7 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    TextEditorRevealType: enums,
    CommentMode: { Editing: 0, Preview: 1 },
    CommentThreadCollapsibleState: { Collapsed: 0, Expanded: 1 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    commands: {
      registerCommand: () => new Disposable(),
      executeCommand: () => Promise.resolve(undefined),
    },
    languages: new Proxy({}, { get: () => () => new Disposable() }),
    comments: { createCommentController: () => anything() },
    env: { language: 'en', appName: 'bench', uiKind: 1 },
    extensions: { getExtension: () => undefined },
    window: {
      visibleTextEditors,
      activeTextEditor: undefined,
      createOutputChannel: () => ({ info() {}, warn() {}, error() {}, debug() {}, trace() {}, appendLine() {}, append() {}, show() {}, dispose() {} }),
      createTextEditorDecorationType: () => new Disposable(),
      createTreeView: () => anything(),
      createWebviewPanel: () => anything(),
      createStatusBarItem: () => anything(),
      registerTreeDataProvider: () => new Disposable(),
      registerWebviewPanelSerializer: () => new Disposable(),
      registerWebviewViewProvider: () => new Disposable(),
      registerFileDecorationProvider: () => new Disposable(),
      withProgress: (_o: unknown, task: (p: { report(): void }, t: unknown) => unknown) => Promise.resolve(task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: event() })),
      showInformationMessage: () => Promise.resolve(undefined),
      showWarningMessage: () => Promise.resolve(undefined),
      showErrorMessage: () => Promise.resolve(undefined),
      onDidChangeActiveTextEditor: event(),
      onDidChangeVisibleTextEditors: event(),
      onDidChangeTextEditorVisibleRanges: event(),
      onDidChangeTextEditorSelection: event(),
      onDidChangeActiveColorTheme: event(),
    },
    workspace: {
      workspaceFolders: undefined,
      textDocuments: [],
      isTrusted: true,
      getConfiguration: () => configuration,
      findFiles: () => Promise.resolve([]),
      createFileSystemWatcher: () => ({ onDidCreate: event(), onDidChange: event(), onDidDelete: event(), dispose() {} }),
      asRelativePath: (u: Uri | string) => (typeof u === 'string' ? u : u.path),
      openTextDocument: () => Promise.reject(new Error('no documents in the benchmark')),
      fs: {
        readFile,
        stat: (u: Uri) => {
          const s = statSync(u.fsPath);
          return Promise.resolve({ type: s.isDirectory() ? 2 : 1, size: s.size, mtime: s.mtimeMs, ctime: s.ctimeMs });
        },
        writeFile: () => Promise.resolve(),
        createDirectory: () => Promise.resolve(),
        readDirectory: () => Promise.resolve([]),
        delete: () => Promise.resolve(),
        rename: () => Promise.resolve(),
      },
      onDidChangeTextDocument: event(),
      onDidOpenTextDocument: event(),
      onDidCloseTextDocument: event(),
      onDidSaveTextDocument: event(),
      onDidChangeConfiguration: event(),
      onDidChangeWorkspaceFolders: event(),
      onDidCreateFiles: event(),
      onDidDeleteFiles: event(),
      onDidRenameFiles: event(),
      onDidGrantWorkspaceTrust: event(),
    },
  };
}

let installed: Record<string, unknown> | undefined;

/** Makes `require('vscode')` return the stub from now on. */
export function installVscodeStub(): Record<string, unknown> {
  if (installed) return installed;
  const stub = makeVscodeStub();
  const M = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = M._load;
  M._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === 'vscode') return stub;
    return load.call(this, request, parent, isMain);
  };
  installed = stub;
  return stub;
}

/** An extension context whose extension lives at `root`. */
export function stubContext(root: string): { subscriptions: { dispose(): unknown }[]; extensionUri: Uri; extensionPath: string } & Record<string, unknown> {
  const memento = () => {
    const m = new Map<string, unknown>();
    return { get: (k: string, d?: unknown) => (m.has(k) ? m.get(k) : d), update: (k: string, v: unknown) => (m.set(k, v), Promise.resolve()), keys: () => [...m.keys()], setKeysForSync() {} };
  };
  return {
    subscriptions: [],
    extensionUri: Uri.file(root),
    extensionPath: root,
    globalStorageUri: Uri.file(`${root}/out/bench/.storage/global`),
    storageUri: Uri.file(`${root}/out/bench/.storage/workspace`),
    logUri: Uri.file(`${root}/out/bench/.storage/log`),
    globalState: memento(),
    workspaceState: memento(),
    extensionMode: 1,
    asAbsolutePath: (p: string) => `${root}/${p}`,
    secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: event() },
    environmentVariableCollection: anything(),
  };
}
