// Helpers shared by the in-process suites.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ArticleNodeInfo } from '../../../src/features/articlesTree';
import type { CorroborateApi } from '../../../src/extension';

export const EXTENSION_ID = 'corroborate.corroborate';

export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri;
}

export function baseName(uri: string): string {
  const p = vscode.Uri.parse(uri).path;
  return p.slice(p.lastIndexOf('/') + 1);
}

export function sameUri(a: string, b: vscode.Uri): boolean {
  return vscode.Uri.parse(a).toString() === b.toString();
}

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export function firstNonEmptyLine(text: string): string {
  return squash(text.split(/\r?\n/).find(l => l.trim() !== '') ?? '');
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

/** The .txt files at the workspace root, sorted by name. */
export async function seedNames(): Promise<string[]> {
  const entries = await vscode.workspace.fs.readDirectory(root());
  return entries.filter(([n, t]) => t === vscode.FileType.File && n.endsWith('.txt')).map(([n]) => n).sort();
}

export async function seedNamed(prefix: string): Promise<string> {
  const name = (await seedNames()).find(n => n.startsWith(prefix));
  assert.ok(name, `a seed file starting with ${prefix}`);
  return name;
}

/** The extension's API, activating it through its view container if needed. */
export async function activateApi(): Promise<CorroborateApi> {
  const ext = vscode.extensions.getExtension<CorroborateApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  if (!ext.isActive) await vscode.commands.executeCommand('workbench.view.extension.corroborate');
  await waitFor('the extension to activate', () => ext.isActive, a => a, 20_000);
  return ext.activate();
}

/** Polls `get` until `ok` holds or the timeout passes; then fails with the last value. */
export async function waitFor<T>(what: string, get: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await get();
  while (!ok(last)) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs / 1000}s waiting for ${what}; last value: ${describeValue(last)}`);
    await new Promise(r => setTimeout(r, 150));
    last = await get();
  }
  return last;
}

export function describeValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.length}] ${JSON.stringify(v.map(n => (n as ArticleNodeInfo)?.label ?? n)).slice(0, 400)}`;
  try { return JSON.stringify(v)?.slice(0, 400) ?? String(v); } catch { return String(v); }
}


export type { ArticleNodeInfo, CorroborateApi };

/** The text of the hovers VS Code's hover providers return. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}
