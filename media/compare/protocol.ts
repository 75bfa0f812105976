/**
 * The Compare sources panel's message contract, shared by the extension host and the webview.
 * No vscode and no Node imports here: both sides compile it. Every message is validated on receipt.
 */

export const PROTOCOL_VERSION = 1;

export type Relation = 'identical' | 'variant' | 'conflict';
export type GroupKind = 'quote' | 'claim';

/** A piece of a member's text: shared with the reference rendering, or differing from it. */
export interface Segment {
  text: string;
  /** same: as in the reference; changed: words this rendering has that the reference does not. */
  op: 'same' | 'changed';
}

export interface MemberView {
  uri: string;
  file: string;
  title: string;
  outlet: string | null;
  date: string | null;
  speaker: string | null;
  start: number;
  end: number;
  segments: Segment[];
}

export interface ConflictView {
  a: number;
  b: number;
  slot: string;
  left: string;
  right: string;
  explanation: string;
}

export interface GroupView {
  id: string;
  kind: GroupKind;
  relation: Relation;
  members: MemberView[];
  conflicts: ConflictView[];
}

export interface Filters {
  quotes: boolean;
  claims: boolean;
  conflictsOnly: boolean;
  search: string;
}

/** What the webview keeps across reloads (getState/setState). */
export interface PanelState {
  version: number;
  filters: Filters;
  focus: string | null;
}

export type HostMessage =
  | { type: 'groups'; version: number; groups: GroupView[]; articles: number; status: string }
  | { type: 'focus'; version: number; groupId: string }
  | { type: 'progress'; version: number; message: string };

export type WebviewMessage =
  | { type: 'ready'; version: number }
  | { type: 'open'; version: number; uri: string; start: number; end: number };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The webview's message, or null when it is not one of ours. */
export function parseWebviewMessage(v: unknown): WebviewMessage | null {
  if (!isObj(v) || v.version !== PROTOCOL_VERSION) return null;
  if (v.type === 'ready') return { type: 'ready', version: PROTOCOL_VERSION };
  if (v.type === 'open' && isStr(v.uri) && isNum(v.start) && isNum(v.end) && v.start >= 0 && v.end >= v.start) {
    return { type: 'open', version: PROTOCOL_VERSION, uri: v.uri, start: v.start, end: v.end };
  }
  return null;
}

function isMember(v: unknown): v is MemberView {
  return isObj(v) && isStr(v.uri) && isStr(v.file) && isStr(v.title) && isNum(v.start) && isNum(v.end) && Array.isArray(v.segments) && v.segments.every(s => isObj(s) && isStr(s.text) && (s.op === 'same' || s.op === 'changed'));
}

function isGroup(v: unknown): v is GroupView {
  return isObj(v) && isStr(v.id) && (v.kind === 'quote' || v.kind === 'claim') && (v.relation === 'identical' || v.relation === 'variant' || v.relation === 'conflict') && Array.isArray(v.members) && v.members.every(isMember) && Array.isArray(v.conflicts);
}

/** The host's message, or null when it is not one of ours. */
export function parseHostMessage(v: unknown): HostMessage | null {
  if (!isObj(v) || v.version !== PROTOCOL_VERSION) return null;
  if (v.type === 'groups' && Array.isArray(v.groups) && v.groups.every(isGroup) && isNum(v.articles) && isStr(v.status)) {
    return { type: 'groups', version: PROTOCOL_VERSION, groups: v.groups as GroupView[], articles: v.articles, status: v.status };
  }
  if (v.type === 'focus' && isStr(v.groupId)) return { type: 'focus', version: PROTOCOL_VERSION, groupId: v.groupId };
  if (v.type === 'progress' && isStr(v.message)) return { type: 'progress', version: PROTOCOL_VERSION, message: v.message };
  return null;
}

/** Groups with conflicts first, then by number of sources, then by id. */
export function sortGroups(groups: GroupView[]): GroupView[] {
  const sources = (g: GroupView) => new Set(g.members.map(m => m.uri)).size;
  return [...groups].sort((a, b) => Number(b.relation === 'conflict') - Number(a.relation === 'conflict') || sources(b) - sources(a) || (a.id < b.id ? -1 : 1));
}

/** The groups the filters let through. */
export function filterGroups(groups: GroupView[], f: Filters): GroupView[] {
  const q = f.search.trim().toLowerCase();
  return groups.filter(g => {
    if (g.kind === 'quote' && !f.quotes) return false;
    if (g.kind === 'claim' && !f.claims) return false;
    if (f.conflictsOnly && g.relation !== 'conflict') return false;
    if (!q) return true;
    return g.members.some(m => [m.file, m.title, m.outlet ?? '', m.speaker ?? '', ...m.segments.map(s => s.text)].join(' ').toLowerCase().includes(q));
  });
}
