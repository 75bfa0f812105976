/**
 * The annotation store's file access through `vscode.workspace.fs` (local folders, remote and
 * virtual workspaces alike). Atomic replace: a temporary file beside the target, then a rename.
 * The lock between windows (and the CLI, which uses the same `<file>.lock` name) is a fully
 * written file renamed to the lock's name without overwriting: the rename fails while another
 * holder has it. A lock older than 10 s is taken as abandoned (a save holds it for milliseconds).
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

  async lock(path: string): Promise<() => Promise<void>> {
    const lockUri = this.uri(`${path}.lock`);
    const slash = path.lastIndexOf('/');
    if (slash > 0) await vscode.workspace.fs.createDirectory(this.uri(path.slice(0, slash)));
    const token = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const tmp = this.uri(`${path}.lock.${token}`);
      await vscode.workspace.fs.writeFile(tmp, new TextEncoder().encode(JSON.stringify({ token, time: new Date().toISOString() })));
      try {
        await vscode.workspace.fs.rename(tmp, lockUri, { overwrite: false });
        return async () => {
          try {
            const held = new TextDecoder().decode(await vscode.workspace.fs.readFile(lockUri));
            if (held.includes(token)) await vscode.workspace.fs.delete(lockUri);
          } catch {
            // already gone
          }
        };
      } catch {
        await this.remove(`${path}.lock.${token}`);
        try {
          const st = await vscode.workspace.fs.stat(lockUri);
          if (Date.now() - st.mtime > 10_000) await vscode.workspace.fs.delete(lockUri);
        } catch {
          // released meanwhile: try again
        }
        if (Date.now() > deadline) throw new Error(`the annotation file ${path} stays locked (${path}.lock); delete the lock if no other Corroborate is saving`);
        await new Promise(r => setTimeout(r, 40 + Math.random() * 80));
      }
    }
  }

  async remove(path: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.uri(path));
    } catch {
      // already gone
    }
  }
}
