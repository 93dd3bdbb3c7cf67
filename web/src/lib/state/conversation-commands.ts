// What the command palette offers on the open conversation: assign to…, label…, snooze until…, resolve, run a macro….
import type { Translate } from '../i18n';
import type { ConversationDetail, ConversationPatch, Label, Macro, TeamMember } from '../api/types';
import type { PaletteCommand } from './palette-actions.svelte';
import { inOneHour, nextWeek, tomorrowMorning } from './snooze';

export interface ConversationCommandInputs {
  conversation: Pick<ConversationDetail, 'labels'>;
  me: { id: string } | null;
  users: Pick<TeamMember, 'id' | 'name'>[];
  labels: Pick<Label, 'name'>[];
  macros: Macro[];
  update: (patch: ConversationPatch) => void;
  runMacro: (macro: Macro) => void;
  t: Translate;
}

export function conversationCommands({ conversation, me, users, labels, macros, update, runMacro, t }: ConversationCommandInputs): PaletteCommand[] {
  const snooze = (until: string) => () => update({ status: 'snoozed', snoozedUntil: until });
  return [
    {
      id: 'conv-assign',
      label: t('palette.assignTo'),
      choices: () => [
        ...(me ? [{ id: 'assign-me', label: t('palette.assignMe'), run: () => update({ assigneeId: me.id }) }] : []),
        { id: 'assign-none', label: t('bulk.nobody'), run: () => update({ assigneeId: null }) },
        ...users.filter((u) => u.id !== me?.id).map((u) => ({ id: `assign-${u.id}`, label: u.name, run: () => update({ assigneeId: u.id }) })),
      ],
    },
    {
      id: 'conv-label',
      label: t('palette.label'),
      choices: () =>
        labels.filter((l) => !conversation.labels.includes(l.name)).map((l) => ({ id: `label-${l.name}`, label: l.name, run: () => update({ labels: [...conversation.labels, l.name] }) })),
    },
    {
      id: 'conv-snooze',
      label: t('palette.snoozeUntil'),
      choices: () => [
        { id: 'snooze-hour', label: t('snooze.oneHour'), run: () => snooze(inOneHour())() },
        { id: 'snooze-tomorrow', label: t('snooze.tomorrow'), run: () => snooze(tomorrowMorning())() },
        { id: 'snooze-week', label: t('snooze.nextWeek'), run: () => snooze(nextWeek())() },
      ],
    },
    { id: 'conv-resolve', label: t('palette.resolve'), run: () => update({ status: 'resolved' }) },
    ...(macros.length ? [{ id: 'conv-macro', label: t('palette.runMacro'), choices: () => macros.map((m) => ({ id: `macro-${m.id}`, label: m.name, run: () => runMacro(m) })) }] : []),
  ];
}
