// A WhatsApp user has two addresses: a phone-number JID and a LID. A message names its sender by one of them, with or
// without the other (`remoteJidAlt`, `participantAlt`); a history sync often names the LID alone and sends the pairs
// apart (`lidPnMappings`). What the channel has seen pairs them, so a message's key and identities do not depend on
// which address it came under.
import { isJidGroup, isLidUser, jidNormalizedUser, type WAMessageKey } from '@whiskeysockets/baileys';
import { pnAndLid } from './jids.ts';
import { BoundedCache } from './bounded-cache.ts';

/** Baileys' own store of the pairs it learned (kept in the session's keys), asked for a LID's phone number. */
export interface LidLookup {
  getPNForLID(lid: string): Promise<string | null>;
}

export class ChatAddresses {
  /** Both directions in one map: `lid → pn` and `pn → lid`. */
  readonly #pairs = new BoundedCache(20_000);

  /** Records that `a` and `b` are one user's two addresses (in either order); anything else is ignored. */
  learn(a: string | null | undefined, b: string | null | undefined): void {
    const { pn, lid } = pnAndLid(a, b);
    if (!pn || !lid) return;
    this.#pairs.set(lid, pn);
    this.#pairs.set(pn, lid);
  }

  /** The pairs a message key carries: the chat and its alternative, the group participant and theirs. */
  learnFrom(key: WAMessageKey): void {
    this.learn(key.remoteJid, key.remoteJidAlt);
    this.learn(key.participant, key.participantAlt);
  }

  /** `key` with the sender's other address filled in when it was missing and is known here or to Baileys. */
  async complete(key: WAMessageKey, baileys?: LidLookup): Promise<WAMessageKey> {
    const group = isJidGroup(key.remoteJid ?? undefined);
    const [address, alt] = group ? [key.participant, key.participantAlt] : [key.remoteJid, key.remoteJidAlt];
    if (!address || alt) return key;
    const other = await this.#otherOf(jidNormalizedUser(address), baileys);
    if (!other) return key;
    return group ? { ...key, participantAlt: other } : { ...key, remoteJidAlt: other };
  }

  async #otherOf(jid: string, baileys?: LidLookup): Promise<string | undefined> {
    const known = this.#pairs.get<string>(jid);
    if (known || !baileys || !isLidUser(jid)) return known;
    // Only LID → phone number: Baileys answers it from its store, where the other way may ask WhatsApp's servers.
    const pn = await baileys.getPNForLID(jid).catch(() => null);
    if (pn) this.learn(jid, pn);
    return pn ? jidNormalizedUser(pn) : undefined;
  }
}
