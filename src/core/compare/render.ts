/**
 * Reports of compared sources: Markdown, and a standalone HTML page (inline CSS, no script, no
 * remote content; every string that comes from an article is escaped).
 */
import type { CompareGroup, GroupMember } from './types';

export interface RenderOptions {
  /** Heading of the report. */
  title?: string;
  /** Number of articles compared (shown in the summary). */
  articles?: number;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, c => HTML_ESCAPES[c]);
}

function escapeMarkdown(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

function where(m: GroupMember): string {
  return [m.outlet, m.date, m.speaker ? `speaker: ${m.speaker}` : undefined].filter(Boolean).join(', ');
}

function summary(groups: CompareGroup[]) {
  const count = (r: string) => groups.filter(g => g.relation === r).length;
  return { conflicts: count('conflict'), variants: count('variant'), identical: count('identical') };
}

/** A readable report: one section per group, conflicts first. */
export function renderMarkdown(groups: CompareGroup[], options: RenderOptions = {}): string {
  const s = summary(groups);
  const lines = [`# ${escapeMarkdown(options.title ?? 'Compared sources')}`, ''];
  lines.push(`${options.articles !== undefined ? `${options.articles} articles, ` : ''}${groups.length} groups: ${s.conflicts} with conflicts, ${s.variants} worded differently, ${s.identical} identical.`, '');
  for (const [n, g] of groups.entries()) {
    lines.push(`## ${n + 1}. ${g.kind === 'quote' ? 'Quote' : 'Claim'} in ${g.sources} sources — ${g.relation}`, '');
    for (const c of g.conflicts) lines.push(`- **Conflict** (${escapeMarkdown(g.members[c.a].file)} vs ${escapeMarkdown(g.members[c.b].file)}): ${escapeMarkdown(c.explanation)}`);
    if (g.conflicts.length) lines.push('');
    for (const [k, m] of g.members.entries()) {
      const meta = where(m);
      lines.push(`${k + 1}. **${escapeMarkdown(m.file)}** ${m.start}–${m.end}${meta ? ` (${escapeMarkdown(meta)})` : ''}${k === g.reference ? ' — reference' : ''}`);
      lines.push(`   > ${escapeMarkdown(m.text)}`);
      const d = g.diffs.find(x => x.member === k);
      if (d) {
        const added = d.ops.filter(o => o.op === 'added').map(o => m.text.slice(o.start - m.start, o.end - m.start));
        const removed = d.ops.filter(o => o.op === 'removed').map(o => g.members[g.reference].text.slice(o.start - g.members[g.reference].start, o.end - g.members[g.reference].start));
        if (added.length || removed.length) {
          const parts = [];
          if (added.length) parts.push(`adds ${added.map(x => `"${escapeMarkdown(x)}"`).join(', ')}`);
          if (removed.length) parts.push(`lacks ${removed.map(x => `"${escapeMarkdown(x)}"`).join(', ')}`);
          lines.push(`   (against the reference: ${parts.join('; ')})`);
        }
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** The member's text with the words that differ from the reference marked (and conflict slots). */
function highlighted(g: CompareGroup, k: number): string {
  const m = g.members[k];
  const marks: { start: number; end: number; cls: string }[] = [];
  const d = g.diffs.find(x => x.member === k);
  if (d) for (const o of d.ops) if (o.op === 'added') marks.push({ start: o.start, end: o.end, cls: 'diff' });
  if (k === g.reference) {
    for (const x of g.diffs) for (const o of x.ops) if (o.op === 'removed') marks.push({ start: o.start, end: o.end, cls: 'diff' });
  }
  for (const c of g.conflicts) {
    if (c.a === k) marks.push({ start: c.leftStart, end: c.leftEnd, cls: 'conflict' });
    if (c.b === k) marks.push({ start: c.rightStart, end: c.rightEnd, cls: 'conflict' });
  }
  // one class per character, conflicts over differences
  const n = m.end - m.start;
  const cls: (string | null)[] = new Array(n).fill(null);
  for (const mk of marks.sort((x, y) => (x.cls === 'conflict' ? 1 : 0) - (y.cls === 'conflict' ? 1 : 0))) {
    for (let i = Math.max(mk.start, m.start); i < Math.min(mk.end, m.end); i++) cls[i - m.start] = mk.cls;
  }
  let out = '';
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && cls[j] === cls[i]) j++;
    const piece = escapeHtml(m.text.slice(i, j));
    out += cls[i] ? `<mark class="${cls[i]}">${piece}</mark>` : piece;
    i = j;
  }
  return out;
}

const CSS = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.1rem;margin:0 0 .5rem}
section{border:1px solid #d0d7de;border-radius:8px;padding:1rem;margin:1rem 0}
section.conflict{border-color:#cf222e;border-width:2px}
.badge{display:inline-block;font-size:.75rem;padding:0 .5rem;border-radius:1rem;background:#eaeef2;margin-left:.4rem;vertical-align:middle}
.badge.conflict{background:#ffebe9;color:#a40e26}.badge.identical{background:#dafbe1;color:#116329}
ol{padding-left:1.4rem}li{margin:.5rem 0}
.src{font-size:.85rem;color:#59636e}.ref{font-weight:600}
blockquote{margin:.2rem 0;padding:.2rem .8rem;border-left:3px solid #d0d7de}
mark.diff{background:#fff1c2}mark.conflict{background:#ffcecb;outline:1px solid #cf222e}
ul.conflicts{color:#a40e26;padding-left:1.2rem}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}section{border-color:#30363d}.badge{background:#30363d}mark.diff{background:#5a4a00;color:#fff}mark.conflict{background:#8e1519;color:#fff}.src{color:#9198a1}}`;

/** A standalone page: groups with conflicts first, then by number of sources; differences highlighted. */
export function renderHtml(groups: CompareGroup[], options: RenderOptions = {}): string {
  const s = summary(groups);
  const title = escapeHtml(options.title ?? 'Compared sources');
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title><style>${CSS}</style></head><body>`,
    `<h1>${title}</h1>`,
    `<p>${options.articles !== undefined ? `${options.articles} articles, ` : ''}${groups.length} groups: ${s.conflicts} with conflicts, ${s.variants} worded differently, ${s.identical} identical. <mark class="diff">Yellow</mark>: words that differ from the reference; <mark class="conflict">red</mark>: conflicting details.</p>`,
  ];
  for (const [n, g] of groups.entries()) {
    out.push(`<section class="${g.relation}"><h2>${n + 1}. ${g.kind === 'quote' ? 'Quote' : 'Claim'} in ${g.sources} sources<span class="badge ${g.relation}">${g.relation}</span></h2>`);
    if (g.conflicts.length) {
      out.push('<ul class="conflicts">');
      for (const c of g.conflicts) out.push(`<li>${escapeHtml(c.explanation)} <span class="src">(${escapeHtml(g.members[c.a].file)} vs ${escapeHtml(g.members[c.b].file)})</span></li>`);
      out.push('</ul>');
    }
    out.push('<ol>');
    for (const [k, m] of g.members.entries()) {
      const meta = where(m);
      out.push(`<li><div class="src${k === g.reference ? ' ref' : ''}">${escapeHtml(m.file)} · ${m.start}–${m.end}${meta ? ` · ${escapeHtml(meta)}` : ''}${k === g.reference ? ' · reference' : ''}</div><blockquote>${highlighted(g, k)}</blockquote></li>`);
    }
    out.push('</ol></section>');
  }
  out.push('</body></html>', '');
  return out.join('\n');
}
