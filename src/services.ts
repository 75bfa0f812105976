/**
 * What feature modules share: one corpus (one analysis per document version) over the VS Code
 * workspace. Files are analysed in a worker (see src/worker/) and their records kept in a
 * persistent cache in the extension's storage, keyed by content hash. The corpus (and with it the
 * analysis core, see lazyCore.ts) is made on first use, not at activation.
 */
import * as vscode from 'vscode';
import type { Corpus } from './core/corpus';
import type { AnalysisCache } from './core/cache/analysisCache';
import { lazyCore } from './lazyCore';
import { VsCodeWorkspace } from './vscodeWorkspace';
import { modelUri, taggerFactory } from './tagger';
import { WorkerBackend } from './worker/client';
import type { WorkerPort } from './worker/protocol';
import { cacheDir, VsCodeCacheStorage } from './cacheStorage';
import { LagMonitor } from './lagMonitor';

/** How this extension host starts the analysis worker. */
export interface Platform {
  name: 'node' | 'web';
  spawnWorker(): WorkerPort | undefined | Promise<WorkerPort | undefined>;
}

export interface Services {
  /** The corpus, made (and the analysis core loaded) on first access. */
  readonly corpus: Corpus;
  /** Runs `configure` on the corpus once it exists (at once when it does), without making it. */
  configureCorpus(configure: (corpus: Corpus) => void): void;
  workspace: VsCodeWorkspace;
  /** Fires when articles may have changed (files created, changed or deleted; settings changed). */
  onDidChangeArticles: vscode.Event<void>;
  /** Computes the entities of every article (once, and again after articles change), with progress. */
  ensureEntityIndex(): Promise<void>;
  /** Fires when the corpus entity index has been (re)built. */
  onDidIndexEntities: vscode.Event<void>;
  log(message: string): void;
  /** The analysis worker (statistics for tests and logs). */
  backend: WorkerBackend;
  /** How long the extension host's event loop was blocked at most (ms), since the last reset. */
  lag: LagMonitor;
  platform: Platform['name'];
}

export function maxBytesSetting(): number {
  const mb = vscode.workspace.getConfiguration('corroborate').get<number>('maxFileSizeMB', 5);
  return Math.max(0.001, Number.isFinite(mb) ? mb : 5) * 1024 * 1024;
}

export function createServices(context: vscode.ExtensionContext, platform: Platform): Services {
  const workspace = new VsCodeWorkspace();
  const output = vscode.window.createOutputChannel('Corroborate', { log: true });
  const backend = new WorkerBackend({
    spawn: () => platform.spawnWorker(),
    model: async () => vscode.workspace.fs.readFile(modelUri(context.extensionUri)),
    reportedModel: async () => {
      try {
        return await vscode.workspace.fs.readFile(modelUri(context.extensionUri, 'reported.bin'));
      } catch (e) {
        output.warn(`media/models/reported.bin not read (${(e as Error).message}): reported speech comes from the reporting-verb rules alone`);
        return undefined;
      }
    },
    log: message => output.warn(message),
  });
  const version = String((context.extension?.packageJSON as { version?: string } | undefined)?.version ?? '0');
  let cache: AnalysisCache | undefined;
  let corpusValue: Corpus | undefined;
  const configurations: ((corpus: Corpus) => void)[] = [];
  const getCorpus = (): Corpus => {
    if (!corpusValue) {
      cache = new (lazyCore.cache().AnalysisCache)(new VsCodeCacheStorage(cacheDir(context)), { modelVersion: `ext${version}` });
      const corpus = new (lazyCore.corpus().Corpus)(workspace, { maxBytes: maxBytesSetting(), backend, cache });
      corpus.setTaggerFactory(taggerFactory(context.extensionUri, () => backend.installReportedHere()));
          corpusValue = corpus;
      for (const c of configurations) c(corpus);
    }
    return corpusValue;
  };
  const lag = new LagMonitor();
  lag.start();
  const changed = new vscode.EventEmitter<void>();
  const indexed = new vscode.EventEmitter<void>();
  // what the cache learned is written a little after the work (stale records dropped after a full pass)
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let flushPrune = false;
  const flushSoon = (prune: boolean) => {
    flushPrune ||= prune;
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = setTimeout(() => {
      const p = flushPrune;
      flushPrune = false;
      getCorpus().flushCache({ prune: p }).then(
        () => {
          const st = cache!.stats;
          output.info(`analysis cache: ${st.hits} hits, ${st.misses} misses, ${st.rejectedShards} shards and ${st.rejectedEntries} entries rejected${st.lastProblem ? ` (last: ${st.lastProblem})` : ''}`);
        },
        e => output.warn(`analysis cache not written: ${(e as Error).message}`),
      );
    }, 1500);
  };
  let indexing: Promise<void> | undefined;
  let indexStale = true;
  let indexCancel: vscode.CancellationTokenSource | undefined;
  const ensureEntityIndex = (): Promise<void> => {
    if (indexing && !indexStale) return indexing;
    indexStale = false;
    indexCancel?.cancel();
    const cancel = (indexCancel = new vscode.CancellationTokenSource());
    const run = vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Corroborate: indexing entities' }, async progress => {
      const t0 = Date.now();
      const corpus = getCorpus();
      await corpus.indexAllEntities((done, total) => progress.report({ message: `${done}/${total} articles` }), undefined, cancel.token);
      backend.cancelQueued();
      if (cancel.token.isCancellationRequested) {
        indexStale = true;
        return;
      }
      output.info(`entity index: ${corpus.entityIndex.size} articles in ${Date.now() - t0} ms (worker: ${backend.stats.jobs} files, ${Math.round(backend.stats.workerMs)} ms${backend.stats.fallback ? ', in-thread fallback' : ''}; cache: ${corpus.counters.fromCache} files reused); longest block of the extension host ${Math.round(lag.maxLagMs)} ms`);
      flushSoon(false);
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
    indexCancel?.cancel();
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
      corpusValue?.invalidate(uri.toString());
      fire();
    }),
    watcher.onDidDelete(uri => {
      corpusValue?.forget(uri.toString());
      fire();
    }),
    // a closed document outside the workspace (untitled, another folder) leaves the corpus and its index
    vscode.workspace.onDidCloseTextDocument(doc => (vscode.workspace.getWorkspaceFolder(doc.uri) ? corpusValue?.invalidate(doc.uri.toString()) : corpusValue?.forget(doc.uri.toString()))),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('corroborate.include') || e.affectsConfiguration('corroborate.exclude') || e.affectsConfiguration('corroborate.maxFileSizeMB')) {
        if (corpusValue) corpusValue.maxBytes = maxBytesSetting();
        fire();
      }
    }),
    { dispose: () => timer && clearTimeout(timer) },
    {
      dispose: () => {
        indexCancel?.cancel();
        lag.stop();
        if (flushTimer) clearTimeout(flushTimer);
        backend.dispose();
      },
    },
  );
  return {
    get corpus() {
      return getCorpus();
    },
    configureCorpus(configure) {
      configurations.push(configure);
      if (corpusValue) configure(corpusValue);
    },
    workspace,
    onDidChangeArticles: changed.event,
    ensureEntityIndex,
    onDidIndexEntities: indexed.event,
    log: message => output.info(message),
    backend,
    lag,
    platform: platform.name,
  };
}
