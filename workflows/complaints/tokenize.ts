// Splits a message into clauses of loosely folded tokens: negation and conditionals stay inside a clause.
import { foldLoose } from '../text/fold.ts';

export function clausesOf(text: string): string[][] {
  return foldLoose(text.replace(/[’‘`]/g, "'"))
    .split(/[.!?;,:\n()]+|\s-\s/)
    .map((clause) =>
      clause
        .split(/[^\p{L}\p{N}']+/u)
        .map((t) => t.replace(/^'+|'+$/g, ''))
        .filter(Boolean),
    )
    .filter((tokens) => tokens.length > 0);
}
