/**
 * The Compare sources panel: one instance (revealed if open), a strict CSP with a nonce, resources
 * only from the extension's webview folder, state kept by the webview (getState/setState) and
 * restored after a reload through a serializer rather than retainContextWhenHidden.
 */
import * as vscode from 'vscode';
import { PROTOCOL_VERSION, parseWebviewMessage, type GroupView, type HostMessage } from '../../media/compare/protocol';

export const VIEW_TYPE = 'corroborate.compare';

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

export interface PanelData {
  groups: GroupView[];
  articles: number;
  status: string;
}

export class ComparePanel {
  static current: ComparePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private data: PanelData | undefined;
  private ready = false;
  private pendingFocus: string | undefined;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly open: (uri: string, start: number, end: number) => Thenable<unknown>,
    private readonly load: () => Promise<PanelData>,
  ) {
    panel.webview.options = ComparePanel.webviewOptions(extensionUri);
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage(raw => this.receive(raw), null, this.disposables);
    void this.refresh();
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out', 'webview')] };
  }

  /** Shows the panel (creating it once) and, if asked, focuses a group. */
  static createOrShow(extensionUri: vscode.Uri, open: ComparePanel['open'], load: ComparePanel['load'], focus?: string): ComparePanel {
    if (ComparePanel.current) {
      ComparePanel.current.panel.reveal(vscode.ViewColumn.Beside);
    } else {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Compare Sources', vscode.ViewColumn.Beside, ComparePanel.webviewOptions(extensionUri));
      ComparePanel.current = new ComparePanel(panel, extensionUri, open, load);
    }
    if (focus) ComparePanel.current.focus(focus);
    return ComparePanel.current;
  }

  /** A panel VS Code restores after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, open: ComparePanel['open'], load: ComparePanel['load']): void {
    ComparePanel.current = new ComparePanel(panel, extensionUri, open, load);
  }

  /** Recomputes the groups and sends them. */
  async refresh(): Promise<void> {
    this.post({ type: 'progress', version: PROTOCOL_VERSION, message: 'Comparing sources…' });
    try {
      this.data = await this.load();
    } catch (e) {
      this.data = { groups: [], articles: 0, status: `Could not compare: ${(e as Error).message}` };
    }
    this.sendData();
  }

  focus(groupId: string): void {
    if (this.ready && this.data) this.post({ type: 'focus', version: PROTOCOL_VERSION, groupId });
    else this.pendingFocus = groupId;
  }

  private sendData(): void {
    if (!this.ready || !this.data) return;
    this.post({ type: 'groups', version: PROTOCOL_VERSION, ...this.data });
    if (this.pendingFocus) {
      this.post({ type: 'focus', version: PROTOCOL_VERSION, groupId: this.pendingFocus });
      this.pendingFocus = undefined;
    }
  }

  private post(msg: HostMessage): void {
    void this.panel.webview.postMessage(msg);
  }

  private receive(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) return; // not ours: ignored
    if (msg.type === 'ready') {
      this.ready = true;
      this.sendData();
    } else if (msg.type === 'open') {
      // only articles the panel shows may be opened
      if (this.data?.groups.some(g => g.members.some(m => m.uri === msg.uri))) void this.open(msg.uri, msg.start, msg.end);
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview', name));
    const n = nonce();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource} 'nonce-${n}'`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${n}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${n}" href="${asset('codicon.css')}">
<link rel="stylesheet" nonce="${n}" href="${asset('compare.css')}">
<title>Compare Sources</title>
</head>
<body>
<header>
  <div class="controls" role="toolbar" aria-label="Filters">
    <label><input type="checkbox" id="f-quotes"> Quotes</label>
    <label><input type="checkbox" id="f-claims"> Claims</label>
    <label><input type="checkbox" id="f-conflicts"> Conflicts only</label>
    <input type="search" id="search" placeholder="Search sources, speakers, words" aria-label="Search">
  </div>
  <p id="status" role="status" aria-live="polite"></p>
</header>
<main id="groups" role="list" aria-label="Groups of matching quotes and claims"></main>
<script nonce="${n}" src="${asset('compare.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    ComparePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}
