// One conversation's timeline: messages across channels, older pages, sending replies and notes, status changes.
import type { Api, ConversationDetail, ConversationPatch, Message, NewMessage } from '../api';
import { ComposerAttachments } from './composer-attachments.svelte';

function byCreated(a: Message, b: Message) {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

export class ThreadState {
  conversation = $state<ConversationDetail | null>(null);
  messages = $state<Message[]>([]);
  olderCursor = $state<string | null>(null);
  loading = $state(false);
  sending = $state(false);
  error = $state<unknown>(null);
  sendError = $state<unknown>(null);
  id = $derived(this.conversation?.id ?? null);
  /** Files attached in the composer for the next reply or note. */
  readonly attachments: ComposerAttachments;
  #api: Api;
  #openId: string | null = null;

  constructor(api: Api, maxAttachmentBytes: () => number | null = () => null) {
    this.#api = api;
    this.attachments = new ComposerAttachments((file, options) => api.conversations.upload(file, options), maxAttachmentBytes);
  }

  async open(id: string) {
    // Files picked for another conversation must never go out in this one.
    if (this.#openId !== id) this.attachments.clear();
    this.#openId = id;
    this.loading = true;
    this.error = null;
    this.sendError = null;
    this.messages = [];
    this.conversation = null;
    try {
      const [conversation, page] = await Promise.all([this.#api.conversations.get(id), this.#api.conversations.messages(id)]);
      if (this.#openId !== id) return;
      this.conversation = conversation;
      this.messages = [...page.items].sort(byCreated);
      this.olderCursor = page.nextCursor;
    } catch (error) {
      if (this.#openId === id) this.error = error;
    } finally {
      if (this.#openId === id) this.loading = false;
    }
  }

  close() {
    this.attachments.clear();
    this.#openId = null;
    this.conversation = null;
    this.messages = [];
  }

  async loadOlder() {
    const id = this.#openId;
    if (!id || !this.olderCursor) return;
    try {
      const page = await this.#api.conversations.messages(id, this.olderCursor);
      if (this.#openId !== id) return;
      this.merge(page.items);
      this.olderCursor = page.nextCursor;
    } catch (error) {
      this.error = error;
    }
  }

  /** Realtime: refetch the newest page and the header, merging by id so nothing duplicates. */
  async refresh() {
    const id = this.#openId;
    if (!id) return;
    try {
      const [conversation, page] = await Promise.all([this.#api.conversations.get(id), this.#api.conversations.messages(id)]);
      if (this.#openId !== id) return;
      this.conversation = conversation;
      this.merge(page.items);
    } catch (error) {
      this.error = error;
    }
  }

  merge(incoming: Message[]) {
    const byId = new Map(this.messages.map((message) => [message.id, message]));
    for (const message of incoming) byId.set(message.id, message);
    this.messages = [...byId.values()].sort(byCreated);
  }

  async send(message: NewMessage): Promise<boolean> {
    const id = this.#openId;
    if (!id || (!message.text?.trim() && !message.attachmentIds?.length)) return false;
    this.sending = true;
    this.sendError = null;
    try {
      const created = await this.#api.conversations.send(id, message);
      if (this.#openId === id) this.merge([created]);
      return true;
    } catch (error) {
      this.sendError = error;
      return false;
    } finally {
      this.sending = false;
    }
  }

  /** A failed reply goes back in the queue; its ticks follow by realtime as it is sent. */
  async retry(messageId: string): Promise<void> {
    this.sendError = null;
    try {
      this.merge([await this.#api.conversations.retry(messageId)]);
    } catch (error) {
      this.sendError = error;
    }
  }

  async update(patch: ConversationPatch): Promise<ConversationDetail | null> {
    const id = this.#openId;
    if (!id) return null;
    this.error = null;
    try {
      const updated = await this.#api.conversations.update(id, patch);
      if (this.#openId === id && this.conversation) this.conversation = { ...this.conversation, ...updated };
      return this.conversation;
    } catch (error) {
      this.error = error;
      return null;
    }
  }
}
