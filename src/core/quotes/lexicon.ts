/**
 * General English knowledge for attribution: reporting verbs and their forms, speech nouns, role
 * nouns that can be sources ("official", "spokesman"), pronouns and titles. Nothing here is tied to
 * any story, outlet or person.
 */

/** Irregular forms of reporting verbs: base → [3rd person, past, past participle, -ing]. */
const IRREGULAR: Record<string, string[]> = {
  say: ['says', 'said', 'saying'],
  tell: ['tells', 'told', 'telling'],
  write: ['writes', 'wrote', 'written', 'writing'],
  think: ['thinks', 'thought', 'thinking'],
  feel: ['feels', 'felt', 'feeling'],
  find: ['finds', 'found', 'finding'],
  show: ['shows', 'showed', 'shown', 'showing'],
  go: ['goes', 'went', 'gone', 'going'],
  hold: ['holds', 'held', 'holding'],
  make: ['makes', 'made', 'making'],
  speak: ['speaks', 'spoke', 'spoken', 'speaking'],
  hit: ['hits', 'hit', 'hitting'],
  fire: ['fires', 'fired', 'firing'],
  put: ['puts', 'put', 'putting'],
  begin: ['begins', 'began', 'begun', 'beginning'],
  quip: ['quips', 'quipped', 'quipping'],
  admit: ['admits', 'admitted', 'admitting'],
  know: ['knows', 'knew', 'known', 'knowing'],
  forecast: ['forecasts', 'forecast', 'forecasting'],
  read: ['reads', 'read', 'reading'],
  cry: ['cries', 'cried', 'crying'],
  reply: ['replies', 'replied', 'replying'],
  deny: ['denies', 'denied', 'denying'],
  testify: ['testifies', 'testified', 'testifying'],
  clarify: ['clarifies', 'clarified', 'clarifying'],
  signal: ['signals', 'signalled', 'signaled', 'signalling', 'signaling'],
  tweet: ['tweets', 'tweeted', 'tweeting'],
  post: ['posts', 'posted', 'posting'],
  rebut: ['rebuts', 'rebutted', 'rebutting'],
  snap: ['snaps', 'snapped', 'snapping'],
  plead: ['pleads', 'pleaded', 'pled', 'pleading'],
  swear: ['swears', 'swore', 'sworn', 'swearing'],
  teach: ['teaches', 'taught', 'teaching'],
  hear: ['hears', 'heard', 'hearing'],
  see: ['sees', 'saw', 'seen', 'seeing'],
  bet: ['bets', 'bet', 'betting'],
};

function forms(base: string): string[] {
  if (IRREGULAR[base]) return [base, ...IRREGULAR[base]];
  let third = base + 's';
  if (/(?:s|sh|ch|x|z)$/.test(base)) third = base + 'es';
  else if (/[^aeiou]y$/.test(base)) third = base.slice(0, -1) + 'ies';
  let past = base + 'ed';
  let ing = base + 'ing';
  if (base.endsWith('e')) {
    past = base + 'd';
    ing = base.slice(0, -1) + 'ing';
  } else if (/[^aeiou]y$/.test(base)) past = base.slice(0, -1) + 'ied';
  return [base, third, past, ing];
}

/** Verbs that introduce a direct quotation ("…," she said / she warned: "…"). */
const SPEECH_VERBS = (
  'say tell add ask write tweet post state note explain argue claim insist warn declare announce acknowledge admit ' +
  'answer reply respond recall remark comment continue conclude suggest predict promise vow pledge urge stress ' +
  'emphasise emphasize contend maintain assert allege confirm deny report testify complain boast joke quip muse ' +
  'observe counter retort shout yell exclaim whisper scream cry plead concede caution reiterate repeat mutter ' +
  'murmur sigh laugh chuckle snap reason lament charge thunder proclaim affirm agree object protest interject ' +
  'begin summarise summarize offer opine posit speculate wonder inquire enquire demand recount reveal disclose ' +
  'confess specify clarify elaborate indicate hint imply brag gush scoff grumble moan bemoan decry read ' +
  'rebut fume rage recollect predict estimate forecast tell inform advise assure reassure remind explain ' +
  'echo cite quote write blog message text email preach chant sing pray vent tout'
).split(/\s+/);

/** Verbs that take a reported clause ("X said (that) …", "X believes …"). */
const REPORT_VERBS = (
  'say tell add state note explain argue claim insist warn declare announce acknowledge admit recall remark ' +
  'suggest predict promise vow pledge stress emphasise emphasize contend maintain assert allege confirm deny ' +
  'report testify complain boast observe counter concede caution reiterate repeat reveal disclose indicate ' +
  'signal hint imply believe think feel hope fear worry expect estimate reckon conclude find show write tweet ' +
  'post agree accept assure reassure remind inform answer reply respond predict forecast project guess ' +
  'speculate reason acknowledge certify guarantee threaten swear bet know understand learn hear see say ' +
  'propose recommend demand urge ask wonder question doubt dispute suspect determine decide rule contend ' +
  'specify clarify elaborate mention advise counsel theorize theorise posit emphasize underscore highlight ' +
  'lament complain grumble charge accuse blame'
).split(/\s+/);

