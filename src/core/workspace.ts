/**
 * The little the core needs from wherever articles live: VS Code's `workspace.fs`, Node's `fs` in
 * the CLI, or memory in tests.
 */

export interface FileStat {
  size: number;
  /** Modification time in ms; with `size`, it versions files that are not open in an editor. */
  mtime: number;
}

export interface OpenDocument {
  text: string;
  version: number;
}

export interface IWorkspace {
  /** Article files (URI strings), already filtered by the include/exclude settings. */
  findArticles(): Promise<string[]>;
  stat(uri: string): Promise<FileStat | undefined>;
  readFile(uri: string): Promise<Uint8Array>;
  /** The live text of a document open in an editor, which wins over the file on disk. */
  getOpenDocument?(uri: string): OpenDocument | undefined;
  /** A path to show the user, relative to the workspace. */
  displayPath?(uri: string): string;
}

/** A workspace held in memory, for tests and for the CLI's JSONL input. */
export class InMemoryWorkspace implements IWorkspace {
  private readonly files = new Map<string, { bytes: Uint8Array; mtime: number }>();
  /** Documents "open in an editor": their text wins over the file's. */
  readonly openDocuments = new Map<string, OpenDocument>();
  private clock = 1;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [uri, content] of Object.entries(files)) this.set(uri, content);
  }

  set(uri: string, content: string | Uint8Array): void {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    this.files.set(uri, { bytes, mtime: this.clock++ });
  }

  delete(uri: string): void {
    this.files.delete(uri);
  }

  async findArticles(): Promise<string[]> {
    return [...this.files.keys()].filter(u => /\.(?:txt|md|markdown)$/i.test(u)).sort();
  }

  async stat(uri: string): Promise<FileStat | undefined> {
    const f = this.files.get(uri);
    return f && { size: f.bytes.length, mtime: f.mtime };
  }

  async readFile(uri: string): Promise<Uint8Array> {
    const f = this.files.get(uri);
    if (!f) throw new Error(`no such file: ${uri}`);
    return f.bytes;
  }

  getOpenDocument(uri: string): OpenDocument | undefined {
    return this.openDocuments.get(uri);
  }

  displayPath(uri: string): string {
    return uri;
  }
}
