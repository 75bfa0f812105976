/** What feature modules share: one corpus (one analysis per document version) over the VS Code workspace. */
import * as vscode from 'vscode';
import { Corpus } from './core/corpus';
import { VsCodeWorkspace } from './vscodeWorkspace';
import { taggerFactory } from './tagger';

export interface Services {
  corpus: Corpus;
  workspace: VsCodeWorkspace;
  /** Fires when articles may have changed (files created, changed or deleted; settings changed). */
  onDidChangeArticles: vscode.Event<void>;
  /** Computes the entities of every article (once, and again after articles change), with progress. */
  ensureEntityIndex(): Promise<void>;
  /** Fires when the corpus entity index has been (re)built. */
  onDidIndexEntities: vscode.Event<void>;
  log(message: string): void;
}

export function maxBytesSetting(): number {
  const mb = vscode.workspace.getConfiguration('corroborate').get<number>('maxFileSizeMB', 5);
  return Math.max(0.001, Number.isFinite(mb) ? mb : 5) * 1024 * 1024;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const workspace = new VsCodeWorkspace();
  const corpus = new Corpus(workspace, { maxBytes: maxBytesSetting() });
  corpus.setTaggerFactory(taggerFactory(context.extensionUri));
  const changed = new vscode.EventEmitter<void>();
  const indexed = new vscode.EventEmitter<void>();
  const output = vscode.window.createOutputChannel('Corroborate', { log: true });
  let indexing: Promise<void> | undefined;
  let indexStale = true;
  const ensureEntityIndex = (): Promise<void> => {
    if (indexing && !indexStale) return indexing;
    indexStale = false;
    const run = vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Corroborate: indexing entities' }, async progress => {
      const t0 = Date.now();
      await corpus.indexAllEntities((done, total) => progress.report({ message: `${done}/${total} articles` }));
      output.info(`entity index: ${corpus.entityIndex.size} articles in ${Date.now() - t0} ms`);
    });
    indexing = Promise.resolve(run).then(
      () => indexed.fire(),
      e => {
        indexStale = true;
        output.error(`entity index failed: ${(e as Error).message}`);
      },
    );
    return indexing;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    indexStale = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => changed.fire(), 250);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{txt,md,markdown}');
  context.subscriptions.push(
    changed,
    indexed,
    output,
    watcher,
    watcher.onDidCreate(fire),
    watcher.onDidChange(uri => {
      corpus.invalidate(uri.toString());
      fire();
    }),
    watcher.onDidDelete(uri => {
      corpus.forget(uri.toString());
      fire();
    }),
    vscode.workspace.onDidCloseTextDocument(doc => corpus.invalidate(doc.uri.toString())),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('corroborate.include') || e.affectsConfiguration('corroborate.exclude') || e.affectsConfiguration('corroborate.maxFileSizeMB')) {
        corpus.maxBytes = maxBytesSetting();
        fire();
      }
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  return {
    corpus,
    workspace,
    onDidChangeArticles: changed.event,
    ensureEntityIndex,
    onDidIndexEntities: indexed.event,
    log: message => output.info(message),
  };
}
