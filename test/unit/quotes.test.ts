import * as assert from 'node:assert/strict';
import { extractQuotes, quoteRecords, scanQuoteMarks, toQuoteRecord, type Quote } from '../../src/core/quotes';
import { resolveEntities } from '../../src/core/entities/resolve';
import { tag } from './helpers';

/** The quote whose words are exactly `words` (first match), or fails. */
function quote(text: string, quotes: Quote[], words: string): Quote {
  const q = quotes.find(x => text.slice(x.start, x.end) === words);
  assert.ok(q, `no quote "${words}" in ${JSON.stringify(quotes.map(x => `${x.kind}:${text.slice(x.start, x.end)}`))}`);
  return q;
}
/** The words of every quote-mark region. */
const regions = (text: string) => scanQuoteMarks(text).map(r => text.slice(r.start, r.end));
const speakerOf = (text: string, q: Quote) => (q.speakerStart === undefined ? null : text.slice(q.speakerStart, q.speakerEnd));
const cueOf = (text: string, q: Quote) => (q.cueStart === undefined ? null : text.slice(q.cueStart, q.cueEnd));

describe('quotation marks', () => {
  it('reads every house style: “…”, "…", ‘…’ and \'…\'', () => {
    assert.deepEqual(regions('The mayor said: “We are ready.”'), ['We are ready.']);
    assert.deepEqual(regions('The mayor said: "We are ready."'), ['We are ready.']);
    assert.deepEqual(regions('The mayor said: ‘We are ready.’'), ['We are ready.']);
    assert.deepEqual(regions("The mayor said: 'We are ready.'"), ['We are ready.']);
    assert.deepEqual(regions('Le maire a dit : « Nous sommes prêts. »'), [' Nous sommes prêts. ']);
  });

  it('tells apostrophes from single quotes', () => {
    const text = "'It's the dogs' bowls, not the cats' toys, and it's rock 'n' roll from the '90s,' the owner's son said.";
    assert.deepEqual(regions(text), ["It's the dogs' bowls, not the cats' toys, and it's rock 'n' roll from the '90s,"]);
    assert.deepEqual(regions("The dogs' owners said they're fine and the '60s were fun."), []);
    assert.deepEqual(regions('She said ‘the workers’ union’ would strike.'), ['the workers’ union']);
    // a closing ’ used as an apostrophe inside a curly quotation
    assert.deepEqual(regions('‘We’re not done,’ she said. ‘The farmers’ case is strong.’'), ['We’re not done,', 'The farmers’ case is strong.']);
  });

  it('nests quotes of the other family', () => {
    const text = 'He said: “They told me ‘go home’ and I did.”';
    const rs = scanQuoteMarks(text);
    assert.deepEqual(rs.map(r => [text.slice(r.start, r.end), r.depth]), [['They told me ‘go home’ and I did.', 0], ['go home', 1]]);
    const uk = "She said: 'They shouted \"go home\" at us.'";
    assert.deepEqual(scanQuoteMarks(uk).map(r => [uk.slice(r.start, r.end), r.depth]), [['They shouted "go home" at us.', 0], ['go home', 1]]);
  });

  it('continues a quote left open at a paragraph end when the next paragraph opens with a mark', () => {
    const text = "'We will rebuild the bridge,' the engineer said. 'It will take a year.\n\n'After that, traffic returns.'\n\nThe council met later.";
    const rs = scanQuoteMarks(text);
    assert.deepEqual(rs.map(r => text.slice(r.start, r.end)), ['We will rebuild the bridge,', 'It will take a year.', 'After that, traffic returns.']);
    assert.equal(rs[1].continuesNext, true);
    assert.equal(rs[2].continuation, true);
  });

  it('never lets an unbalanced quote run past its paragraph', () => {
    const text = 'The chair said the “plan was fine.\n\nNothing else happened that day, and “nobody complained.\n\nThe end.';
    for (const r of scanQuoteMarks(text)) assert.ok(!text.slice(r.start, r.end).includes('\n'), text.slice(r.start, r.end));
    const q = extractQuotes('“We are fine," said the captain.\n\nThe ship sailed at noon "without delay.\n\nIt arrived.');
    for (const x of q) assert.ok(x.end - x.start < 40);
  });

  it('reads quotes in headlines', () => {
    const text = "Minister hails 'real progress' in border talks\nThe minister said the talks went well.";
    const q = extractQuotes(text);
    const h = quote(text, q, 'real progress');
    assert.equal(h.kind, 'partial');
    assert.equal(speakerOf(text, h), 'Minister');
  });
});

