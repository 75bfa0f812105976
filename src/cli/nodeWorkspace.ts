/** The CLI's workspace: files and folders on disk through Node's `fs`. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileStat, IWorkspace } from '../core/workspace';

const ARTICLE = /\.(?:txt|md|markdown)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.corroborate', 'out', '.vscode-test']);

export class NodeWorkspace implements IWorkspace {
  /** `roots`: files or folders as given on the command line. */
  constructor(private readonly roots: string[]) {}

  async findArticles(): Promise<string[]> {
    const out: string[] = [];
    for (const root of this.roots) {
      const st = await fs.stat(root);
      if (st.isFile()) out.push(path.resolve(root));
      else await this.walk(path.resolve(root), out);
    }
    return out;
  }

  private async walk(dir: string, out: string[]): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await this.walk(p, out);
      } else if (e.isFile() && ARTICLE.test(e.name)) out.push(p);
    }
  }

  async stat(uri: string): Promise<FileStat | undefined> {
    try {
      const st = await fs.stat(uri);
      return st.isFile() ? { size: st.size, mtime: st.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  async readFile(uri: string): Promise<Uint8Array> {
    return fs.readFile(uri);
  }

  /** The path relative to the folder given on the command line that holds it. */
  displayPath(uri: string): string {
    for (const root of this.roots) {
      const abs = path.resolve(root);
      if (uri === abs) return root;
      const rel = path.relative(abs, uri);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
    }
    return uri;
  }
}
