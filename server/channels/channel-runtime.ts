// Live connector instances: built from the channel row on demand, pulling channels started under a per-channel lock.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { eq } from 'drizzle-orm';
import type { Channel, ChannelContext, ChannelDriver, ChannelKind } from '../../connectors/channel.ts';
import { driverFor } from '../../connectors/registry.ts';
import type { Database } from '../db/client.ts';
import { channels } from '../db/schema/index.ts';
import { safeFetch, type EgressPolicy } from '../egress/index.ts';
import { ChannelUnavailable } from './channel-unavailable.ts';
import type { Logger } from '../logger.ts';
import { channelStateStore } from './channel-state-store.ts';
import type { IngestDeps } from '../inbound/ingest-message.ts';
import { channelSink } from './channel-sink.ts';
import { inboundSpool } from '../inbound/inbound-spool.ts';
import { mergeSecrets, openSecrets } from './channel-secrets.ts';
import { ChannelLocks, channelShare } from './channel-locks.ts';
import { HealthWriter } from './health-writer.ts';

/** How Settings names the process running a channel: several workers share the channels out. */
export const WORKER_NAME = `${hostname()}#${process.pid}`;

/** Where a process tells the others that an admin changed or deleted a channel. */
export const CHANNEL_CHANGES = 'ulak_channel_changes';
export type ChannelChange = 'updated' | 'deleted';

export interface RuntimeDeps {
  database: Database;
  ingest: IngestDeps;
  secretKey: Buffer;
  publicUrl: string;
  /** What webhooks may reach (ULAK_WEBHOOK_ALLOW); connectors call user-typed addresses only through it. */
  egress: EgressPolicy;
  /** Where connectors keep messages their provider sends once while their commit keeps failing (inbound-spool.ts). */
  spoolDir?: string;
  /** Told when a connector hands a spool file over, so the spool pass looks soon. */
  spoolKept?: () => void;
  log: Logger;
  now(): Date;
  /** Overrides for tests (a fake socket factory, an injected HTTP client). */
  drivers?: Partial<Record<ChannelKind, ChannelDriver>>;
}

/** Called when this process starts or stops holding a session-bound channel (it then works that channel's sends). */
export interface SessionHooks {
  held(channelId: string): Promise<void>;
  released(channelId: string): Promise<void>;
}

interface Live {
  channel: Channel;
  driver: ChannelDriver;
  kind: ChannelKind;
  controller: AbortController;
  started: boolean;
  /** Session-bound channels: this process works the channel's send queue. */
  routed?: boolean;
  /** The start under way, if any. */
  starting?: Promise<boolean>;
}

export class ChannelRuntime {
  #live = new Map<string, Promise<Live>>();
  #locks: ChannelLocks;
  #pullTimer: ReturnType<typeof setInterval> | undefined;

  #health: HealthWriter;
  #sessions: SessionHooks | undefined;
  /** Names this process in its change notices: it has applied its own changes already. */
  readonly #origin = randomUUID();
  #unlistenChanges: (() => Promise<void>) | undefined;

  constructor(private readonly deps: RuntimeDeps) {
    this.#locks = new ChannelLocks(deps.database);
    this.#health = new HealthWriter(deps.database, (e) => deps.log.warn({ err: e }, 'health update failed'));
  }

  /** Set once by the work role, before pulling channels start. */
  onSessions(hooks: SessionHooks) {
    this.#sessions = hooks;
  }

  /** Whether this process runs the channel's session (started it under the channel's lock). */
  async holds(channelId: string): Promise<boolean> {
    const live = await this.#live.get(channelId)?.catch(() => undefined);
    return live?.started ?? false;
  }

  /** The connector for a kind, its library loaded on first use. */
  async driver(kind: string): Promise<ChannelDriver | undefined> {
    return this.deps.drivers?.[kind as ChannelKind] ?? driverFor(kind);
  }

