// Translation catalogs and the I18n state class.
export { I18n } from './i18n.svelte';
export { en, type MessageKey } from './en';
export { tr } from './tr';
