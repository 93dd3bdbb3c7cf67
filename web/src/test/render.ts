// Renders a component inside a real AppState wired to a fake server, as the app itself would.
import { render } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { AppState } from '../lib/state/app-state.svelte';
import { appContextKey } from '../lib/state/context';
import { fakeServer } from './fake-server';
import type { EventSourceLike } from '../lib/state/realtime.svelte';

export class FakeEventSource implements EventSourceLike {
  listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  readyState = 0;
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

export function makeApp(routes: Parameters<typeof fakeServer>[0], alerts?: import('../lib/state/new-message-alerts.svelte').AlertOutputs) {
  const server = fakeServer(routes);
  const sources: FakeEventSource[] = [];
  const app = new AppState({
    api: server.api,
    alerts,
    eventSource: () => {
      const source = new FakeEventSource();
      sources.push(source);
      return source;
    },
  });
  app.i18n.setLocale('en');
  return { app, server, sources };
}

export function renderWithApp<Props extends Record<string, any>>(component: Component<Props>, props: Props, app: AppState) {
  // The library's option types do not model `context`; the runtime passes it to mount().
  return render(component, { props, context: new Map([[appContextKey, app]]) } as Parameters<typeof render>[1]);
}
