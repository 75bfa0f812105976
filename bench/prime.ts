/**
 * (For bench/editEntities.ts `--prime N`: an experiment, not product code. Run to completion
 * before the measured article was opened, in process, it lowered the first-20 median CPU time of
 * an edit by about 14% (4 alternating pairs, load 5–6); run in the worker's idle turns it did not
 * lower the dashboard's edit-to-decoration under load 6–10, so the worker does not run it.)
 *
 * Warming the incremental paths before the first edit. A document's first analysis runs the full
 * passes; the paths an edit runs (the memos' look-ups, paragraphs and speaker candidates taken from
 * the memo and moved, the document passes over mostly remembered pieces) run for the first time on
 * the first edits, and the JIT compiles them over the next few dozen: measured in process on a
 * 5,000-word article, the first 20 edits took about twice the CPU time of edits 40–80, with
 * optimised code still being produced through the first 15–30 edits. `primer` runs a short typing
 * session on a small built-in article (invented, neutral text: names, titles, quotations with and
 * without a verb of speech, reported speech, places, organisations) with a memo of its own, one
 * analysis per step, so a caller with idle time could pay for that compilation then. It reads
 * and writes nothing but its own memo, so results are unchanged (the process-wide caches it fills
 * are keyed by the text they read).
 */
import type { Tagger } from '../src/core/entities/extract';
import { mulberry32 } from '../src/core/random';
import { DocumentMemo } from '../src/core/analysis/incremental';
import { runAnalysis } from '../src/core/analysis/pipeline';

const SAMPLE_PARAGRAPHS = [
  'Harbour council approves new ferry route after months of debate',
  'By Lena Brightwater, Regional Affairs Correspondent',
  'NORTHPORT — The harbour council voted on Tuesday to open a second ferry route across the bay, ending a dispute that had divided residents, fishermen and the port authority since the spring.',
  '"This is the right decision for the town and for the people who work on the water," said council chair Tomas Reyhill after the vote. "We listened to everyone, and we changed the plan twice."',
  'The port authority had warned that the route would crowd the inner channel. Its director, Amelia Okonkwo-Hart, told reporters that the agency would review the timetable before signing off. "We are not against it," she said. "We want it to be safe."',
  'Fishermen were less convinced. "Nobody asked us where our boats are supposed to go," said Devan Marsh, who has fished out of the harbour for thirty years. He added that the association would ask the regional court to look at the decision.',
  'According to the council, the new route will carry up to 900 passengers a day from next May. A spokesperson for the Coastal Transport Agency said the agency expected demand to grow, and that ticket prices would stay the same for the first year.',
  'Mayor Ines Caldor welcomed the vote in a statement on Wednesday, calling it "a fair compromise". The mayor said the town would use part of the fees to repair the old pier.',
  '"It took too long," Reyhill admitted. The chair said the council had received more than 400 letters, most of them in favour.',
  'Okonkwo-Hart said on Thursday that inspectors from the National Maritime Office would visit the channel next month. The official declined to say whether the authority would appeal.',
  'Residents of the east shore, where the new terminal will be built, told the Northport Gazette that they feared traffic on Harbour Road. "We were promised a quiet street," one of them said.',
  'The ferry operator, Bluewater Lines, said it would hire twelve crew members and buy a second boat from a shipyard in Valmora.',
];

/** The sample article: a date line, then the paragraphs above (about 600 words). */
export const PRIMER_ARTICLE = `2025-05-06\n${SAMPLE_PARAGRAPHS.join('\n\n')}\n`;

const INSERTS = ['new', 'the', 'Council', '"', 'said', 'Marsh,', 'and', 'on Monday'];

/**
 * A typing session on the sample article with a memo of its own: each call of the returned
 * function runs one analysis (the first a full one, then one per edit: a word inserted, removed or
 * a paragraph split) and returns whether steps remain. `steps`: edits after the first analysis.
 */
export function primer(tagger: Tagger, steps = 40): () => boolean {
  const memo = new DocumentMemo();
  const r = mulberry32(20251106);
  let text = PRIMER_ARTICLE;
  let k = -1;
  return () => {
    if (k >= steps) return false;
    if (k >= 0) {
      const at = text.indexOf(' ', Math.floor(r() * text.length));
      const what = r();
      if (at < 0) text += ' new';
      else if (what < 0.6) text = `${text.slice(0, at)} ${INSERTS[Math.floor(r() * INSERTS.length)]}${text.slice(at)}`;
      else if (what < 0.9) {
        // the word after `at` removed
        const end = text.indexOf(' ', at + 1);
        if (end > at) text = text.slice(0, at) + text.slice(end);
      } else text = `${text.slice(0, at)}\n\n${text.slice(at + 1)}`;
    }
    runAnalysis({ uri: 'memory:primer.txt', text, maxBytes: 1e6, entities: true }, tagger, memo);
    k++;
    return k < steps;
  };
}
