/**
 * The annotation store's file system on disk (the CLI, and the extension for local folders).
 * Paths are `/`-separated, relative to `root` (the workspace folder).
 *
 * - writeAtomic: write `<file>.tmp-<pid>-<random>` in the same folder, fsync it, rename it over the
 *   file, fsync the folder: a reader (or a crash) sees the old file or the new one, never a mix.
 * - lock: `<file>.lock`, created atomically (a fully written temporary file hard-linked to that
 *   name, which fails if it exists). A lock whose process is gone (same host) or that is older than
 *   `staleLockMs` is broken.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnnotationFs } from '../core/annotations/storageFs';

export interface NodeAnnotationFsOptions {
  /** A lock older than this is taken to be abandoned (default 10 s; saves hold it for milliseconds). */
  staleLockMs?: number;
  /** Give up waiting for a lock after this long (default 15 s). */
  lockTimeoutMs?: number;
  /** fsync files and folders (default true). */
  durable?: boolean;
}

interface LockInfo {
  pid: number;
  host: string;
  token: string;
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM';
  }
}

export class NodeAnnotationFs implements AnnotationFs {
  private readonly staleLockMs: number;
  private readonly lockTimeoutMs: number;
  private readonly durable: boolean;

  constructor(readonly root: string, options: NodeAnnotationFsOptions = {}) {
    this.staleLockMs = options.staleLockMs ?? 10_000;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
    this.durable = options.durable ?? true;
  }

  private abs(p: string): string {
    const parts = p.split('/');
    if (parts.some(x => x === '..' || x === '')) throw new Error(`not a plain relative path: ${p}`);
    return path.join(this.root, ...parts);
  }

  async read(p: string): Promise<Uint8Array | undefined> {
    try {
      return await fs.readFile(this.abs(p));
    } catch (e) {
      if (code(e) === 'ENOENT') return undefined;
      throw e;
    }
  }

  async writeAtomic(p: string, bytes: Uint8Array): Promise<void> {
    const file = this.abs(p);
    const dir = path.dirname(file);
    await fs.mkdir(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      const fh = await fs.open(tmp, 'wx');
      try {
        await fh.writeFile(bytes);
        if (this.durable) await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
    if (this.durable) await this.syncDir(dir);
  }

  private async syncDir(dir: string): Promise<void> {
    let fh;
    try {
      fh = await fs.open(dir, 'r');
      await fh.sync();
    } catch {
      // not supported everywhere (Windows): the rename is still atomic
    } finally {
      await fh?.close();
    }
  }

  async list(dir: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (rel: string) => {
      let entries;
      try {
        entries = await fs.readdir(this.abs(rel), { withFileTypes: true });
      } catch (e) {
        if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return;
        throw e;
      }
      for (const e of entries) {
        const child = `${rel}/${e.name}`;
        if (e.isDirectory()) await walk(child);
        else if (e.isFile()) out.push(child);
      }
    };
    await walk(dir.replace(/\/+$/, ''));
    return out.sort();
  }

  async rename(from: string, to: string): Promise<void> {
    await fs.rename(this.abs(from), this.abs(to));
  }

  async remove(p: string): Promise<void> {
    await fs.rm(this.abs(p), { force: true });
  }

  async lock(p: string): Promise<() => Promise<void>> {
    const lockFile = `${this.abs(p)}.lock`;
    await fs.mkdir(path.dirname(lockFile), { recursive: true });
    const info: LockInfo = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString('hex') };
    const deadline = Date.now() + this.lockTimeoutMs;
    // the lock's content is written in full first, then hard-linked to the lock's name (which fails if it exists)
    const tmp = `${lockFile}.${process.pid}-${randomBytes(4).toString('hex')}`;
    await fs.writeFile(tmp, JSON.stringify(info));
    try {
      for (;;) {
        try {
          await fs.link(tmp, lockFile);
          return async () => {
            const held = await this.readLock(lockFile);
            if (held?.info?.token === info.token) await fs.rm(lockFile, { force: true });
          };
        } catch (e) {
          if (code(e) !== 'EEXIST') throw e;
        }
        const held = await this.readLock(lockFile);
        if (held && this.isStale(held)) {
          await this.breakLock(lockFile, held.raw);
          await this.removeDeadLockTemps(lockFile);
        } else {
          if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${lockFile} (held by ${held?.raw ?? 'another process'}); delete it if no Corroborate is running`);
          await new Promise(r => setTimeout(r, 2 + Math.random() * 8));
        }
      }
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  /** Lock-content files (`<lock>.<pid>-<random>`) left by processes that were killed while waiting. */
  private async removeDeadLockTemps(lockFile: string): Promise<void> {
    const dir = path.dirname(lockFile);
    const base = path.basename(lockFile);
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      const m = name.startsWith(`${base}.`) ? /^(\d+)-[0-9a-f]+$/.exec(name.slice(base.length + 1)) : null;
      if (m && !alive(Number(m[1]))) await fs.rm(path.join(dir, name), { force: true });
    }
  }

  private async readLock(lockFile: string): Promise<{ raw: string; info?: LockInfo; mtime: number } | undefined> {
    try {
      const [raw, st] = await Promise.all([fs.readFile(lockFile, 'utf8'), fs.stat(lockFile)]);
      let info: LockInfo | undefined;
      try {
        info = JSON.parse(raw) as LockInfo;
      } catch {
        info = undefined;
      }
      return { raw, info, mtime: st.mtimeMs };
    } catch (e) {
      if (code(e) === 'ENOENT') return undefined;
      throw e;
    }
  }

  private isStale(held: { info?: LockInfo; mtime: number }): boolean {
    if (held.info && held.info.host === os.hostname() && typeof held.info.pid === 'number' && !alive(held.info.pid)) return true;
    return Date.now() - held.mtime > this.staleLockMs;
  }

  /** Moves the stale lock away (atomic: one breaker wins); puts it back if it was not the one judged stale. */
  private async breakLock(lockFile: string, staleRaw: string): Promise<void> {
    const aside = `${lockFile}.stale-${randomBytes(4).toString('hex')}`;
    try {
      await fs.rename(lockFile, aside);
    } catch (e) {
      if (code(e) === 'ENOENT') return;
      throw e;
    }
    const raw = await fs.readFile(aside, 'utf8').catch(() => staleRaw);
    if (raw !== staleRaw) await fs.link(aside, lockFile).catch(() => undefined);
    await fs.rm(aside, { force: true });
  }
}