  /** The live connector for a channel, built once and cached until `invalidate`. */
  instance(channelId: string): Promise<Live> {
    let live = this.#live.get(channelId);
    if (!live) {
      live = this.#build(channelId);
      this.#live.set(channelId, live);
      live.catch(() => this.#live.delete(channelId));
    }
    return live;
  }

  async #build(channelId: string): Promise<Live> {
    const [row] = await this.deps.database.db.select().from(channels).where(eq(channels.id, channelId));
    if (!row) throw new ChannelUnavailable('not_found', 'channel not found');
    const driver = await this.driver(row.kind);
    if (!driver) throw new ChannelUnavailable('no_connector', `no connector is installed for ${row.kind} channels`);
    const config = driver.configSchema.parse(mergeSecrets(row.config, openSecrets(this.deps.secretKey, row.secrets)));
    const controller = new AbortController();
    const ctx: ChannelContext = {
      channel: { id: row.id, kind: row.kind, name: row.name, config: row.config },
      config,
      publicUrl: this.deps.publicUrl,
      sink: channelSink(this.deps.ingest, { id: row.id, kind: row.kind }),
      state: channelStateStore(this.deps.database.db, row.id),
      health: (update) => this.#health.report(row.id, update),
      log: this.deps.log.child({ channelId: row.id, kind: row.kind }),
      signal: controller.signal,
      now: this.deps.now,
      webhookFetch: (url, init) => safeFetch(url, init, this.deps.egress),
      ...(this.deps.spoolDir ? { spool: inboundSpool(this.deps.spoolDir, row.id, this.deps.spoolKept) } : {}),
    };
    return { channel: driver.create(ctx), driver, kind: row.kind, controller, started: false };
  }

  /** Stops and forgets a channel's instance (after an edit, a delete or a deactivation). */
  async invalidate(channelId: string): Promise<void> {
    const live = this.#live.get(channelId);
    this.#live.delete(channelId);
    if (!live) return;
    const l = await live.catch(() => undefined);
    if (!l) return;
    l.controller.abort();
    if (l.routed) await this.#sessions?.released(channelId).catch(() => {});
    if (l.started) {
      await l.channel.stop?.().catch(() => {});
      this.#health.report(channelId, { worker: null });
    }
    await this.#health.forget(channelId);
    await this.#locks.release(channelId);
  }

