// A fake Baileys socket for tests: a real EventEmitter under `ev`, Baileys' event names and payload shapes,
// and a recorder for sendMessage that can be told to fail.
import { EventEmitter } from 'node:events';
import { DisconnectReason, proto, type AnyMessageContent, type BaileysEventMap, type MiscMessageGenerationOptions, type UserFacingSocketConfig, type WAMessage } from '@whiskeysockets/baileys';
import type { MakeSocket, WhatsAppSocket } from '../socket.ts';

/** An error shaped like Baileys' Boom errors (`output.statusCode`, server code in `data`). */
export function boomError(message: string, statusCode: number, data?: unknown): Error {
  return Object.assign(new Error(message), { isBoom: true, output: { statusCode }, data });
}

export interface SentCall {
  jid: string;
  content: AnyMessageContent;
  options?: MiscMessageGenerationOptions;
}

export class FakeSocket implements WhatsAppSocket {
  readonly emitter = new EventEmitter();
  readonly ev = {
    on: <T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void) => void this.emitter.on(event, listener),
    off: <T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void) => void this.emitter.off(event, listener),
  };
  readonly sent: SentCall[] = [];
  readonly failures: Error[] = [];
  pairingCodeRequests: string[] = [];
  /** Phone JIDs that onWhatsApp reports as having no account. */
  readonly notOnWhatsApp = new Set<string>();
  readonly onWhatsAppQueries: string[][] = [];
  ended = false;
  loggedOut = false;
  /** Baileys' LID ↔ phone-number store: the pairs this socket's session knows. */
  readonly lidPairs = new Map<string, string>();
  readonly signalRepository = { lidMapping: { getPNForLID: async (lid: string) => this.lidPairs.get(lid) ?? null } };

  constructor(readonly config: UserFacingSocketConfig) {}

  emit<T extends keyof BaileysEventMap>(event: T, arg: BaileysEventMap[T]) {
    this.emitter.emit(event, arg);
  }

  /** Opens the connection the way Baileys reports it. */
  open() {
    this.emit('connection.update', { connection: 'open' });
  }

  close(statusCode: number, message = DisconnectReason[statusCode] ?? 'closed') {
    this.emit('connection.update', {
      connection: 'close',
      lastDisconnect: { error: boomError(message, statusCode), date: new Date() },
    });
  }

  /** Makes the next sendMessage throw `error` (a Boom, as Baileys throws). */
  failNextSend(error: Error) {
    this.failures.push(error);
  }

  async sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions) {
    this.sent.push({ jid, content, options });
    const failure = this.failures.shift();
    if (failure) throw failure;
    const text = 'text' in content ? content.text : undefined;
    const message: WAMessage = {
      key: { remoteJid: jid, fromMe: true, id: options?.messageId ?? 'RANDOM' },
      message: text !== undefined ? { conversation: text } : { imageMessage: { caption: 'caption' in content ? content.caption : undefined } },
      messageTimestamp: Math.floor(Date.now() / 1000),
      status: proto.WebMessageInfo.Status.PENDING,
    };
    return message;
  }

  async onWhatsApp(...jids: string[]) {
    this.onWhatsAppQueries.push(jids);
    return jids.map((jid) => ({ jid, exists: !this.notOnWhatsApp.has(jid) }));
  }

  async requestPairingCode(phoneNumber: string) {
    this.pairingCodeRequests.push(phoneNumber);
    return 'ABCD1234';
  }

  async logout() {
    this.loggedOut = true;
    this.close(DisconnectReason.loggedOut, 'Intentional Logout');
  }

  end() {
    this.ended = true;
    this.close(DisconnectReason.connectionClosed, 'Connection Closed');
  }
}

/** A socket factory that remembers every socket it made, newest last. */
export function fakeSocketFactory() {
  const sockets: FakeSocket[] = [];
  const makeSocket: MakeSocket = (config) => {
    const socket = new FakeSocket(config);
    sockets.push(socket);
    return socket;
  };
  return { makeSocket, sockets, latest: () => sockets.at(-1)! };
}
