/** Where the persistent cache keeps its files: VS Code's extension storage, a folder, or memory. */
export interface CacheStorage {
  /** The file's bytes, or undefined when there is none (or it cannot be read). */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Replaces the file (atomically where the storage can). */
  write(name: string, bytes: Uint8Array): Promise<void>;
  remove(name: string): Promise<void>;
  /** The names of the files held. */
  list(): Promise<string[]>;
}

/** A cache storage in memory: tests and benchmarks. */
export class InMemoryCacheStorage implements CacheStorage {
  readonly files = new Map<string, Uint8Array>();

  async read(name: string): Promise<Uint8Array | undefined> {
    return this.files.get(name);
  }

  async write(name: string, bytes: Uint8Array): Promise<void> {
    this.files.set(name, bytes.slice());
  }

  async remove(name: string): Promise<void> {
    this.files.delete(name);
  }

  async list(): Promise<string[]> {
    return [...this.files.keys()];
  }

  /** Total bytes held. */
  get size(): number {
    let n = 0;
    for (const b of this.files.values()) n += b.length;
    return n;
  }
}
