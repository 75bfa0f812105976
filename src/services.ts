/** What feature modules share: one corpus (one analysis per document version) over the VS Code workspace. */
import * as vscode from 'vscode';
import { Corpus } from './core/corpus';
import { VsCodeWorkspace } from './vscodeWorkspace';

export interface Services {
  corpus: Corpus;
  workspace: VsCodeWorkspace;
  /** Fires when articles may have changed (files created, changed or deleted; settings changed). */
  onDidChangeArticles: vscode.Event<void>;
}

export function maxBytesSetting(): number {
  const mb = vscode.workspace.getConfiguration('corroborate').get<number>('maxFileSizeMB', 5);
  return Math.max(0.001, Number.isFinite(mb) ? mb : 5) * 1024 * 1024;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const workspace = new VsCodeWorkspace();
  const corpus = new Corpus(workspace, { maxBytes: maxBytesSetting() });
  const changed = new vscode.EventEmitter<void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => changed.fire(), 250);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{txt,md,markdown}');
  context.subscriptions.push(
    changed,
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
  return { corpus, workspace, onDidChangeArticles: changed.event };
}
