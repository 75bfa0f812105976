/**
 * The annotation store's file access through `vscode.workspace.fs` (local folders, remote and
 * virtual workspaces alike). Atomic replace: a temporary file beside the target, then a rename.
 * workspace.fs has no exclusive create, so there is no cross-window lock: concurrent saves are
 * reconciled by the store's merge-on-save (per annotation, the later change wins).
 */
import * as vscode from 'vscode';
import type { AnnotationFs } from './core/annotations/storageFs';

export class VsCodeAnnotationFs implements AnnotationFs {
  constructor(private readonly root: vscode.Uri) {}

  private uri(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root, ...path.split('/'));
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(this.uri(path));
    } catch {
      return undefined;
    }
  }

  async writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
    const target = this.uri(path);
    const slash = path.lastIndexOf('/');
    if (slash > 0) await vscode.workspace.fs.createDirectory(this.uri(path.slice(0, slash)));
    const tmp = this.uri(`${path}.tmp-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`);
    await vscode.workspace.fs.writeFile(tmp, bytes);
    await vscode.workspace.fs.rename(tmp, target, { overwrite: true });
  }

  async list(dir: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (rel: string) => {
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(this.uri(rel));
      } catch {
        return;
      }
      for (const [name, type] of entries) {
        const p = `${rel}/${name}`;
        if (type & vscode.FileType.Directory) await walk(p);
        else if (type & vscode.FileType.File) out.push(p);
      }
    };
    await walk(dir.replace(/\/$/, ''));
    return out.sort();
  }

  async rename(from: string, to: string): Promise<void> {
    await vscode.workspace.fs.rename(this.uri(from), this.uri(to), { overwrite: false });
  }

  async remove(path: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.uri(path));
    } catch {
      // already gone
    }
  }
}
