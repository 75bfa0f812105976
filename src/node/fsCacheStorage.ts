/** The persistent cache in a folder through Node's fs (CLI, benchmarks): atomic replace by rename. */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheStorage } from '../core/cache/storage';

export class NodeFsCacheStorage implements CacheStorage {
  constructor(readonly dir: string) {}

  async read(name: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(join(this.dir, name));
    } catch {
      return undefined;
    }
  }

  async write(name: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `${name}.tmp-${process.pid}-${Date.now().toString(36)}`);
    await writeFile(tmp, bytes);
    await rename(tmp, join(this.dir, name));
  }

  async remove(name: string): Promise<void> {
    await rm(join(this.dir, name), { force: true });
  }

  async list(): Promise<string[]> {
    try {
      return await readdir(this.dir);
    } catch {
      return [];
    }
  }
}
