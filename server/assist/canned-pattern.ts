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
  return (reply) => regex.test(squash(reply));
}
