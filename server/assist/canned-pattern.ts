// Recognises a canned response in a sent reply, whatever its variables were filled with.
import { parsePlaceholders } from '../../workflows/templates/parse-template.ts';
import { foldText } from '../lib/fold-text.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const squash = (s: string) => foldText(s).replace(/\s+/g, ' ').trim();

/**
 * A matcher for replies that were this canned response: the fixed text must match exactly (folded, spaces
 * squashed), each `{{ variable }}` may be anything. Past replies that used it count as evidence for it.
 */
export function cannedMatcher(content: string): (reply: string) => boolean {
  let matcher = compiled.get(content);
  if (!matcher) {
    // Edited responses leave old entries behind; starting over now and then keeps the memory bounded.
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    matcher = compile(content);
    compiled.set(content, matcher);
  }
  return matcher;
}

/** Compiled per text, not per request: suggestions test every past reply against every canned response. */
const compiled = new Map<string, (reply: string) => boolean>();
const MAX_COMPILED = 2_000;

function compile(content: string): (reply: string) => boolean {
  const folded = squash(content);
  let pattern = '';
  let rest = folded;
  for (const p of parsePlaceholders(folded)) {
    const at = rest.indexOf(p.raw);
    if (at < 0) continue;
    pattern += escape(rest.slice(0, at)) + '.*?';
    rest = rest.slice(at + p.raw.length);
  }
  const regex = new RegExp(`^${pattern}${escape(rest)}$`, 's');
  return (reply) => regex.test(squashedReply(reply));
}

/** One reply is tested against every canned response in turn: fold it once, not once per response. */
let lastReply: string | undefined;
let lastSquashed = '';
function squashedReply(reply: string): string {
  if (reply !== lastReply) {
    lastReply = reply;
    lastSquashed = squash(reply);
  }
  return lastSquashed;
}
