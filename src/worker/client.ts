/**
 * The extension host's side of the analysis worker, as the core's AnalysisBackend. Requests wait
 * in a queue on this side and only a couple are posted at a time, so cancelling drops the queued
 * ones at once (a message already posted cannot be taken back). A request that runs too long
 * (hostile input) gets the worker terminated and started anew; a worker that cannot be started, or
 * dies again and again, leaves the work to this thread (the in-thread fallback), one file at a time.
 */
import type { AnalysisBackend, CancelSignal, InThreadBackend } from '../core/analysis/backend';
import type { AnalyzeRequest, AnalyzeResponse } from '../core/analysis/pipeline';
import type { NameLexicon } from '../core/entities/types';
import { lazyCore } from '../lazyCore';
import type { FromWorker, WorkerPort } from './protocol';

export interface WorkerBackendOptions {
  /** Starts a worker; undefined (or a throw) when workers are not available here. */
  spawn: () => WorkerPort | undefined | Promise<WorkerPort | undefined>;
  /** The entity model's bytes (sent to the worker once), or undefined when there is none. */
  model: () => Promise<Uint8Array | undefined>;
  /**
   * The reported-speech model's bytes (media/models/reported.bin, sent to the worker once), or
   * undefined when there is none: reported speech then comes from the rules alone.
   */
  reportedModel: () => Promise<Uint8Array | undefined>;
  /** Requests posted to the worker at once (default 2: one runs while the next is copied). */
  inFlight?: number;
  /** A request running longer than this (ms) is abandoned and the worker restarted. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface WorkerStats {
  /** Requests answered by the worker. */
  jobs: number;
  /** Time spent analysing in the worker (ms). */
  workerMs: number;
  restarts: number;
  /** The worker is not used (not available, or died too often): work runs in this thread. */
  fallback: boolean;
}

interface Job {
  id: number;
  req: AnalyzeRequest;
  signal?: CancelSignal;
  resolve(res: AnalyzeResponse): void;
  reject(e: Error): void;
  timer?: ReturnType<typeof setTimeout>;
}

const MAX_RESTARTS = 3;

/** The core's CancelledError (what the corpus tells apart from a failure). */
function cancelled(): Error {
  return new (lazyCore.backend().CancelledError)();
}

export class WorkerBackend implements AnalysisBackend {
  readonly stats: WorkerStats = { jobs: 0, workerMs: 0, restarts: 0, fallback: false };
  private port: WorkerPort | undefined;
  private started = false;
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private readonly lexiconWaiters = new Map<number, (entries: { words: string; flags: Uint8Array } | null) => void>();
  private nextId = 1;
  private modelBytes: Promise<Uint8Array | undefined> | undefined;
  private reportedBytes: Promise<Uint8Array | undefined> | undefined;
  private inThread: InThreadBackend | undefined;
  private lexiconP: Promise<NameLexicon | undefined> | undefined;
  private disposed = false;

  constructor(private readonly options: WorkerBackendOptions) {}

  readonly tagsEntities = true;

  private model(): Promise<Uint8Array | undefined> {
    this.modelBytes ??= this.options.model().catch(() => undefined);
    return this.modelBytes;
  }

  private reported(): Promise<Uint8Array | undefined> {
    this.reportedBytes ??= this.options.reportedModel().catch(() => undefined);
    return this.reportedBytes;
  }

  /** Installs the reported-speech model in this thread (the extension host), from the bytes read once. */
  async installReportedHere(): Promise<void> {
    const bytes = await this.reported();
    const problem = bytes && lazyCore.reportedModel().installReportedBytes(bytes);
    if (problem) this.options.log?.(`${problem}: reported speech comes from the rules alone`);
  }

  private fallback(why: string): InThreadBackend {
    if (!this.inThread) {
      this.options.log?.(`analysis worker unavailable (${why}): analysing in the extension host`);
      this.stats.fallback = true;
      this.inThread = new (lazyCore.backend().InThreadBackend)(async () => {
        await this.installReportedHere();
        const bytes = await this.model();
        if (!bytes) throw new Error('no entity model');
        return lazyCore.nerTagger().createNerTagger(bytes);
      });
    }
    return this.inThread;
  }

