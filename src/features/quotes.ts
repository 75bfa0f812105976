/**
 * Quotes in the editor: highlights for quotations (direct and partial) and for reported speech,
 * a hover with the speaker (canonical and as written), the cue and the confidence, a "Show Quote at
 * Cursor" command saying the same without a mouse, and "Quotes" by speaker under each article.
 */
import * as vscode from 'vscode';
import type { LoadedArticle } from '../core/corpus';
import type { Quote } from '../core/quotes/types';
import { analysisOf, isArticleDocument } from '../articleDocuments';
import type { Services } from '../services';
import type { Decorator } from './decorations';

function config() {
  return vscode.workspace.getConfiguration('corroborate');
}

const KIND_LABEL: Record<Quote['kind'], string> = {
  direct: 'direct quote',
  partial: 'partial quote',
  reported: 'reported speech',
  none: 'quotation marks, not speech',
};

/** The quote at an offset: the innermost one whose words (or marks) hold it. */
export function quoteAt(quotes: Quote[], offset: number): Quote | undefined {
  let best: Quote | undefined;
  for (const q of quotes) {
    const pieces = q.fragments?.length ? q.fragments : [q];
    if (!pieces.some(p => p.start - 1 <= offset && offset <= p.end)) continue;
    if (!best || q.end - q.start < best.end - best.start) best = q;
  }
  return best;
}

function confidenceWord(c: number): string {
  return c >= 0.8 ? 'high' : c >= 0.5 ? 'medium' : 'low';
}

/** What is known of a quote, as plain sentences (for the hover and for screen readers). */
export function describeQuote(text: string, q: Quote): { speaker: string; lines: string[] } {
  const speaker = q.speaker ?? (q.kind === 'none' ? 'no speaker' : 'speaker unknown');
  const lines: string[] = [];
  const asWritten = q.speakerText && q.speakerText !== q.speaker ? ` (written “${q.speakerText}”${q.implied ? ', carried over from an earlier paragraph' : ''})` : q.implied ? ' (carried over from an earlier paragraph)' : '';
  if (q.kind !== 'none') lines.push(`Speaker: ${speaker}${asWritten}`);
  if (q.cue) lines.push(`Cue: ${q.cue}`);
  lines.push(`Kind: ${KIND_LABEL[q.kind]}${q.continued ? ', continued from the previous paragraph' : ''}`);
  lines.push(`Confidence: ${confidenceWord(q.confidence)} (${q.confidence.toFixed(2)})`);
  const words = text.slice(q.start, q.end).replace(/\s+/g, ' ').trim();
  return { speaker, lines: [`“${words.length > 160 ? `${words.slice(0, 157)}…` : words}”`, ...lines] };
}

const esc = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, c => `\\${c}`);

class QuoteHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!config().get<boolean>('hover.enabled', true) || !isArticleDocument(document)) return undefined;
    const entry = analysisOf(this.services, document);
    const quotes = await this.services.corpus.attributedQuotes(entry);
    if (token.isCancellationRequested) return undefined;
    const q = quoteAt(quotes, document.offsetAt(position));
    if (!q) return undefined;
    const { speaker, lines } = describeQuote(document.getText(), q);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`$(quote) **${esc(q.kind === 'none' ? 'Not speech' : speaker)}**\n\n`);
    md.appendMarkdown(lines.slice(1).map(esc).join('  \n'));
    return new vscode.Hover(md, new vscode.Range(document.positionAt(q.start), document.positionAt(q.end)));
  }
}

/** Says what is known of the quote at the cursor; returns the lines shown (for tests and other extensions). */
async function showQuoteAtCursor(services: Services): Promise<string[] | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isArticleDocument(editor.document)) {
    void vscode.window.showInformationMessage('Corroborate: open an article and put the cursor in a quote.');
    return undefined;
  }
  const entry = analysisOf(services, editor.document);
  const quotes = await services.corpus.attributedQuotes(entry);
  const q = quoteAt(quotes, editor.document.offsetAt(editor.selection.active));
  if (!q) {
    void vscode.window.showInformationMessage('Corroborate: no quote at the cursor.');
    return undefined;
  }
  const { lines } = describeQuote(editor.document.getText(), q);
  const actions = q.speakerStart !== undefined && q.speakerEnd !== undefined ? ['Go to Speaker'] : [];
  void vscode.window.showInformationMessage(lines.join(' — '), ...actions).then(choice => {
    if (choice === 'Go to Speaker' && q.speakerStart !== undefined && q.speakerEnd !== undefined) {
      const range = new vscode.Range(editor.document.positionAt(q.speakerStart), editor.document.positionAt(q.speakerEnd));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  });
  return lines;
}

/** Quotes of an article grouped by speaker, most quoted first (for the Articles tree). */
export function quotesBySpeaker(quotes: Quote[]): { speaker: string; quotes: Quote[] }[] {
  const groups = new Map<string, Quote[]>();
  for (const q of quotes) {
    if (q.kind === 'none') continue;
    const key = q.speaker ?? 'Unattributed';
    groups.set(key, [...(groups.get(key) ?? []), q]);
  }
  return [...groups.entries()]
    .map(([speaker, qs]) => ({ speaker, quotes: qs }))
    .sort((a, b) => (a.speaker === 'Unattributed' ? 1 : 0) - (b.speaker === 'Unattributed' ? 1 : 0) || b.quotes.length - a.quotes.length || (a.speaker < b.speaker ? -1 : 1));
}

export function activate(context: vscode.ExtensionContext, services: Services, decorator: Decorator): void {
  decorator.register({
    kinds: [
      {
        setting: 'quotes',
        defaultOn: true,
        options: {
          backgroundColor: new vscode.ThemeColor('corroborate.quoteBackground'),
          outlineWidth: '1px',
          outlineStyle: 'dashed',
          outlineColor: new vscode.ThemeColor('corroborate.quoteOutline'),
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        },
      },
      {
        setting: 'reportedSpeech',
        defaultOn: true,
        options: { borderWidth: '0 0 1px 0', borderStyle: 'dotted', borderColor: new vscode.ThemeColor('corroborate.reportedSpeech'), rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed },
      },
    ],
    async compute(entry: LoadedArticle) {
      const quotes = await services.corpus.quotes(entry);
      const direct: { start: number; end: number }[] = [];
      const reported: { start: number; end: number }[] = [];
      for (const q of quotes) {
        if (q.kind === 'none') continue;
        const pieces = q.fragments?.length ? q.fragments : [q];
        (q.kind === 'reported' ? reported : direct).push(...pieces);
      }
      return new Map([['quotes', direct], ['reportedSpeech', reported]]);
    },
  });
  context.subscriptions.push(
    vscode.languages.registerHoverProvider([{ language: 'plaintext' }, { language: 'markdown' }], new QuoteHoverProvider(services)),
    vscode.commands.registerCommand('corroborate.showQuoteAtCursor', () => showQuoteAtCursor(services)),
  );
}