describe('kinds of quotes', () => {
  it('direct, partial, reported and none', () => {
    const text = [
      '"We will not give up," the governor said.',
      'The governor called the ruling a "turning point" for the region.',
      'The governor said the state would appeal the decision next week.',
      'The so-called "plan" was never published.',
      'The new film "Winter Roads" opens on Friday.',
    ].join('\n\n');
    const q = extractQuotes(text);
    assert.equal(quote(text, q, 'We will not give up,').kind, 'direct');
    assert.equal(quote(text, q, 'turning point').kind, 'partial');
    assert.equal(speakerOf(text, quote(text, q, 'turning point')), 'The governor');
    const rep = quote(text, q, 'the state would appeal the decision next week');
    assert.equal(rep.kind, 'reported');
    assert.equal(speakerOf(text, rep), 'The governor');
    assert.equal(cueOf(text, rep), 'said');
    assert.equal(quote(text, q, 'plan').kind, 'none');
    assert.equal(quote(text, q, 'plan').speaker, null);
    assert.equal(quote(text, q, 'Winter Roads').kind, 'none');
  });

  it('reports speech without quote marks: "X said that …", "according to X", "…, X said", "told the BBC"', () => {
    const text = [
      'The ambassador said that the embassy would reopen in March.',
      'According to two officials, the deal was signed overnight.',
      'The storm caused no damage in the harbour, the coastguard said.',
      'The farmer told the BBC the harvest was the worst in a decade.',
    ].join('\n\n');
    const q = extractQuotes(text).filter(x => x.kind === 'reported');
    const got = q.map(x => [text.slice(x.start, x.end), speakerOf(text, x), cueOf(text, x)]);
    assert.deepEqual(got, [
      ['the embassy would reopen in March', 'The ambassador', 'said'],
      ['the deal was signed overnight', 'two officials', 'According to'],
      ['The storm caused no damage in the harbour', 'the coastguard', 'said'],
      ['the harvest was the worst in a decade', 'The farmer', 'told the BBC'],
    ]);
  });
});