  /** The worker, started on first need with the model; undefined when none can run. */
  private async ensurePort(): Promise<WorkerPort | undefined> {
    if (this.port || this.stats.fallback) return this.port;
    if (this.started) return undefined;
    this.started = true;
    let port: WorkerPort | undefined;
    try {
      port = await this.options.spawn();
    } catch (e) {
      this.fallback((e as Error).message);
      return undefined;
    }
    if (!port) {
      this.fallback('no worker support');
      return undefined;
    }
    const [model, reported] = await Promise.all([this.model(), this.reported()]);
    port.onMessage(msg => this.onMessage(msg));
    port.onError(e => {
      if (this.port === port) this.onWorkerDied(e);
    });
    port.post({ type: 'init', model: model ?? null, reported: reported ?? null });
    this.port = port;
    return port;
  }

  private onMessage(msg: FromWorker): void {
    if (msg.type === 'lexicon') {
      this.lexiconWaiters.get(msg.id)?.(msg.entries);
      this.lexiconWaiters.delete(msg.id);
      return;
    }
    const job = this.running.get(msg.id);
    if (!job) return;
    this.running.delete(msg.id);
    if (job.timer) clearTimeout(job.timer);
    if (msg.type === 'result') {
      this.stats.jobs++;
      this.stats.workerMs += msg.ms;
      job.resolve(msg.res);
    } else {
      job.reject(new Error(msg.message));
    }
    this.pump();
  }

  private onWorkerDied(e: Error): void {
    const port = this.port;
    this.port = undefined;
    this.started = false;
    try {
      port?.terminate();
    } catch {
      // already gone
    }
    for (const waiter of this.lexiconWaiters.values()) waiter(null);
    this.lexiconWaiters.clear();
    const lost = [...this.running.values()];
    this.running.clear();
    for (const job of lost) {
      if (job.timer) clearTimeout(job.timer);
      job.reject(new Error(`analysis failed: ${e.message}`));
    }
    if (this.disposed) return;
    if (++this.stats.restarts > MAX_RESTARTS) this.fallback(`the worker stopped ${this.stats.restarts} times; last: ${e.message}`);
    this.pump();
  }

  private pump(): void {
    if (this.disposed) return;
    void this.ensurePort().then(port => {
      if (!port) {
        // no worker: everything queued goes to this thread's backend
        const fb = this.inThread;
        if (!fb) return;
        for (const job of this.queue.splice(0)) fb.analyze(job.req, job.signal).then(job.resolve, job.reject);
        return;
      }
      const limit = this.options.inFlight ?? 2;
      while (this.running.size < limit && this.queue.length) {
        const job = this.queue.shift()!;
        if (job.signal?.isCancellationRequested) {
          job.reject(cancelled());
          continue;
        }
        this.running.set(job.id, job);
        const timeout = this.options.timeoutMs ?? 60_000;
        job.timer = setTimeout(() => this.onWorkerDied(new Error(`${job.req.uri}: analysis took longer than ${Math.round(timeout / 1000)} s`)), timeout);
        port.post({ type: 'analyze', id: job.id, req: job.req });
      }
    });
  }

  analyze(req: AnalyzeRequest, signal?: CancelSignal): Promise<AnalyzeResponse> {
    if (signal?.isCancellationRequested) return Promise.reject(cancelled());
    if (this.disposed) return Promise.reject(new Error('analysis worker disposed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, req, signal, resolve, reject });
      this.pump();
    });
  }

  /** Drops the queued requests whose signal is set (they reject with CancelledError). */
  cancelQueued(): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].signal?.isCancellationRequested) this.queue.splice(i, 1)[0].reject(cancelled());
    }
  }

  lexicon(): Promise<NameLexicon | undefined> {
    this.lexiconP ??= (async () => {
      const port = await this.ensurePort();
      if (!port) return this.inThread?.lexicon();
      const id = this.nextId++;
      const entries = await new Promise<{ words: string; flags: Uint8Array } | null>(resolve => {
        this.lexiconWaiters.set(id, resolve);
        port.post({ type: 'lexicon', id });
      });
      return entries ? lazyCore.ner().lexiconFromEntries(entries) : undefined;
    })();
    return this.lexiconP;
  }

  /** Requests waiting or running. */
  get pending(): number {
    return this.queue.length + this.running.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.reject(cancelled());
    for (const job of this.running.values()) {
      if (job.timer) clearTimeout(job.timer);
      job.reject(cancelled());
    }
    this.running.clear();
    this.port?.terminate();
    this.port = undefined;
  }
}
