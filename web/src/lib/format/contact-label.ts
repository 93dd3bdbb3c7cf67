// What stands where a contact's name goes: the name, else their best identity, so a contact who never gave a name
// is still a visible, clickable, findable row everywhere (lists, headers, search, merge, notifications).
import { bestIdentity } from '../../../../connectors/channel-kinds.ts';
import { identityText, type IdentityLike } from './identity';

export { bestIdentity };

interface ContactLike {
  name?: string | null;
  identities?: readonly IdentityLike[] | null;
}

/** A Telegram user id means nothing to a person; the @username kept beside it does. */
function handleText(identity: IdentityLike, channels: readonly { id: string; name: string }[]): string {
  const username = identity.attributes?.username;
  if (identity.kind === 'telegram' && typeof username === 'string' && username) return `@${username.replace(/^@/, '')}`;
  return identityText(identity, channels);
}

/** The name; else the best identity; else `unnamed` (a catalog string), never an empty string. */
export function contactLabel(contact: ContactLike | null | undefined, channels: readonly { id: string; name: string }[], unnamed: string): string {
  const name = contact?.name?.trim();
  if (name) return name;
  const identity = bestIdentity(contact?.identities);
  return identity ? handleText(identity, channels) : unnamed;
}
