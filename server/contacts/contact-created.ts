// The `contact.created` event every path that creates a contact records, in the transaction that inserts it: a first
// message, the contacts import, and the customers orders and tracked events name (server/orders/resolve-customers.ts).
import type { EventToRecord } from '../events/record-event.ts';

/** Where a new contact came from: a channel's first message from them, or data sent to the API (a file, an order, a tracked event). */
export type ContactOrigin = { channelKind: string } | { source: 'import' | 'order' | 'event' };

export const contactCreated = (contactId: string, origin: ContactOrigin): EventToRecord => ({ type: 'contact.created', contactId, payload: { ...origin } });