/** Verbs that frame a short quoted fragment: called it "a disaster", described the talks as "good". */
const FRAME_VERBS = (
  'call describe dub label brand term characterise characterize hail praise deride denounce slam blast ' +
  'criticise criticize dismiss condemn welcome laud decry mock ridicule name nickname refer promise vow pledge ' +
  'urge demand warn insist tout highlight stress emphasise emphasize cite quote promise declare announce'
).split(/\s+/);

function formSet(bases: string[]): Set<string> {
  const s = new Set<string>();
  for (const b of bases) for (const f of forms(b)) s.add(f);
  return s;
}

export const SPEECH_FORMS = formSet(SPEECH_VERBS);
export const REPORT_FORMS = formSet(REPORT_VERBS);
export const FRAME_FORMS = formSet(FRAME_VERBS);

/** Forms of "say" and "tell", the commonest and surest cues. */
export const CORE_CUES = new Set(['say', 'says', 'said', 'saying', 'tell', 'tells', 'told', 'telling', 'add', 'adds', 'added', 'adding']);

/** Verbs that, in the -ing form after a comma, add to a quote: "…," he said, adding: "…". */
export const ING_CUES = new Set([...SPEECH_FORMS].filter(f => f.endsWith('ing')));

/** Objects of "told" that are audiences, not content: told reporters / the BBC / CNN / him. */
export const AUDIENCE_WORDS = new Set([
  'reporters', 'journalists', 'the', 'a', 'an', 'him', 'her', 'them', 'us', 'me', 'you', 'lawmakers', 'supporters',
  'members', 'viewers', 'listeners', 'readers', 'colleagues', 'staff', 'parliament', 'congress', 'mps', 'senators',
  'delegates', 'crowd', 'crowds', 'audience', 'audiences', 'voters', 'students', 'donors', 'investors', 'analysts',
  'this', 'that', 'his', 'their', 'its', 'our', 'my', 'your', 'press', 'media', 'newspaper', 'paper', 'magazine',
  'radio', 'television', 'tv', 'station', 'network', 'committee', 'court', 'jury', 'judge', 'officials', 'police',
  'investigators', 'prosecutors', 'rally', 'gathering', 'conference', 'meeting', 'newsroom', 'agency', 'outlet',
]);

/** Words that can come between a subject and its verb: "he later said", "Trump has since said". */
export const ADVERBS = new Set([
  'also', 'later', 'then', 'has', 'have', 'had', 'would', 'will', 'could', 'should', 'may', 'might', 'must', 'did', 'does', 'do',
  'since', 'previously', 'earlier', 'again', 'once', 'repeatedly', 'originally', 'initially', 'recently', 'first',
  'reportedly', 'allegedly', 'publicly', 'privately', 'separately', 'further', 'subsequently', 'finally', 'already',
  'often', 'frequently', 'always', 'never', 'not', 'still', 'quickly', 'immediately', 'simply', 'flatly', 'bluntly',
  'angrily', 'calmly', 'quietly', 'loudly', 'firmly', 'confidently', 'openly', 'recently', 'ultimately', 'directly',
  'herself', 'himself', 'themselves', 'itself', 'is', 'was', 'are', 'were', 'been', 'being', 'just', 'even', 'only',
  'has', 'insistently', 'emphatically', 'tersely', 'sharply', 'forcefully', 'now', 'today', 'yesterday', 'last',
  'once', 'famously', 'memorably', 'jokingly', 'cheerfully', 'proudly', 'in', 'on', 'he', 'she',
]);

/** Pronouns that can be speakers, with the gender they imply. */
export const PRONOUNS: Record<string, 'm' | 'f' | 'p' | 'n' | 'x'> = {
  he: 'm', she: 'f', they: 'p', it: 'n', i: 'x', we: 'p', his: 'm', her: 'f', their: 'p', its: 'n', him: 'm', them: 'p',
};

