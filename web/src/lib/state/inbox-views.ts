// Inbox sidebar views as plain keys ("mine", "label:vip"), their API filters, and whether an item belongs in one.
import type { ConversationCounts, ConversationFilter, ConversationItem, ConversationStatus } from '../api/types';

export type ViewKey = string;
export const statuses: ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];

export function filterForView(view: ViewKey): ConversationFilter {
  const [kind, value] = splitView(view);
  switch (kind) {
    case 'mine':
      return { status: 'open', assignee: 'me' };
    case 'unassigned':
      return { status: 'open', assignee: 'none' };
    case 'status':
      return { status: value as ConversationStatus };
    case 'channel':
      return { status: 'open', channel: value };
    case 'label':
      return { status: 'open', label: value };
    case 'team':
      return { status: 'open', team: value };
    default:
      return { status: 'open' };
  }
}

export function countForView(view: ViewKey, counts: ConversationCounts | null): number | null {
  if (!counts) return null;
  const [kind, value] = splitView(view);
  switch (kind) {
    case 'mine':
      return counts.mine;
    case 'unassigned':
      return counts.unassigned;
    case 'status':
      return counts.byStatus?.[value as ConversationStatus] ?? 0;
    case 'channel':
      return counts.byChannel?.[value] ?? 0;
    case 'label':
      return counts.byLabel?.[value] ?? 0;
    case 'team':
      return counts.byTeam?.[value] ?? 0;
    default:
      return counts.all;
  }
}

/** Whether a (possibly just-changed) conversation still belongs in the list being shown. */
export function matchesFilter(item: ConversationItem, filter: ConversationFilter, userId: string | null): boolean {
  if (filter.status && item.status !== filter.status) return false;
  if (filter.assignee === 'me' && item.assignee?.id !== userId) return false;
  if (filter.assignee === 'none' && item.assignee) return false;
  if (filter.assignee && !['me', 'none'].includes(filter.assignee) && item.assignee?.id !== filter.assignee) return false;
  if (filter.channel && item.channel?.id !== filter.channel) return false;
  if (filter.team && item.team?.id !== filter.team) return false;
  if (filter.label && !item.labels.includes(filter.label)) return false;
  if (filter.priority && item.priority !== filter.priority) return false;
  return true;
}

/** Newest activity first, the order the API returns. */
export function byActivity(a: ConversationItem, b: ConversationItem): number {
  return b.lastActivityAt.localeCompare(a.lastActivityAt) || b.id.localeCompare(a.id);
}

function splitView(view: ViewKey): [string, string] {
  const index = view.indexOf(':');
  return index === -1 ? [view, ''] : [view.slice(0, index), view.slice(index + 1)];
}