describe('speakers', () => {
  it('before, after, inverted and with a colon', () => {
    const text = [
      '"The bridge is safe," Maria Lopez said.',
      '"The road is closed," said Tom Becker, a spokesman for the county.',
      'The inspector told reporters: "We found no cracks."',
      'Ahmed Karim wrote on X: "Back home at last."',
      '"It was close," the coach added.',
    ].join('\n\n');
    const q = extractQuotes(text);
    const check = (words: string, speaker: string, cue: string) => {
      const x = quote(text, q, words);
      assert.equal(x.kind, 'direct');
      assert.equal(speakerOf(text, x), speaker);
      assert.equal(cueOf(text, x), cue);
      assert.ok(x.confidence > 0.5 && x.confidence <= 1);
    };
    check('The bridge is safe,', 'Maria Lopez', 'said');
    check('The road is closed,', 'Tom Becker', 'said');
    check('We found no cracks.', 'The inspector', 'told reporters');
    check('Back home at last.', 'Ahmed Karim', 'wrote on X');
    check('It was close,', 'the coach', 'added');
  });

  it('splits, "adding:" and "in a statement"', () => {
    const text = '"We tried," the captain said, "but the wind won." She later described the race as "brutal", adding: "Next year we come back." In a statement, the club said: "We are proud of the crew."';
    const q = extractQuotes(text);
    assert.equal(speakerOf(text, quote(text, q, 'but the wind won.')), 'the captain');
    assert.equal(speakerOf(text, quote(text, q, 'brutal')), 'She');
    assert.equal(speakerOf(text, quote(text, q, 'Next year we come back.')), 'She');
    assert.equal(speakerOf(text, quote(text, q, 'We are proud of the crew.')), 'the club');
  });

  it('carries the speaker over following quotes and paragraphs until someone else speaks', () => {
    const text = [
      '"We have enough water," said Ruth Adler, who runs the farm.',
      '"The pumps work. The tanks are full."',
      '"But the roads are another matter."',
      '"Nobody listens to us," said Paul Grant, her neighbour.',
      '"Nobody at all."',
    ].join('\n\n');
    const q = extractQuotes(text);
    const second = quote(text, q, 'The pumps work. The tanks are full.');
    assert.equal(speakerOf(text, second), 'Ruth Adler');
    assert.equal(second.implied, true);
    assert.equal(speakerOf(text, quote(text, q, 'But the roads are another matter.')), 'Ruth Adler');
    assert.equal(speakerOf(text, quote(text, q, 'Nobody at all.')), 'Paul Grant');
  });

  it('takes a transcript\'s speaker labels ("HOST: …") and carries each label over its turn', () => {
    const text = [
      'The interview went on for an hour.',
      '"HOST: Governor, will you attend the hearing?"',
      '"DAVIES: Well, look, the schedule is full this week."',
      '"We will see what happens next month."',
      '"HOST: One last question."',
    ].join('\n\n');
    const q = extractQuotes(text);
    assert.equal(speakerOf(text, quote(text, q, 'HOST: Governor, will you attend the hearing?')), 'HOST');
    assert.equal(speakerOf(text, quote(text, q, 'DAVIES: Well, look, the schedule is full this week.')), 'DAVIES');
    const carried = quote(text, q, 'We will see what happens next month.');
    assert.equal(speakerOf(text, carried), 'DAVIES');
    assert.equal(carried.implied, true);
    assert.equal(speakerOf(text, quote(text, q, 'HOST: One last question.')), 'HOST');
  });

  it('carries the speaker into a continued paragraph and across "X said:" paragraphs', () => {
    const text = "The minister said:\n\n'We will build the road. It will take two years.\n\n'Then the trains come.'\n\nThe opposition disagreed.";
    const q = extractQuotes(text);
    const first = quote(text, q, 'We will build the road. It will take two years.');
    assert.equal(speakerOf(text, first), 'The minister');
    const next = quote(text, q, 'Then the trains come.');
    assert.equal(next.continued, true);
    assert.equal(speakerOf(text, next), 'The minister');
  });

  it('resolves pronouns and titles through the document entities', () => {
    const text = [
      'Prime Minister Anna Berg met the union leader Karl Hess on Monday.',
      '"We made progress," she said.',
      '"The Prime Minister listened," Hess said.',
      '"We will meet again," the Prime Minister said.',
      'Mr Hess said he was hopeful.',
      '"Talks resume in May," he added.',
    ].join('\n\n');
    const entities = resolveEntities(text, tag(text, [['Anna Berg', 'PER'], ['Karl Hess', 'PER'], ['Hess', 'PER']]));
    const q = extractQuotes(text, entities);
    assert.equal(quote(text, q, 'We made progress,').speaker, 'Anna Berg');
    assert.equal(quote(text, q, 'The Prime Minister listened,').speaker, 'Karl Hess');
    assert.equal(quote(text, q, 'We will meet again,').speaker, 'Anna Berg');
    assert.equal(quote(text, q, 'Talks resume in May,').speaker, 'Karl Hess');
    assert.equal(speakerOf(text, quote(text, q, 'Talks resume in May,')), 'he');
  });

  it('"he" is the subject of the nearest sentence that names someone, not the last name in it', () => {
    const people: [string, 'PER'][] = [['Karl Hess', 'PER'], ['Tom Lund', 'PER'], ['Hess', 'PER'], ['Lund', 'PER'], ['Acme', 'PER'], ['Ivo Kral', 'PER']];
    const text = [
      'Karl Hess welcomed the plan on Monday, after Tom Lund introduced him as a friend.',
      '"We are close," he said.',
      '"Lund agreed to the terms," Hess said on Tuesday.',
      '"It is a good deal."',
      'He later said the vote would be held in May.',
      'Tom Lund spoke first.',
      'Hess\'s plan for the port remains unclear.',
      '"We will see," he said.',
      'An Acme spokesman, Ivo Kral, said the plant would close. "It is final," he said.',
    ].join('\n\n');
    const entities = resolveEntities(text, tag(text, people));
    const q = extractQuotes(text, entities);
    assert.equal(quote(text, q, 'We are close,').speaker, 'Karl Hess', 'the subject, not the name after "after"');
    const later = q.find(x => text.slice(x.start, x.end).includes('vote would be held'));
    assert.ok(later, 'the reported clause is found');
    assert.equal(speakerOf(text, later), 'He');
    assert.equal(later.speaker, 'Karl Hess', 'a name inside the quotation is not the antecedent');
    assert.equal(quote(text, q, 'We will see,').speaker, 'Karl Hess', 'the possessor of the nearer sentence\'s subject');
    assert.equal(quote(text, q, 'It is final,').speaker, 'Ivo Kral', 'a name describing the next one is not the subject');
  });

  it('resolves a title naming a place to its holder, and "who" to the person just before it', () => {
    const text = [
      'US President Anna Berg met the envoy Karl Hess on Monday.',
      '"We made progress," the US president said.',
      'The talks were welcomed by Karl Hess, who said that the border would open in May.',
      '"The port stays shut," the UK foreign secretary said.',
    ].join('\n\n');
    const entities = resolveEntities(text, tag(text, [['Anna Berg', 'PER'], ['Karl Hess', 'PER'], ['US', 'LOC'], ['UK', 'LOC']]));
    const q = extractQuotes(text, entities);
    assert.equal(quote(text, q, 'We made progress,').speaker, 'Anna Berg');
    const reported = q.find(x => x.kind === 'reported' && text.slice(x.start, x.end).includes('border would open'));
    assert.ok(reported, JSON.stringify(q.map(x => `${x.kind}:${text.slice(x.start, x.end)}`)));
    assert.equal(speakerOf(text, reported), 'who');
    assert.equal(reported.speaker, 'Karl Hess');
    // nobody in the article holds that title: the description as written, not the place in it
    assert.equal(quote(text, q, 'The port stays shut,').speaker, 'the UK foreign secretary');
  });

  it('finds and resolves names without any entities', () => {
    const text = 'Chancellor Otto Weiss spoke in Bonn.\n\n"Taxes will fall," Weiss said.\n\n"Trust me," Sir Otto said.';
    const q = extractQuotes(text);
    assert.equal(quote(text, q, 'Taxes will fall,').speaker, 'Otto Weiss');
    assert.equal(quote(text, q, 'Trust me,').speaker, 'Otto Weiss');
  });

  it('keeps "the official" as the earlier description', () => {
    const text = 'A senior defence official said the drill was routine.\n\n"Nothing unusual," the official said.';
    const q = extractQuotes(text);
    assert.equal(quote(text, q, 'Nothing unusual,').speaker, 'a senior defence official');
  });
});

