/**
 * The Compare sources webview. Builds its DOM with textContent only (article text is never parsed
 * as HTML), keeps filters and focus in getState/setState, and talks to the host through the typed
 * contract in protocol.ts.
 */
import { PROTOCOL_VERSION, filterGroups, parseHostMessage, sortGroups, type Filters, type GroupView, type PanelState, type WebviewMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const saved = vscode.getState() as Partial<PanelState> | undefined;
const state: PanelState = {
  version: PROTOCOL_VERSION,
  filters: { quotes: true, claims: true, conflictsOnly: false, search: '', ...(saved?.version === PROTOCOL_VERSION ? saved.filters : {}) },
  focus: saved?.version === PROTOCOL_VERSION ? saved.focus ?? null : null,
};
let groups: GroupView[] = [];
let status = 'Reading articles…';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

function icon(name: string): HTMLElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

function save(): void {
  vscode.setState(state);
}

const RELATION_LABEL = { identical: 'identical', variant: 'reworded', conflict: 'conflict' } as const;

function renderGroup(g: GroupView): HTMLElement {
  const sources = new Set(g.members.map(m => m.uri)).size;
  const head = el(
    'div',
    { class: 'group-head' },
    icon(g.relation === 'conflict' ? 'warning' : g.kind === 'quote' ? 'quote' : 'checklist'),
    el('span', { class: `badge ${g.relation}` }, RELATION_LABEL[g.relation]),
    el('span', { class: 'kind' }, g.kind === 'quote' ? 'Quote' : 'Claim'),
    el('span', { class: 'count' }, `${sources} source${sources === 1 ? '' : 's'}`),
  );
  const section = el('section', { class: `group ${g.relation}`, id: `group-${g.id}`, tabindex: '0', role: 'listitem', 'aria-label': `${g.kind} in ${sources} sources, ${RELATION_LABEL[g.relation]}` }, head);
  for (const c of g.conflicts) {
    section.append(el('div', { class: 'conflict-note', role: 'note' }, icon('error'), el('span', {}, c.explanation)));
  }
  const list = el('ul', { class: 'members' });
  for (const m of g.members) {
    const text = el('span', { class: 'text' });
    for (const s of m.segments) text.append(s.op === 'changed' ? el('mark', { class: 'diff' }, s.text) : document.createTextNode(s.text));
    const meta = [m.outlet, m.date, m.speaker ? `— ${m.speaker}` : null].filter(Boolean).join(' · ');
    const open = el('button', { class: 'member', title: `Open ${m.file} at this passage` }, el('span', { class: 'source' }, icon('file'), ` ${m.title}`), el('span', { class: 'meta' }, meta ? ` ${meta}` : ''), el('span', { class: 'quote' }, text));
    open.addEventListener('click', () => vscode.postMessage({ type: 'open', version: PROTOCOL_VERSION, uri: m.uri, start: m.start, end: m.end }));
    list.append(el('li', {}, open));
  }
  section.append(list);
  section.addEventListener('focus', () => {
    state.focus = g.id;
    save();
  });
  return section;
}

function render(): void {
  const root = document.getElementById('groups')!;
  const shown = filterGroups(sortGroups(groups), state.filters);
  root.replaceChildren(...shown.map(renderGroup));
  const conflicts = groups.filter(g => g.relation === 'conflict').length;
  document.getElementById('status')!.textContent = `${status} ${shown.length} of ${groups.length} groups shown · ${conflicts} with conflicts.`;
  if (groups.length && !shown.length) root.append(el('p', { class: 'empty' }, 'No group matches the filters.'));
  if (!groups.length) root.append(el('p', { class: 'empty' }, status));
}

function focusGroup(id: string): void {
  state.focus = id;
  save();
  const target = document.getElementById(`group-${id}`);
  if (!target) {
    // a filter hides it: show everything, then focus
    state.filters = { quotes: true, claims: true, conflictsOnly: false, search: '' };
    syncControls();
    render();
  }
  const e = document.getElementById(`group-${id}`);
  if (e) {
    e.scrollIntoView({ block: 'center' });
    e.focus();
    e.classList.add('focused');
  }
}

function syncControls(): void {
  const f: Filters = state.filters;
  (document.getElementById('f-quotes') as HTMLInputElement).checked = f.quotes;
  (document.getElementById('f-claims') as HTMLInputElement).checked = f.claims;
  (document.getElementById('f-conflicts') as HTMLInputElement).checked = f.conflictsOnly;
  (document.getElementById('search') as HTMLInputElement).value = f.search;
}

function bindControls(): void {
  const on = (id: string, key: 'quotes' | 'claims' | 'conflictsOnly') =>
    document.getElementById(id)!.addEventListener('change', e => {
      state.filters[key] = (e.target as HTMLInputElement).checked;
      save();
      render();
    });
  on('f-quotes', 'quotes');
  on('f-claims', 'claims');
  on('f-conflicts', 'conflictsOnly');
  document.getElementById('search')!.addEventListener('input', e => {
    state.filters.search = (e.target as HTMLInputElement).value;
    save();
    render();
  });
  // keyboard: arrow keys move between groups, Enter opens the first rendering of a group
  document.getElementById('groups')!.addEventListener('keydown', e => {
    const current = (e.target as HTMLElement).closest('section.group') as HTMLElement | null;
    if (!current) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = (e.key === 'ArrowDown' ? current.nextElementSibling : current.previousElementSibling) as HTMLElement | null;
      if (next?.matches('section.group')) {
        next.focus();
        e.preventDefault();
      }
    } else if (e.key === 'Enter' && e.target === current) {
      (current.querySelector('button.member') as HTMLButtonElement | null)?.click();
      e.preventDefault();
    }
  });
}

window.addEventListener('message', event => {
  const msg = parseHostMessage(event.data);
  if (!msg) return;
  if (msg.type === 'groups') {
    groups = msg.groups;
    status = msg.status;
    render();
    if (state.focus) focusGroup(state.focus);
  } else if (msg.type === 'focus') {
    focusGroup(msg.groupId);
  } else if (msg.type === 'progress') {
    status = msg.message;
    render();
  }
});

syncControls();
bindControls();
render();
vscode.postMessage({ type: 'ready', version: PROTOCOL_VERSION });
