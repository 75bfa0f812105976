/** Corroborate: the VS Code layer. Each feature module takes the shared services and pushes its disposables. */
import * as vscode from 'vscode';
import { createServices } from './services';
import * as articlesTree from './features/articlesTree';

export interface CorroborateApi {
  articles: { getArticles(): Promise<articlesTree.ArticleNodeInfo[]> };
}

export function activate(context: vscode.ExtensionContext): CorroborateApi {
  const services = createServices(context);
  const articles = articlesTree.activate(context, services);
  return { articles };
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
