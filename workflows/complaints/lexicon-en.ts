// English complaint lexicon: stems matched by prefix, negation read from the three words before a term.
import { entries, type Lexicon } from './lexicon.ts';

const negative = entries('negative', [
  'worst:1.5', 'terrible:1.5', 'awful:1.5', 'horrible:1.5', 'disgust:1.5', 'appalling:1.5', 'disappoint:1.2', 'unacceptable:1.5',
  'ridiculous:1.2', 'outrageous:1.3', 'useless:1.3', 'rude:1.2', 'unhelpful:1.2', 'dismissive:1.2', 'ignored:1.2', 'ignoring:1.2',
  'unhappy:1.2', 'dissatisf:1.3', 'unsatisf:1.3', 'frustrat:1.2', 'angry:1.2', 'furious:1.5', 'annoy:1.0', 'fed up:1.5',
  'complain:1.2', 'scam:1.8', 'fraud:1.8', 'rip off:1.5', 'ripoff:1.5', 'cheated:1.5', 'lied:1.3', 'misleading:1.2', 'fake:1.3',
  'broke:1.0', 'damage:1.2', 'defect:1.3', 'faulty:1.3', 'tamper:1.5', 'fell apart:1.3', 'falling apart:1.3', 'fall apart:1.3',
  'snapped:0.8', 'stopped working:1.3', 'crash:1.0', 'leak:1.0', 'dirty:1.0', 'dead$:0.8', 'overheat:1.0', 'shuts down:0.6',
  'shut down:0.6', 'botch:1.3', 'ruin:1.2', 'poor:1.0', 'bad$:1.0', 'worse:1.0', 'mess$:0.8', 'messed:1.0', 'mistake:0.7',
  'missing:1.0', 'incomplete:1.0', 'wrong:0.9', 'lost$:1.0', 'stolen:1.0', 'nowhere:0.8', 'someone else:0.7', 'late$:0.6', 'delay:0.8',
  'overcharg:1.5', 'charged twice:1.2', 'charged$:0.5', 'billed$:0.5', 'charge$:0.4', 'refund:0.8', 'replacement:0.5', 'return$:0.3',
  'cancel:0.3', 'reject:1.0', 'locked:0.7', 'waste:1.0', 'hung up:1.2', 'on hold:0.6', 'problem:0.6', 'issue:0.4', 'error:0.6',
  'fault:0.8', 'cold$:0.5', 'down$:0.5', 'unresolved:1.0', 'promised:0.6', "it's been:0.5", 'still$:0.4', 'again$:0.3',
  'times$:0.3', 'every time:0.5', 'third time:0.8', 'nobody:0.5:fixed', 'no one:0.5:fixed', 'why$:0.4', 'joke:1.0',
  'waiting:0.6', 'hours$:0.3', 'stain:1.0', 'burnt:1.0', 'burned:1.0', 'shattered:1.2', 'cracked:1.0', 'scratch:0.8', 'torn:1.0',
  'mould:1.2', 'mold:1.2', 'stale:1.0', 'expired:0.6', 'drain:0.6', 'declined:0.6', 'locked out:1.0', 'nothing like:1.0',
  'advertised:0.5', 'without asking:0.8', 'without warning:0.8', 'without any warning:0.8', 'last time:1.0', 'seriously:0.6',
  'soaked:1.0', 'wet$:0.6', 'bent$:0.8', 'dent:0.8', 'peel:1.0', 'wobbl:0.8', 'rust:0.8', 'stained:1.0', 'rotten:1.2', 'spoiled:1.0',
  'smoke:0.5', 'smelled:0.5', 'stinks:1.0', 'dusty:0.8', 'hair in:1.0', 'poisoning:1.5', 'sick after:1.0', 'bug$:0.5', 'bugs$:0.5',
  'nightmare:1.3', 'passed between:1.0', 'transferred:0.5', 'kept me waiting:1.0', 'deleted:1.0', 'wiped:0.8', 'regret:1.0',
  'half done:1.0', 'unfinished:1.0', 'hidden fee:1.2', 'full price:0.6', 'auto renew:0.5', 'unauthori:1.2', 'keep getting:0.6',
  'still have not:1.0', 'took$:0.3', 'weeks$:0.3', 'months$:0.3', 'closed on me:1.0', 'disconnected:0.8', 'cut off:0.8',
  'switch to:0.6', 'no refund:1.2:fixed', 'no reply:1.0:fixed', 'no response:1.0:fixed', 'no answer:1.0:fixed',
  'no explanation:0.8:fixed', 'without explanation:0.8', 'without any explanation:0.8', 'no update:0.8:fixed', 'suspended:0.8',
  'overbill:1.5', 'jams:1.0', 'skipped:0.8', 'sags:0.8', 'hole in:1.0', 'laughing at:1.2', 'waited:0.6', 'minutes$:0.3', 'done with:1.0',
  'sent me the wrong:1.2', 'sent the wrong:1.2', 'given the wrong:1.2', 'gave me the wrong:1.2', 'piece of plastic:1.0', 'dangerous:1.0', 'twice:0.5', 'even$:0.3:fixed', 'stopped$:0.6', 'bad review:1.2', 'worst:1.5', 'no sound:1.0', 'wont turn on:1.2', 'not turning on:1.2',
  'substitut:0.6', 'reversed:0.5', 'chasing:0.8', 'runaround:1.2', 'unreliable:1.2', 'never again:1.5',
]);

