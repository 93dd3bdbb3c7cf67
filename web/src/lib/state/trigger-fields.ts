// The trigger form's fields, all types at once, and how they turn into a trigger definition and back.
import type { Trigger } from '../../../../workflows/model.ts';
import type { MessageKey } from '../i18n/en';

export type TriggerType = Trigger['type'];
type EventTrigger = Extract<Trigger, { type: 'event' }>;
export type EventType = EventTrigger['event'];

/** A tracked event's property filter as a form row; the type keeps `"2"` and `2` apart, as the matcher does. */
export interface PropertyRow {
  key: string;
  type: 'string' | 'number' | 'boolean';
  value: string;
}

/** Every trigger type's fields at once, so switching type (or event) and back keeps what was typed. */
export interface TriggerFields {
  type: TriggerType;
  event: EventType;
  label: string;
  channels: NonNullable<EventTrigger['channels']>;
  /** `order.placed`: only the contact's nth order; null for every order. */
  nth: number | null;
  /** `order.placed`: only orders of at least this total (workspace currency); null for any total. */
  minAmount: number | null;
  /** `event.tracked`: the event's name; blank for any event. */
  name: string;
  properties: PropertyRow[];
  /** `rfm.segment_changed`: into one of these segments / out of one of these; empty for any. */
  to: string[];
  from: string[];
  cron: string;
  field: string;
  at: string;
  days: number;
}

export function defaultTriggerFields(): TriggerFields {
  return {
    type: 'inactivity',
    event: 'message.received',
    label: '',
    channels: [],
    nth: null,
    minAmount: null,
    name: '',
    properties: [],
    to: [],
    from: [],
    cron: '0 9 * * 1',
    field: 'birthday',
    at: '09:00',
    days: 90,
  };
}

/** An empty number input reads as null (or undefined): "no filter". */
const present = (n: number | null | undefined): n is number => typeof n === 'number' && !Number.isNaN(n);

/** Copies an event trigger's filters into the fields, clearing the ones it does not set. */
export function loadEventFilters(fields: TriggerFields, t: EventTrigger) {
  Object.assign(fields, {
    event: t.event,
    label: t.label ?? '',
    channels: t.channels ?? [],
    nth: t.nth ?? null,
    minAmount: t.minAmount ?? null,
    name: t.name ?? '',
    properties: Object.entries(t.properties ?? {}).map(([key, value]) => ({ key, type: typeof value as PropertyRow['type'], value: String(value) })),
    to: [...(t.to ?? [])],
    from: [...(t.from ?? [])],
  });
}

function propertyValue(row: PropertyRow): string | number | boolean {
  if (row.type === 'number') return row.value.trim() === '' ? Number.NaN : Number(row.value);
  // The form shows "yes" until "no" is chosen.
  if (row.type === 'boolean') return row.value !== 'false';
  return row.value;
}

/** The event trigger as the server takes it: only the filters of the chosen event, blanks left out. */
export function eventTriggerJson(f: TriggerFields): EventTrigger {
  const out: EventTrigger = { type: 'event', event: f.event };
  if (f.event === 'label.added' && f.label.trim()) out.label = f.label.trim();
  if (f.event === 'message.received' && f.channels.length) out.channels = f.channels;
  if (f.event === 'order.placed') {
    if (present(f.nth)) out.nth = f.nth;
    if (present(f.minAmount)) out.minAmount = f.minAmount;
  }
  if (f.event === 'event.tracked') {
    if (f.name.trim()) out.name = f.name.trim();
    const rows = f.properties.filter((r) => r.key.trim());
    if (rows.length) out.properties = Object.fromEntries(rows.map((r) => [r.key.trim(), propertyValue(r)]));
  }
  if (f.event === 'rfm.segment_changed') {
    if (f.to.length) out.to = f.to;
    if (f.from.length) out.from = f.from;
  }
  return out;
}

/** What the definition cannot show: a value with no property name, a name given twice, a number that is not one. */
export function propertyRowIssues(f: TriggerFields): Array<{ path: string; key: MessageKey }> {
  if (f.type !== 'event' || f.event !== 'event.tracked') return [];
  const issues: Array<{ path: string; key: MessageKey }> = [];
  const seen = new Set<string>();
  f.properties.forEach((row, i) => {
    const key = row.key.trim();
    const path = `trigger.properties.${i}`;
    if (!key) issues.push({ path, key: 'wf.err.propertyName' });
    else if (seen.has(key)) issues.push({ path, key: 'wf.err.duplicateProperty' });
    else if (row.type === 'number' && Number.isNaN(propertyValue(row))) issues.push({ path, key: 'wf.err.number' });
    seen.add(key);
  });
  return issues;
}
