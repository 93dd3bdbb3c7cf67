// A past agent reply made fit for another customer: its customer's name becomes this one's, never shown to someone else.
import { nameParts } from '../../workflows/facts.ts';

/** A Turkish honorific after a first name belongs to that person ("Hakan Bey", "Ayşe Hanım"), so it goes with the name. */
const HONORIFIC = String.raw`(?:\s+(?:Bey|Hanım|Hanim|Hn\.))?`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const word = (s: string, after = '') => new RegExp(String.raw`(?<![\p{L}\p{N}])${escape(s)}${after}(?![\p{L}\p{N}])`, 'gu');

/**
 * The reply with the name of the customer it was written to (`pastName`) turned into `{{contact.name}}`,
 * `{{contact.firstName}}` and `{{contact.lastName}}`, filled like a canned response's variables; `personal` when it named them.
 */
export function replyTemplate(reply: string, pastName: string | null): { text: string; personal: boolean } {
  const full = pastName?.trim().replace(/\s+/g, ' ');
  if (!full) return { text: reply, personal: false };
  const { firstName, lastName } = nameParts(full);
  // A one-word name is a first name (it may carry an honorific).
  let text = lastName ? reply.replace(word(full), '{{contact.name}}') : reply;
  if (firstName && firstName.length > 1) text = text.replace(word(firstName, HONORIFIC), '{{contact.firstName}}');
  if (lastName && lastName.length > 1) text = text.replace(word(lastName), '{{contact.lastName}}');
  return { text, personal: text !== reply };
}