const positive = entries('positive', [
  'thank:0.6', 'thanks:0.6', 'great:0.8', 'love:0.8', 'lovely:0.6', 'perfect:0.8', 'excellent:0.8', 'amazing:0.8', 'happy:0.8',
  'satisfied:0.8', 'helpful:0.6', 'friendly:0.5', 'good:0.5', 'nice:0.5', 'fine$:0.3', 'solved:0.6', 'worked out:0.5', 'quick:0.3',
  'like$:0.3', 'liked:0.3', 'recommend:0.5', 'pleased:0.8',
]);

const expected = entries('expected', [
  'arriv', 'receiv', 'answer', 'respond', 'repl', 'work$', 'works$', 'worked$', 'working$', 'show', 'showed', 'came$', 'come$',
  'call back', 'called back', 'fix', 'happen', 'apply', 'applied', 'went through', 'go through', 'gone through', 'agree',
  'deliver', 'ship', 'finish', 'turned up', 'turn up', 'scan', 'connect', 'start$', 'boot', 'sync', 'install', 'log in', 'login', 'match', 'called me back', 'call me back', 'get back to me', 'got back to me', 'refunded', 'resolv', 'help$', 'helped', 'turn on', 'load', 'open', 'contact', 'get back',
].map((s) => `${s}:1.0`));

/** The speaker's own slip ("I deleted it by mistake") is not the company's fault. */
const neutral = entries('neutral', ['by mistake', 'my mistake', 'my fault', 'my bad']);

const NEGATORS = new Set(['not', 'no', 'never', 'nobody', 'nothing', 'none', 'neither', 'nor', 'cannot', 'without', 'hardly', 'dont', 'didnt', 'doesnt', 'isnt', 'wasnt', 'cant', 'wont', 'havent', 'hasnt', 'arent', 'werent', 'couldnt', 'wouldnt']);
const CONDITIONALS = new Set(['if', 'unless', 'whether']);

export function isEnglishNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't");
}

export const englishLexicon: Lexicon = {
  entries: [...negative, ...positive, ...expected, ...neutral],
  intensifiers: new Set(['very', 'extremely', 'really', 'so', 'absolutely', 'totally', 'incredibly', 'completely', 'utterly', 'super', 'all']),
  isConditional: (tokens) => tokens.some((t) => CONDITIONALS.has(t)),
  negation(tokens, start) {
    // English negates before the word, within a short window.
    for (let k = Math.max(0, start - 3); k < start; k++) if (isEnglishNegator(tokens[k])) return k;
    return undefined;
  },
};