/** Nouns naming people or bodies that speak: "a senior official", "the spokesman", "sources". */
export const ROLE_NOUNS = new Set(
  (
    'official officials spokesman spokeswoman spokesperson spokespeople spokesmen spokeswomen source sources aide aides ' +
    'adviser advisers advisor advisors minister ministers secretary president vice-president premier chancellor ' +
    'senator senators congressman congresswoman representative representatives lawmaker lawmakers legislator legislators ' +
    'governor governors mayor mayors leader leaders chief chiefs director directors chairman chairwoman chair ' +
    'executive executives ceo founder officer officers commander commanders general generals diplomat diplomats ' +
    'ambassador ambassadors envoy envoys negotiator negotiators analyst analysts expert experts economist economists ' +
    'researcher researchers scientist scientists professor professors lawyer lawyers attorney attorneys prosecutor ' +
    'prosecutors judge judges witness witnesses resident residents voter voters supporter supporters critic critics ' +
    'opponent opponents activist activists campaigner campaigners candidate candidates nominee strategist strategists ' +
    'pollster pollsters consultant consultants manager managers employee employees worker workers member members ' +
    'person people man woman men women friend friends neighbour neighbor neighbours neighbors relative relatives ' +
    'colleague colleagues ally allies observer observers insider insiders statement report reports study studies ' +
    'poll polls survey surveys document documents letter memo filing lawsuit complaint ruling indictment email emails ' +
    'tweet post campaign administration government ministry department agency office embassy council committee ' +
    'commission court police party company firm group organisation organization union bank spokespeople staffer ' +
    'staffers organizer organizers organiser organisers host anchor reporter reporters journalist journalists editor ' +
    'owner student students teacher parent parents doctor doctors nurse officials investigator investigators ' +
    'detective detectives authorities authority regulator regulators administrator king queen prince pope ' +
    'speaker whip counsel adviser operative operatives surrogate surrogates backer backers donor donors ' +
    'protester protesters demonstrator demonstrators victim victims survivor survivors father mother son daughter ' +
    'husband wife brother sister democrat democrats republican republicans conservative conservatives liberal liberals ' +
    'progressive progressives moderates moderate independent independents delegate delegates'
  ).split(/\s+/),
);

/** Heads that are not sources even when they precede "said": dates, places in time phrases. */
export const NOT_SPEAKER = new Set([
  'which', 'that', 'who', 'whom', 'what', 'this', 'these', 'those', 'there', 'here', 'and', 'but', 'or', 'so', 'as',
  'if', 'when', 'while', 'because', 'although', 'though', 'than', 'then', 'where', 'why', 'how', 'to', 'of', 'in', 'on',
  'at', 'by', 'for', 'with', 'from', 'into', 'about', 'after', 'before', 'monday', 'tuesday', 'wednesday', 'thursday',
  'friday', 'saturday', 'sunday', 'today', 'yesterday', 'tomorrow', 'week', 'month', 'year', 'it', 'one', 'all',
  'some', 'many', 'most', 'both', 'each', 'either', 'neither', 'anyone', 'everyone', 'someone', 'nobody', 'none',
]);

/** Words that make up descriptions before a role noun: "a senior White House official". */
export const DESCRIPTOR_WORDS = new Set(
  (
    'a an the his her their its our my one two three several some many other another two senior junior top former ' +
    'current chief deputy acting interim longtime long-time veteran leading prominent key local state federal national ' +
    'regional foreign military police government administration campaign party white house press ' +
    'us u.s. uk u.k. eu un u.n. british american european french german russian ukrainian chinese israeli iranian ' +
    'palestinian indian japanese canadian australian turkish polish democratic republican conservative labour ' +
    'liberal independent anonymous unnamed unidentified knowledgeable familiar close high-ranking high-level ' +
    'mid-level low-level defence defense security intelligence economic financial health foreign justice trade ' +
    'energy education environment treasury interior finance communications new old young elderly retired ' +
    'private public independent outside inside congressional parliamentary diplomatic legal medical city county ' +
    'district regional provincial municipal western eastern northern southern'
  ).split(/\s+/),
);

/** Titles and ranks that can head a description: "the Prime Minister", "the US president". */
export const TITLE_HEADS = new Set(
  (
    'president prime minister premier chancellor secretary senator governor mayor ambassador envoy king queen prince ' +
    'princess pope leader chairman chairwoman chair speaker director commissioner general admiral colonel judge ' +
    'justice attorney spokesman spokeswoman spokesperson ceo founder chief emir sultan sheikh monarch dictator ' +
    'strongman foreign-minister secretary-general'
  ).split(/\s+/),
);

/** Honorifics written before names. */
export const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'mx', 'miss', 'dr', 'sir', 'dame', 'lord', 'lady', 'prof', 'professor', 'rev', 'reverend', 'sen', 'rep', 'gov', 'gen', 'col', 'capt', 'lt', 'sgt', 'maj', 'adm', 'president', 'senator', 'governor', 'mayor', 'judge', 'justice', 'minister', 'secretary', 'chancellor', 'ambassador', 'king', 'queen', 'prince', 'princess', 'pope', 'father', 'sister', 'brother', 'rabbi', 'imam', 'sheikh', 'emir', 'deputy', 'vice', 'prime', 'representative', 'congressman', 'congresswoman', 'leader', 'speaker', 'commissioner', 'director', 'chief', 'chairman', 'chairwoman', 'spokesman', 'spokeswoman', 'spokesperson', 'envoy', 'officer', 'attorney', 'general']);

