// The variables a template may use; anything else is rejected when a workflow is saved.

/** Fixed names; `contact.attributes.<key>` and `vars.<key>` are open-ended and checked by pattern. */
export const KNOWN_VARIABLES: readonly string[] = [
  'contact.firstName',
  'contact.lastName',
  'contact.name',
  'contact.email',
  'contact.phone',
  'contact.currency',
  'contact.language',
  'contact.birthday',
  'contact.timeZone',
  'conversation.id',
  'conversation.subject',
  'workspace.name',
  'coupon',
  'coupon.code',
  'coupon.amount',
  'coupon.expiresAt',
  'survey.link',
];

const OPEN_ENDED = /^(contact\.attributes|vars)\.[A-Za-z_][\w]*$/;
const KNOWN = new Set(KNOWN_VARIABLES);

export function isKnownVariable(name: string): boolean {
  return KNOWN.has(name) || OPEN_ENDED.test(name);
}

/** Formats a variable may be piped through: `{{ coupon.amount | money }}`. */
export const KNOWN_FORMATS = ['money', 'upper', 'lower'] as const;
export type VariableFormat = (typeof KNOWN_FORMATS)[number];
