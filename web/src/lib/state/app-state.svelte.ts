// Wires the API client and state classes together once, and routes realtime events to them.
import { createApi, type Api, type RealtimeEvent } from '../api';
import { I18n } from '../i18n';
import { Session } from './session.svelte';
import { Router } from './router.svelte';
import { InboxState } from './inbox.svelte';
import { ThreadState } from './thread.svelte';
import { AssistState } from './assist.svelte';
import { ProfileState } from './profile.svelte';
import { Realtime, type EventSourceFactory } from './realtime.svelte';
import { Clock } from './clock.svelte';
import { NewMessageAlerts, type AlertOutputs } from './new-message-alerts.svelte';
import { contactLabel } from '../format/contact-label';
import { PresenceBoard } from './presence.svelte';
import { PaletteActions } from './palette-actions.svelte';
import { ReplyDrafts } from './reply-drafts';

export class AppState {
  readonly api: Api;
  readonly i18n: I18n;
  readonly session: Session;
  readonly router = new Router();
  readonly inbox: InboxState;
  readonly thread: ThreadState;
  readonly assist: AssistState;
  readonly profile: ProfileState;
  readonly realtime: Realtime;
  readonly clock = new Clock();
  readonly alerts: NewMessageAlerts;
  readonly presence: PresenceBoard;
  readonly palette = new PaletteActions();
  readonly drafts: ReplyDrafts;
  /** Set when the server turned a webhook off after repeated failures (admins only): a notice until dismissed. */
  webhookDisabled = $state(false);

  constructor(options: { api?: Api; eventSource?: EventSourceFactory; alerts?: AlertOutputs; drafts?: ReplyDrafts } = {}) {
    this.api = options.api ?? createApi();
    this.i18n = new I18n(navigator.language?.startsWith('tr') ? 'tr' : 'en');
    this.drafts = options.drafts ?? new ReplyDrafts();
    this.session = new Session(this.api, this.i18n, () => this.drafts.forgetAll());
    this.inbox = new InboxState(
      this.api,
      () => this.session.user?.id ?? null,
      () => this.session.canAnswer,
    );
    this.thread = new ThreadState(this.api, () => this.session.limits?.maxAttachmentBytes ?? null);
    this.profile = new ProfileState(this.api);
    this.assist = new AssistState(this.api);
    this.alerts = new NewMessageAlerts(options.alerts);
    this.presence = new PresenceBoard(this.api);
    this.realtime = new Realtime(
      (event) => this.onEvent(event),
      options.eventSource,
      () => this.resync(),
    );
  }

  /** After a realtime outage: reload what is on screen, since the events in between were missed. */
  resync() {
    void this.inbox.load();
    void this.inbox.loadCounts();
    void this.thread.refresh();
    void this.profile.refresh();
  }

  onEvent(event: RealtimeEvent) {
    if (event.type === 'presence') {
      this.presence.apply(event);
      return;
    }
    if (event.type === 'webhook.disabled') {
      if (this.session.isAdmin) this.webhookDisabled = true;
      return;
    }
    if (event.type === 'channel.updated') {
      // Channel names and health feed the sidebar and the reply picker.
      void this.inbox.loadFacets();
      return;
    }
    // About one customer: their profile, if it is open, and nothing in the inbox (an orders import sends thousands).
    if (event.type.startsWith('contact.') || event.type === 'order.placed' || event.type === 'event.tracked') {
      if (event.contactId && event.contactId === this.profile.id) void this.profile.refresh();
      return;
    }
    this.inbox.scheduleCounts();
    if (!event.conversationId) {
      void this.inbox.load();
      return;
    }
    const conversationId = event.conversationId;
    if (conversationId === this.thread.id) {
      void this.thread.refresh();
      // The profile beside it counts the messages both ways (last message to and from them).
      if (event.type === 'message.created' || event.type === 'message.received') void this.profile.refresh();
    }
    void this.inbox.refreshConversation(conversationId).then((item) => {
      if (!item || event.type !== 'message.received') return;
      this.alerts.inbound(item, {
        userId: this.session.user?.id ?? null,
        openConversationId: this.thread.id,
        quiet: event.quiet,
        title: contactLabel(item.contact, this.inbox.channels, this.i18n.t('contacts.unnamed')),
        open: (id) => this.router.go({ name: 'inbox', conversationId: id }),
      });
    });
  }
}
