/**
 * Corroborate: the VS Code layer, the same for the desktop (Node) and the web extension host; the
 * entry point (extension.ts) only says how to start the analysis worker there. Each
 * feature module takes the shared services and pushes its disposables.
 */
import * as vscode from 'vscode';
import { createServices, type Platform, type Services } from './services';
import * as articlesTree from './features/articlesTree';
import * as decorations from './features/decorations';
import * as entities from './features/entities';
import * as quotes from './features/quotes';
import * as compare from './features/compare';
import * as annotations from './features/annotations';

export interface CorroborateApi {
  articles: { getArticles(): Promise<articlesTree.ArticleNodeInfo[]> };
  /** The shared services (corpus, entity index), for tests and other extensions. */
  services: Services;
  compare: compare.CompareService;
  annotations: annotations.AnnotationsService;
  /** The highlights last drawn in an article's editor, per kind setting. */
  decorations: { drawnIn(uri: vscode.Uri): ReadonlyMap<string, readonly vscode.Range[]> };
}

export function activateWith(context: vscode.ExtensionContext, platform: Platform): CorroborateApi {
  const services = createServices(context, platform);
  const articles = articlesTree.activate(context, services);
  const decorator = decorations.activate(context, services);
  entities.activate(context, services, decorator);
  quotes.activate(context, services, decorator);
  const compareService = compare.activate(context, services);
  const annotationsService = annotations.activate(context, services, decorator);
  articles.provider.shared = {
    async groupsOf(uri) {
      await compareService.groups();
      return compareService.groupsAt(uri);
    },
  };
  articles.provider.annotations = {
    async anchoredIn(uri, text) {
      await annotationsService.ready();
      return annotationsService.anchored(uri, text);
    },
  };
  context.subscriptions.push(annotationsService.onDidChange(() => articles.provider.refresh()));
  return { articles: { getArticles: articles.getArticles }, services, compare: compareService, annotations: annotationsService, decorations: { drawnIn: uri => decorator.drawnIn(uri) } };
}
