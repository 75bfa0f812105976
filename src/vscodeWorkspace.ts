/** The core's workspace interface over VS Code: `workspace.fs`, `findFiles` and open documents. */
import * as vscode from 'vscode';
import type { FileStat, IWorkspace, OpenDocument } from './core/workspace';

export function braceGlob(globs: string[]): string | undefined {
  const clean = globs.map(g => g.trim()).filter(Boolean);
  if (clean.length === 0) return undefined;
  return clean.length === 1 ? clean[0] : `{${clean.join(',')}}`;
}

export class VsCodeWorkspace implements IWorkspace {
  async findArticles(): Promise<string[]> {
    const config = vscode.workspace.getConfiguration('corroborate');
    const include = braceGlob(config.get<string[]>('include', ['**/*.txt', '**/*.md']));
    if (!include) return [];
    const exclude = braceGlob(config.get<string[]>('exclude', ['**/node_modules/**', '**/.git/**', '**/.corroborate/**']));
    const uris = await vscode.workspace.findFiles(include, exclude ?? null);
    return uris.map(u => u.toString()).sort();
  }

  async stat(uri: string): Promise<FileStat | undefined> {
    try {
      const st = await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
      return st.type & vscode.FileType.File ? { size: st.size, mtime: st.mtime } : undefined;
    } catch {
      return undefined;
    }
  }

  async readFile(uri: string): Promise<Uint8Array> {
    return vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
  }

  getOpenDocument(uri: string): OpenDocument | undefined {
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri);
    return doc && !doc.isClosed ? { text: doc.getText(), version: doc.version } : undefined;
  }

  displayPath(uri: string): string {
    return vscode.workspace.asRelativePath(vscode.Uri.parse(uri), vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 1);
  }
}
