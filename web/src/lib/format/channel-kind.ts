// A channel kind as people call it, in the UI's language (`email` → "Email" / "E-posta"); unknown kinds as they are.
import type { I18n, MessageKey } from '../i18n';

import { isChannelKind } from '../../../../connectors/channel-kinds.ts';

export function channelKindName(i18n: Pick<I18n, 't'>, kind: string): string {
  return isChannelKind(kind) ? i18n.t(`channelKind.${kind}` as MessageKey) : kind;
}

/** An identity kind as people call it: the channel's name for channel kinds, "Phone" / "Telefon" for a phone number. */
export function identityKindName(i18n: Pick<I18n, 't'>, kind: string): string {
  return kind === 'phone' ? i18n.t('identityKind.phone') : channelKindName(i18n, kind);
}
