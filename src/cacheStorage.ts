/** The persistent analysis cache in the extension's storage, through `vscode.workspace.fs`. */
import * as vscode from 'vscode';
import type { CacheStorage } from './core/cache/storage';

export class VsCodeCacheStorage implements CacheStorage {
  private made = false;

  constructor(private readonly dir: vscode.Uri) {}

  async read(name: string): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.dir, name));
    } catch {
      return undefined;
    }
  }

  async write(name: string, bytes: Uint8Array): Promise<void> {
    if (!this.made) {
      await vscode.workspace.fs.createDirectory(this.dir);
      this.made = true;
    }
    const tmp = vscode.Uri.joinPath(this.dir, `${name}.tmp-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`);
    await vscode.workspace.fs.writeFile(tmp, bytes);
    await vscode.workspace.fs.rename(tmp, vscode.Uri.joinPath(this.dir, name), { overwrite: true });
  }

  async list(): Promise<string[]> {
    try {
      return (await vscode.workspace.fs.readDirectory(this.dir)).filter(([, type]) => type & vscode.FileType.File).map(([name]) => name);
    } catch {
      return [];
    }
  }

  async remove(name: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.dir, name));
    } catch {
      // already gone
    }
  }
}

/** Where the cache lives: the workspace's storage (else the extension's global storage). */
export function cacheDir(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'analysis-cache');
}
