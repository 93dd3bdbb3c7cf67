// Keeps one Baileys socket alive per channel: login (QR or pairing code), restart with backoff, stop on logout/replace.
import { DisconnectReason, jidNormalizedUser, type ConnectionState, type UserFacingSocketConfig } from '@whiskeysockets/baileys';
import type { ChannelContext } from '../channel.ts';
import { useStateAuth, type StateAuth } from './auth-state.ts';
import type { WhatsAppConfig } from './config.ts';
import type { MakeSocket, WhatsAppSocket } from './socket.ts';
import type { ResolveVersion } from './wa-version.ts';

/** Runs `fn` after `ms`; returns a cancel function. Injectable so tests step time by hand. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export const realSchedule: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

export const defaultBackoff = (attempt: number) => Math.min(1000 * 2 ** attempt, 60_000);

export interface SupervisorOptions {
  ctx: ChannelContext<WhatsAppConfig>;
  makeSocket: MakeSocket;
  schedule: Schedule;
  backoff: (attempt: number) => number;
  resolveVersion: ResolveVersion;
  /** Socket options that must outlive any one socket (retry counter cache, getMessage, logger). */
  socketConfig: Omit<UserFacingSocketConfig, 'auth'>;
  /** Wires message handlers onto each new socket. */
  attach(socket: WhatsAppSocket): void;
}

function closeCode(update: Partial<ConnectionState>): number | undefined {
  const error = update.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined;
  return error?.output?.statusCode;
}

export class SocketSupervisor {
  socket: WhatsAppSocket | undefined;
  connected = false;
  #auth: StateAuth | undefined;
  #attempt = 0;
  #cancelRestart: (() => void) | undefined;
  #running = false;
  #pairingRequested = new WeakSet<WhatsAppSocket>();

  constructor(private readonly options: SupervisorOptions) {
    options.ctx.signal.addEventListener('abort', () => void this.stop(), { once: true });
  }

  async start(): Promise<void> {
    const { ctx } = this.options;
    if (ctx.signal.aborted || this.#running) return;
    this.#running = true;
    try {
      this.#auth = await useStateAuth(ctx.state);
      await this.#open();
    } catch (error) {
      this.#running = false; // so the runtime's next start() tries again
      ctx.health({ state: 'error', lastError: `starting failed: ${(error as Error).message}` });
      throw error;
    }
  }

  async #open() {
    if (!this.#running || !this.#auth) return;
    const auth = this.#auth;
    this.options.ctx.health({ state: 'starting' });
    const version = await this.options.resolveVersion().catch(() => undefined);
    if (!this.#running) return; // stopped while we asked
    const socket = this.options.makeSocket({ ...this.options.socketConfig, ...(version ? { version } : {}), auth: auth.state });
    this.socket = socket;
    socket.ev.on('creds.update', (update) => {
      // Baileys merges the update into creds itself; merging again keeps us right with sockets that do not.
      Object.assign(auth.state.creds, update);
      auth.saveCreds().catch((error) => this.options.ctx.log.error({ err: error }, 'whatsapp: saving creds failed'));
    });
    socket.ev.on('connection.update', (update) => this.#onConnection(socket, update).catch((error) => this.options.ctx.log.error({ err: error }, 'whatsapp: handling a connection update failed')));
    this.options.attach(socket);
  }

  async #onConnection(socket: WhatsAppSocket, update: Partial<ConnectionState>) {
    if (socket !== this.socket) return; // a socket we already replaced or ended
    const { ctx } = this.options;
    if (update.qr) await this.#showLogin(socket, update.qr);
    if (update.connection === 'open') {
      this.#attempt = 0;
      this.connected = true;
      const me = this.#auth?.state.creds.me?.id;
      // `account` tells the operator which number this channel is linked to.
      const details = me ? { account: jidNormalizedUser(me) } : {};
      ctx.health({ state: 'connected', lastError: undefined, details, lastEventAt: ctx.now().toISOString() });
    } else if (update.connection === 'close') {
      this.connected = false;
      this.socket = undefined;
      await this.#onClose(closeCode(update), update.lastDisconnect?.error?.message);
    }
  }

  async #showLogin(socket: WhatsAppSocket, qr: string) {
    const { ctx } = this.options;
    const phone = ctx.config.phoneNumber;
    if (!phone || this.#auth?.state.creds.registered) return ctx.health({ state: 'pairing', details: { qr } });
    // Baileys emits a fresh QR every ~20 s; one pairing code per socket is enough.
    if (this.#pairingRequested.has(socket)) return;
    this.#pairingRequested.add(socket);
    try {
      const pairingCode = await socket.requestPairingCode(phone);
      ctx.health({ state: 'pairing', details: { qr, pairingCode, phoneNumber: phone } });
    } catch (error) {
      ctx.health({ state: 'pairing', details: { qr }, lastError: `pairing code request failed: ${(error as Error).message}` });
    }
  }

  async #onClose(code: number | undefined, reason: string | undefined) {
    const { ctx } = this.options;
    if (!this.#running) return;
    if (code === DisconnectReason.loggedOut) {
      this.#running = false;
      await this.#auth?.clear();
      ctx.health({ state: 'stopped', lastError: 'Logged out from the phone: pair the device again', details: {} });
      return;
    }
    if (code === DisconnectReason.connectionReplaced) {
      // Another client holds this session now; reconnecting would just kick it back and forth.
      this.#running = false;
      ctx.health({ state: 'stopped', lastError: 'Connection replaced by another WhatsApp Web session' });
      return;
    }
    // 515 follows a fresh pairing: WhatsApp asks for an immediate reconnect with the new creds.
    const delay = code === DisconnectReason.restartRequired ? 0 : this.options.backoff(this.#attempt++);
    ctx.health({ state: 'disconnected', lastError: `connection closed (${code ?? 'no code'}: ${reason ?? 'unknown'})` });
    this.#scheduleRestart(delay);
  }

  #scheduleRestart(ms: number) {
    if (this.#cancelRestart) return; // exactly one pending restart
    this.#cancelRestart = this.options.schedule(() => {
      this.#cancelRestart = undefined;
      this.#open().catch((error) => this.options.ctx.log.error({ err: error }, 'whatsapp: reconnecting failed'));
    }, ms);
  }

  /** Closes the socket and keeps the session, so the next start logs straight in. */
  async stop(): Promise<void> {
    const socket = this.#halt();
    await socket?.end(undefined);
    this.options.ctx.health({ state: 'stopped' });
  }

  /** Unlinks the device and forgets the session. */
  async logout(): Promise<void> {
    const socket = this.#halt();
    this.#auth ??= await useStateAuth(this.options.ctx.state);
    try {
      await socket?.logout();
    } catch (error) {
      this.options.ctx.log.warn({ err: error }, 'whatsapp: logout request failed; clearing the session anyway');
    }
    await this.#auth.clear();
    this.options.ctx.health({ state: 'stopped', details: {} });
  }

  #halt(): WhatsAppSocket | undefined {
    this.#running = false;
    this.#cancelRestart?.();
    this.#cancelRestart = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.connected = false;
    return socket;
  }
}
