// Typed context helpers so components receive the app state without prop drilling or string keys.
import { getContext, setContext } from 'svelte';
import type { AppState } from './app-state.svelte';

const key = Symbol('ulak-app');

export function setAppContext(app: AppState): AppState {
  return setContext(key, app);
}

export function getAppContext(): AppState {
  const app = getContext<AppState | undefined>(key);
  if (!app) throw new Error('getAppContext() used outside <App>');
  return app;
}
