// Translation catalogs and the I18n state class.
export { I18n } from './i18n.svelte';
export { en, type MessageKey } from './en';
import type { MessageKey } from './en';

/** `I18n.t` as the formatting helpers take it: a message by key, placeholders filled from `vars`. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
export { tr } from './tr';
