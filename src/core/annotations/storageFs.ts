/**
 * The little the annotation store needs from a file system. Paths are `/`-separated and relative to
 * the workspace folder that holds `.corroborate/annotations/`.
 */
export interface AnnotationFs {
  /** The file's bytes, or undefined when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
  /**
   * Replaces the file in one step: a temporary file in the same folder (named `<name>.tmp-…`),
   * flushed to disk, then renamed over the file. Creates missing folders. A reader sees the old
   * bytes or the new ones, never a mix.
   */
  writeAtomic(path: string, bytes: Uint8Array): Promise<void>;
  /** Every file under `dir`, recursively, as paths relative to the root; [] when `dir` is missing. */
  list(dir: string): Promise<string[]>;
  /** Renames a file (moving a corrupt store aside); fails if `from` does not exist. */
  rename(from: string, to: string): Promise<void>;
  /** Deletes a file (left-over temporary files only); no error if it is missing. */
  remove(path: string): Promise<void>;
  /**
   * Optional: an exclusive lock on `path` across processes (two VS Code windows, the CLI), held
   * while a store file is read, merged and written. Resolves to the function that releases it.
   * Without it, two processes saving the same file at the same instant can still lose one save;
   * with it, nothing is lost.
   */
  lock?(path: string): Promise<() => Promise<void>>;
}

/** An AnnotationFs in memory, for tests. `failNextWrites` makes writes throw (disk full, etc.). */
export class MemoryAnnotationFs implements AnnotationFs {
  readonly files = new Map<string, Uint8Array>();
  failNextWrites = 0;
  private locks = new Map<string, Promise<void>>();

  async read(path: string): Promise<Uint8Array | undefined> {
    const b = this.files.get(path);
    return b && b.slice();
  }

  async writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
    if (this.failNextWrites > 0) {
      this.failNextWrites--;
      throw new Error(`cannot write ${path}: disk full (simulated)`);
    }
    this.files.set(path, bytes.slice());
  }

  async list(dir: string): Promise<string[]> {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.files.keys()].filter(p => p.startsWith(prefix)).sort();
  }

  async rename(from: string, to: string): Promise<void> {
    const b = this.files.get(from);
    if (!b) throw new Error(`no such file: ${from}`);
    this.files.delete(from);
    this.files.set(to, b);
  }

  async remove(path: string): Promise<void> {
    this.files.delete(path);
  }

  async lock(path: string): Promise<() => Promise<void>> {
    for (;;) {
      const held = this.locks.get(path);
      if (!held) break;
      await held;
    }
    let release!: () => void;
    this.locks.set(path, new Promise<void>(r => (release = r)));
    return async () => {
      this.locks.delete(path);
      release();
    };
  }

  /** The text of a file (for tests). */
  text(path: string): string | undefined {
    const b = this.files.get(path);
    return b && new TextDecoder().decode(b);
  }
}