describe('quote records', () => {
  it('turn quotes into the evaluation format and leave out scare quotes', () => {
    const text = '"We won," the coach said. The "miracle" was over.';
    const q = extractQuotes(text);
    const rec = toQuoteRecord(quote(text, q, 'We won,'))!;
    assert.deepEqual(Object.keys(rec).sort(), ['cue_end', 'cue_start', 'end', 'kind', 'speaker', 'speaker_end', 'speaker_start', 'start']);
    assert.equal(text.slice(rec.speaker_start!, rec.speaker_end!), 'the coach');
    assert.equal(toQuoteRecord(quote(text, q, 'miracle')), null);
    assert.equal(quoteRecords(q).length, 1);
  });
});

describe('offsets', () => {
  it('are UTF-16 indices, with CRLF line ends and astral characters', () => {
    const text = '😀 Intro line 🇺🇦\r\n\r\n"Good news 🎉 today," said Lena Ortiz.\r\n"More soon."';
    const q = extractQuotes(text);
    const a = quote(text, q, 'Good news 🎉 today,');
    assert.equal(speakerOf(text, a), 'Lena Ortiz');
    const b = quote(text, q, 'More soon.');
    assert.equal(speakerOf(text, b), 'Lena Ortiz');
    for (const x of q) assert.ok(!text.slice(x.start, x.end).includes('\r'));
  });
});

describe('hostile input', function () {
  this.timeout(15000);
  // CPU time of this process, so that other jobs on a shared machine do not count.
  const bounded = (name: string, text: string, ms: number) => {
    const t0 = process.cpuUsage();
    const q = extractQuotes(text);
    const used = process.cpuUsage(t0);
    const took = (used.user + used.system) / 1000;
    assert.ok(took < ms, `${name}: ${took.toFixed(0)} ms CPU`);
    return q;
  };
  it('1 MB of quote marks', () => {
    bounded('curly', '“'.repeat(1 << 20), 5000);
    bounded('mixed', '“‘"\'”’'.repeat(175000), 5000);
  });
  it('100,000 apostrophes', () => {
    const q = bounded('apostrophes', "it's ".repeat(100000), 3000);
    assert.equal(q.length, 0);
  });
  it('a 5 MB line', () => {
    bounded('line', 'The clerk said the files were "in order," and the judge agreed. '.repeat(80000), 8000);
  });
});
