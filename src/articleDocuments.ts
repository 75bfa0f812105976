/** Which open documents are articles, and their shared analysis. */
import * as vscode from 'vscode';
import type { LoadedArticle } from './core/corpus';
import type { Services } from './services';

export function isArticleDocument(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme === 'output' || doc.uri.scheme === 'vscode-settings') return false;
  return doc.languageId === 'plaintext' || doc.languageId === 'markdown';
}

/**
 * The analysis of an open document at its current version (cached by the corpus). `prefetch`: the
 * backend starts on entities and quotes while this thread builds the article model.
 */
export function analysisOf(services: Services, doc: vscode.TextDocument, options: { prefetch?: boolean } = {}): LoadedArticle {
  const uri = doc.uri.toString();
  const text = doc.getText();
  if (options.prefetch) services.corpus.prefetch(uri, text, doc.version);
  return services.corpus.analyzeText(uri, text, doc.version);
}

/** A link that opens an article at a range, for trusted hover Markdown. */
export function openLink(uri: string, start: number, end: number): string {
  return `command:corroborate.openArticle?${encodeURIComponent(JSON.stringify([uri, start, end]))}`;
}

export function fileName(uri: string): string {
  const path = vscode.Uri.parse(uri).path;
  return path.slice(path.lastIndexOf('/') + 1);
}
