// Typed context helpers so components receive the app state without prop drilling or string keys.
import { getContext, setContext } from 'svelte';
import type { AppState } from './app-state.svelte';

/** Exported for component tests, which pass the context to render() directly. */
export const appContextKey = Symbol('ulak-app');

export function setAppContext(app: AppState): AppState {
  return setContext(appContextKey, app);
}

export function getAppContext(): AppState {
  const app = getContext<AppState | undefined>(appContextKey);
  if (!app) throw new Error('getAppContext() used outside <App>');
  return app;
}
