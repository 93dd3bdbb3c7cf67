// The facts snapshot every pure rule reads: a plain object the engine builds from the database.
import type { ChannelKind, IdentityKind } from '../connectors/channel.ts';
import type { AttributeType } from './attributes/attribute-types.ts';

export type ConsentStatus = 'opted_in' | 'opted_out';

export interface ConsentFact {
  status: ConsentStatus;
  at?: Date;
  /** How it was recorded ("sms STOP", "web form"), for the audit trail. */
  source?: string;
}

/** The customer's own details, as the facts snapshot holds them and as an imported row brings them. */
export interface ContactDetails {
  name?: string;
  email?: string;
  phone?: string;
  /** BCP 47 tag, e.g. `tr-TR` or `en`. */
  language?: string;
  /** IANA zone; absent or invalid → the workspace zone. */
  timeZone?: string;
  /** ISO 4217 code. */
  currency?: string;
  /** `MM-DD` or `YYYY-MM-DD`: month-day with an optional year. */
  birthday?: string;
}

export interface ContactFacts extends ContactDetails {
  id: string;
  firstName?: string;
  lastName?: string;
  preferredChannel?: ChannelKind;
  /** `suppressed`: the address is on the suppression list (never sent marketing). */
  identities?: Array<{ kind: IdentityKind; value: string; suppressed?: boolean }>;
  /** Per channel, and `all` for the customer's "no marketing at all". */
  consents?: Partial<Record<ChannelKind | 'all', ConsentFact>>;
  labels?: string[];
  attributes?: Record<string, unknown>;
  firstSeenAt: Date;
  lastInboundAt?: Date;
  lastInboundChannel?: ChannelKind;
  /** Activity known from outside the inbox (an imported last order or last visit). */
  lastActivityAt?: Date;
  /** The local hour (0–23) the contact most often writes at; loaded only when a campaign plans by best hour. */
  responsiveHour?: number;
  /** Declared custom attribute types (Settings → attributes): conditions compare `attributes.<key>` by this type. */
  attributeTypes?: Record<string, AttributeType>;
  /**
   * Customer value (server/value): paid orders net of refunds, totalled in the workspace currency. A contact who never
   * bought has orders 0 and totalSpent 0, so these shadow a custom attribute of the same name (still readable as
   * `contact.attributes.orders`). Amounts are numbers here only to be compared; they are stored as exact decimals.
   */
  orders?: number;
  totalSpent?: number;
  aov?: number;
  firstOrderAt?: Date;
  lastOrderAt?: Date;
  categories?: string[];
  /** Absent until the workspace RFM pass has scored the contact. */
  rfm?: RfmFacts;
  /** Absent until a purchase model has been fitted with this contact in it. */
  clv?: { pAlive: number; expected90d: number; predicted12m?: number };
  /** At churn risk (server/value/churn-risk.ts): likely no longer active while worth a lot; false until a fit says so. */
  churnRisk?: boolean;
  /**
   * Tracked customer events by name: the latest occurrence times (at most MAX_EVENT_TIMES within MAX_EVENT_DAYS), read
   * by `occurred_at_least`. Only the names a rule counts need be loaded; a name left out counts as never.
   */
  events?: Record<string, Date[]>;
}

export interface RfmFacts {
  r: number;
  f: number;
  m: number;
  segment: string;
}

export interface MessageFacts {
  text: string;
  channel: ChannelKind;
  autoReply?: boolean;
  /** Written by automation (ours), not the customer or an agent. */
  causedByAutomation?: boolean;
  complaintScore?: number;
}

export interface ConversationFacts {
  id: string;
  /** The channel the customer last wrote on in this conversation (else the one it began on): a reply "in the conversation" goes there. */
  channel?: ChannelKind;
  channelId?: string;
  status: 'open' | 'pending' | 'snoozed' | 'resolved';
  priority?: 'low' | 'medium' | 'high' | 'urgent';
  labels?: string[];
  subject?: string;
}

export interface Facts {
  contact: ContactFacts;
  message?: MessageFacts;
  conversation?: ConversationFacts;
  workspace?: { name?: string; timeZone?: string };
  /** Run-scoped variables, e.g. a coupon generated for this run. */
  vars?: Record<string, unknown>;
  now: Date;
}

/** A contact's first and last name as templates see them: the first word, and the rest. */
export function nameParts(name: string | null | undefined): { firstName?: string; lastName?: string } {
  const [firstName, ...rest] = (name ?? '').trim().split(/\s+/);
  return { firstName: firstName || undefined, lastName: rest.join(' ') || undefined };
}
