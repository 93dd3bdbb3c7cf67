// A channel kind as people call it, in the UI's language (`email` → "Email" / "E-posta"); unknown kinds as they are.
import type { I18n, MessageKey } from '../i18n';

const KINDS = new Set(['email', 'sms', 'whatsapp', 'telegram', 'api']);

export function channelKindName(i18n: Pick<I18n, 't'>, kind: string): string {
  return KINDS.has(kind) ? i18n.t(`channelKind.${kind}` as MessageKey) : kind;
}