  /** Listens for channel changes made in any process, so no process keeps running a channel as it was. */
  async watchChanges(): Promise<void> {
    this.#unlistenChanges ??= await this.deps.database.listen(CHANNEL_CHANGES, (payload) => {
      void this.#applyChange(payload).catch((error) => this.deps.log.warn({ err: error }, 'could not apply a channel change'));
    });
  }

  /** After this process changed or deleted a channel (and invalidated its own instance): every other process follows. */
  async announceChange(channelId: string, change: ChannelChange): Promise<void> {
    await this.deps.database.notify(CHANNEL_CHANGES, JSON.stringify({ channelId, change, origin: this.#origin }));
  }

  async #applyChange(payload: string): Promise<void> {
    const { channelId, change, origin } = JSON.parse(payload) as { channelId?: unknown; change?: unknown; origin?: unknown };
    if (typeof channelId !== 'string' || origin === this.#origin || !this.#live.has(channelId)) return;
    const live = await this.#live.get(channelId)?.catch(() => undefined);
    // Only the process holding a session can unlink its device: the one that deleted the channel may not hold it.
    if (change === 'deleted' && live?.started) await live.channel.logout?.().catch(() => {});
    await this.invalidate(channelId);
    // Running here before: started again at once with what the admin saved, if it is still active and free.
    if (live?.started && change === 'updated' && this.#pullTimer) await this.#startIfActive(channelId);
  }

  async #startIfActive(channelId: string): Promise<void> {
    const [row] = await this.deps.database.db.select({ id: channels.id, active: channels.active, kind: channels.kind }).from(channels).where(eq(channels.id, channelId));
    if (row?.active) await this.#startIfPulling(row);
  }

  /** Starts a channel that pulls, answering whether it runs here; a failure is logged (its health shows it) and tried again on the next pass. */
  async #startIfPulling(row: { id: string; kind: string }): Promise<boolean> {
    if (!(await this.driver(row.kind))?.pulls) return false;
    return this.startPulling(row.id).catch((error) => {
      this.deps.log.error({ err: error, channelId: row.id }, 'channel failed to start');
      return false;
    });
  }

  /** Starts one pulling channel if this process can take its lock. Returns whether it runs here. */
  async startPulling(channelId: string): Promise<boolean> {
    const live = await this.instance(channelId);
    if (live.started) {
      await this.#routeSends(channelId, live);
      return true;
    }
    if (!live.driver.pulls || !live.channel.start) return false;
    // One start at a time: a pass, a change notice and an activation asking at once share it (each started it before).
    live.starting ??= this.#start(channelId, live).finally(() => (live.starting = undefined));
    return live.starting;
  }

  async #start(channelId: string, live: Live): Promise<boolean> {
    if (!(await this.#locks.tryAcquire(channelId))) return false;
    live.started = true;
    try {
      await live.channel.start!();
    } catch (error) {
      live.started = false;
      await this.#locks.release(channelId);
      throw error;
    }
    this.#health.report(channelId, { worker: WORKER_NAME });
    await this.#routeSends(channelId, live);
    return true;
  }

  /** Only now can this process send for the channel: its waiting jobs flow here. Retried on the next tick if it fails. */
  async #routeSends(channelId: string, live: Live) {
    if (!live.driver.sendsThroughSession || live.routed || !this.#sessions) return;
    try {
      await this.#sessions.held(channelId);
      live.routed = true;
    } catch (error) {
      this.deps.log.error({ err: error, channelId }, "could not take over the channel's sends; retrying");
    }
  }

  /** The work role: start every active pulling channel, and keep trying those another process holds. */
  async runPullers(intervalMs = 15_000): Promise<void> {
    const tick = async () => {
      // A channel whose lock went with its session is stopped here, so it never runs in two processes at once; the
      // pass below takes it again if no other process has.
      for (const channelId of await this.#locks.lost()) {
        this.deps.log.warn({ channelId }, "lost the channel's lock (its database session ended); stopping it here");
        await this.invalidate(channelId);
      }
      const rows = await this.deps.database.db.select({ id: channels.id, kind: channels.kind }).from(channels).where(eq(channels.active, true));
      // A channel deactivated or deleted while this process missed the notice stops here too.
      const active = new Set(rows.map((row) => row.id));
      for (const [channelId, live] of this.#live) {
        if (!active.has(channelId) && (await live.catch(() => undefined))?.started) await this.invalidate(channelId);
      }
      await this.#pullShare(rows);
    };
    // Joined before any channel is taken, so workers started together rank in the order they started, not by which
    // first saw a channel (which could move a channel once to the older one).
    await this.#locks.workers();
    await tick();
    this.#pullTimer = setInterval(() => void tick().catch(() => {}), intervalMs);
  }

  /**
   * Runs this process's share of the pulling channels: with several processes running them, they are split as evenly
   * as they go (`channelShare`), so a second worker takes half the mailboxes, bots and sessions instead of none. One
   * holding more than its share (another joined) hands the rest over: it stops them and lets their locks go, and the
   * others take them on their next pass. A process that ends lets its channels go, and the rest share them again.
   */
  async #pullShare(rows: { id: string; kind: string }[]): Promise<void> {
    const pulling: { id: string; kind: string; session: boolean }[] = [];
    for (const row of rows) {
      const driver = await this.driver(row.kind);
      if (driver?.pulls) pulling.push({ ...row, session: !!driver.sendsThroughSession });
    }
    // Kept first, so handed over last: sessions (a move reconnects WhatsApp and holds its replies for a pass), then by id.
    pulling.sort((a, b) => Number(b.session) - Number(a.session) || (a.id < b.id ? -1 : 1));
    const place = pulling.length ? await this.#locks.workers() : undefined;
    const share = place ? channelShare(pulling.length, place) : pulling.length;
    let holding = 0;
    const free: typeof pulling = [];
    for (const row of pulling) {
      if (!(await this.holds(row.id))) free.push(row);
      else if (holding < share) {
        holding += 1;
        await this.#startIfPulling(row); // already running: routes its sends if that failed before
      } else {
        this.deps.log.info({ channelId: row.id, workers: place?.count, share }, 'handing the channel to another worker (this one holds more than its share)');
        await this.invalidate(row.id);
      }
    }
    for (const row of free) {
      if (holding >= share) break;
      if (await this.#startIfPulling(row)) holding += 1;
    }
  }

  async stopAll(): Promise<void> {
    if (this.#pullTimer) clearInterval(this.#pullTimer);
    await this.#unlistenChanges?.().catch(() => {});
    this.#unlistenChanges = undefined;
    await Promise.all([...this.#live.keys()].map((id) => this.invalidate(id)));
    await this.#locks.releaseAll();
  }
}