/** Gendered honorifics. */
export const MALE_TITLES = new Set(['mr', 'sir', 'lord', 'king', 'prince', 'father', 'brother', 'congressman', 'chairman', 'spokesman', 'duke', 'baron', 'emir', 'sultan', 'sheikh', 'pope']);
export const FEMALE_TITLES = new Set(['mrs', 'ms', 'miss', 'dame', 'lady', 'queen', 'princess', 'sister', 'congresswoman', 'chairwoman', 'spokeswoman', 'duchess', 'baroness']);

/** Common English first names by gender (a small general list; unknown names are compatible with both). */
export const MALE_NAMES = new Set(
  (
    'james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark ' +
    'donald steven steve paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob ' +
    'gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick ' +
    'raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy ' +
    'christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe ' +
    'bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason ' +
    'philip louis bill mike chris ben tim tom jim dick harry sam max hugo oliver leo luke jake matt nick dan greg rob bob ' +
    'tony ed ted ray ian neil simon martin alex mohammed muhammad ahmed ali omar hassan abdullah sergei ivan pierre jean'
  ).split(/\s+/),
);
export const FEMALE_NAMES = new Set(
  (
    'mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra ' +
    'ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura ' +
    'cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma samantha katherine christine debra ' +
    'rachel catherine carolyn janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina ' +
    'lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara ' +
    'janice jean alice madison doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia ' +
    'marie diana brittany natalie isabella charlotte rose alexis kayla liz jane kate lucy claire louise anne sophie'
  ).split(/\s+/),
);

/** Months and weekdays: capitalised but never names. */
export const CALENDAR = new Set(
  'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec'.split(
    ' ',
  ),
);

/** Capitalised words at a sentence start that are not names. */
/** Auxiliary and modal verb forms: a verb right after a subject ("X has", "X would"), never a name's word. */
export const AUXILIARY_FORMS = /^(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|did|do)$/;

export const FUNCTION_WORDS = new Set(
  (
    'the a an and but or so yet for nor if when while as at in on of to by with from into after before since until ' +
    'because although though however meanwhile still also then there here this that these those it its he she they ' +
    'we i you his her their our my your who what which where why how not no yes all some many most both each every ' +
    'one two three four five six seven eight nine ten first second third last next other another such only just even ' +
    'speaking asked according during under over about against between among through without within despite amid'
  ).split(/\s+/),
);

/** Phrasal verbs of speech: "went on", "shot back", "chimed in", "pointed out". */
const PARTICLE_VERBS: [string, string][] = [
  ['go', 'on'], ['chime', 'in'], ['shoot', 'back'], ['fire', 'back'], ['hit', 'back'], ['point', 'out'], ['weigh', 'in'],
  ['sum', 'up'], ['cut', 'in'], ['speak', 'up'], ['speak', 'out'], ['pipe', 'up'], ['lash', 'out'], ['push', 'back'], ['break', 'in'],
];
IRREGULAR.shoot = ['shoots', 'shot', 'shooting'];
IRREGULAR.sum = ['sums', 'summed', 'summing'];
IRREGULAR.cut = ['cuts', 'cut', 'cutting'];
IRREGULAR.break = ['breaks', 'broke', 'broken', 'breaking'];
export const PARTICLE_FORMS = new Map<string, string>();
for (const [verb, particle] of PARTICLE_VERBS) for (const f of forms(verb)) PARTICLE_FORMS.set(f, particle);

/**
 * Verbs of communication and stance whose object is what a source said or holds ("X criticised the
 * plan", "X called for a ban", "X discussed the deal"): attributions without a reported clause.
 */
const STANCE_VERBS = (
  'discuss criticise criticize praise endorse support oppose reject dismiss defend attack blame accuse propose ' +
  'describe characterise characterize pitch tout promote question challenge dispute cite mention highlight address ' +
  'raise outline detail unveil recommend demand request welcome condemn denounce slam blast applaud hail back ' +
  'favour favor want rule decry lament blast mock ridicule deride target vow pledge promise threaten call urge ' +
  'push advocate champion float suggest acknowledge concede admit deny confirm announce reveal disclose predict ' +
  'forecast estimate project signal hint doubt fear'
).split(/\s+/);
export const STANCE_FORMS = new Set<string>();
for (const b of STANCE_VERBS) for (const f of forms(b)) if (!f.endsWith('ing')) STANCE_FORMS.add(f);
