// The app's screens in navigation order: where each starts and who may open it. The top navigation, the command
// palette and the shell's access check all read this one list.
import type { MessageKey } from '../i18n';
import type { Route } from './router.svelte';

interface Roles {
  isAdmin: boolean;
  isMarketer: boolean;
}

export interface Screen {
  name: Route['name'];
  label: MessageKey;
  start: Route;
  mayOpen: (roles: Roles) => boolean;
}

const everyone = () => true;
const marketers = (roles: Roles) => roles.isMarketer;
const admins = (roles: Roles) => roles.isAdmin;

export const SCREENS: readonly Screen[] = [
  { name: 'inbox', label: 'nav.inbox', start: { name: 'inbox', conversationId: null }, mayOpen: everyone },
  { name: 'contacts', label: 'nav.contacts', start: { name: 'contacts', contactId: null }, mayOpen: everyone },
  { name: 'reports', label: 'nav.reports', start: { name: 'reports' }, mayOpen: everyone },
  { name: 'analytics', label: 'nav.analytics', start: { name: 'analytics' }, mayOpen: marketers },
  { name: 'automation', label: 'nav.automation', start: { name: 'automation', tab: 'workflows' }, mayOpen: marketers },
  { name: 'settings', label: 'nav.settings', start: { name: 'settings', tab: 'channels' }, mayOpen: admins },
];

/** The screens a user with these roles may open, in navigation order. */
export const screensFor = (roles: Roles) => SCREENS.filter((screen) => screen.mayOpen(roles));

export const mayOpenScreen = (name: Route['name'], roles: Roles) => SCREENS.find((screen) => screen.name === name)?.mayOpen(roles) ?? false;
