// Wires the long-lived parts of a process together: database, jobs, channel runtime, realtime, storage.
import { join } from 'node:path';
import type { ChannelDriver, ChannelKind } from '../connectors/channel.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { workspaces } from './db/schema/index.ts';
import { ChannelRuntime } from './channels/channel-runtime.ts';
import { JobQueue, QUEUES } from './jobs/job-queue.ts';
import { sessionQueue } from './jobs/session-queue.ts';
import type { FileStorage } from './files/file-storage.ts';
import { openStorage } from './files/open-storage.ts';
import { createLogger, type Logger } from './logger.ts';
import { RealtimeHub } from './realtime/hub.ts';
import { sweepLoginAttempts } from './auth/login-throttle.ts';
import type { IngestDeps } from './inbound/ingest-message.ts';
import { withGroupCommit } from './inbound/group-commit.ts';
import { sendOutbound, type SendDeps } from './outbound/send-outbound.ts';
import { wakeSnoozed } from './conversations/update-conversation.ts';
import { sweepUploads } from './files/sweep-uploads.ts';
import { fetchWaitingAttachments } from './inbound/fetch-waiting-attachments.ts';
import { deleteQueuedFiles } from './files/delete-files.ts';
import { sweepStagedFiles } from './files/staged-files.ts';
import { storeSpooledInbound } from './inbound/inbound-spool.ts';
import { LastKnownSecrets, storeSpooledShopDeliveries } from './orders/index.ts';
import { storeSpooledConsents } from './consent/index.ts';
import { storeSpooledOpens } from './tracking/index.ts';
import { failStuckSends } from './outbound/fail-stuck-sends.ts';
import { matchEarlyReceipts } from './outbound/early-receipts.ts';
import { requeueAbandonedSends } from './outbound/requeue-abandoned-sends.ts';
import { signedFileUrl } from './files/signed-file-url.ts';
import { startWorkflowWorkers } from './workflows/start-workflow-workers.ts';
import { runCampaignTick } from './campaigns/index.ts';
import { startWebhookWorker } from './webhooks/index.ts';
import { recomputeRfm, ValueScheduler } from './value/index.ts';
import { refitClv } from './value/clv/index.ts';
import { startComplaintRetrainer } from './complaints/index.ts';
import { startMarketingLane, type MarketingLane } from './outbound/marketing-lane.ts';
import { startPgliteHousekeeping } from './db/pglite-housekeeping.ts';
import { SpoolWatch } from './lib/spool-watch.ts';

export interface Services {
  config: Config;
  database: Database;
  jobs: JobQueue;
  runtime: ChannelRuntime;
  storage: FileStorage;
  realtime: RealtimeHub;
  log: Logger;
  now(): Date;
  ingest: IngestDeps;
  send: SendDeps;
  workspace: { defaultRegion: string; timeZone: string };
  /** True in a process that runs the work role (connectors, sends). */
  runsWorkers: boolean;
  /** The marketing lane, in a process that runs the work role. */
  marketingLane?: MarketingLane;
  refreshWorkspace(): Promise<void>;
  /** Orders changed: the workspace-wide value figures (RFM) are recomputed soon, debounced. */
  valueChanged(): void;
  /** The debounced workspace-wide value pass (RFM quintiles, then the CLV fit); never run on a read path. */
  valuePass: ValueScheduler;
  /** Shop integrations' secrets as last read, to verify a delivery while the database is away (integrations.ts). */
  shopSecrets: LastKnownSecrets;
  /** Where what arrived while the database was away waits on this machine's disk (inbound-spool.ts, shop-spool.ts). */
  spoolDir: string;
  /** Told of every file kept there; drives the spool pass (startSpoolPass) and holds the marketing lane for opt-outs. */
  spool: SpoolWatch;
  close(): Promise<void>;
}

export interface ServiceOptions {
  database?: Database;
  storage?: FileStorage;
  now?: () => Date;
  drivers?: Partial<Record<ChannelKind, ChannelDriver>>;
  logger?: Logger;
  jobPollingIntervalSeconds?: number;
  retryBaseMs?: number;
}

export async function createServices(config: Config, options: ServiceOptions = {}): Promise<Services> {
  const log = options.logger ?? createLogger(config.logLevel);
  // Storage first: a store that refuses our keys stops the start before anything else is opened.
  const storage = options.storage ?? (await openStorage(config.storage));
  const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sharedBuffersMb: config.pgliteSharedBuffersMb }));
  const { applied } = await migrate(database);
  if (applied) log.info({ applied }, 'database migrated');
  const now = options.now ?? (() => new Date());
  const jobs = new JobQueue(database, { pollingIntervalSeconds: options.jobPollingIntervalSeconds, onError: (err) => log.error({ err }, 'job queue error') });
  await jobs.start();
  const workspace = { defaultRegion: config.defaultRegion, timeZone: 'Europe/Istanbul' };
  const spool = new SpoolWatch();
  const ingest = withGroupCommit({ database, storage, defaultRegion: () => workspace.defaultRegion, maxAttachmentBytes: config.maxAttachmentBytes, now }, config.ingestBatch);
  const runtime = new ChannelRuntime({
    database,
    ingest,
    secretKey: config.secretKey,
    publicUrl: config.publicUrl,
    egress: { allow: config.webhookAllow },
    spoolDir: spoolDirOf(config),
    spoolKept: () => spool.kept(),
    log,
    now,
    drivers: options.drivers,
  });
  await runtime.watchChanges();
  const realtime = new RealtimeHub();
  await realtime.start(database);
  const fileUrl = config.publicUrlSet ? (id: string) => signedFileUrl({ publicUrl: config.publicUrl, secretKey: config.secretKey, now: now() }, id) : undefined;
  const send: SendDeps = {
    database,
    runtime,
    jobs,
    storage,
    now,
    retryBaseMs: options.retryBaseMs ?? 5_000,
    maxAttempts: 6,
    sendLeaseMs: config.sendLeaseMs,
    fileUrl,
    unsubscribe: { publicUrl: config.publicUrl, secretKey: config.secretKey, mailto: config.unsubscribeMailto },
  };
  // Read at once by the spool pass, which every role starts (startSpoolPass), and again on each pass.
  const shopSecrets = new LastKnownSecrets();
  const valuePass = new ValueScheduler(
    async () => {
      await recomputeRfm(database, now());
      await refitClv(database, now(), workspace.timeZone);
    },
    { onError: (err) => log.warn({ err }, 'value pass failed') },
  );

  const services: Services = {
    config,
    database,
    jobs,
    runtime,
    storage,
    realtime,
    log,
    now,
    ingest,
    send,
    workspace,
    valuePass,
    shopSecrets,
    spoolDir: spoolDirOf(config),
    spool,
    runsWorkers: false,
    valueChanged: () => valuePass.changed(),
    async refreshWorkspace() {
      const [ws] = await database.db.select().from(workspaces).limit(1);
      if (ws) {
        workspace.defaultRegion = ws.defaultRegion;
        workspace.timeZone = ws.timeZone;
      }
    },
    async close() {
      valuePass.stop();
      await spool.stop();
      await services.marketingLane?.stop();
      await runtime.stopAll();
      await ingest.groupCommit?.drain();
      await jobs.stop();
      await realtime.stop();
      await database.close();
    },
  };
  await database.db.insert(workspaces).values({ id: 1, defaultRegion: config.defaultRegion }).onConflictDoNothing();
  await services.refreshWorkspace();
  return services;
}

const spoolDirOf = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'spool');

/**
 * Every role: stores what was left in this machine's spool (a webhook's message, receipt or shop order, a one-click
 * unsubscribe or an email open, answered while the database was away; a WhatsApp page whose process stopped during
 * an outage): every 30 s, within 2 s of something being kept and every 2 s while the database is still away
 * (spool-watch.ts), one pass at a time. Start it before the workers, so the marketing lane waits for opt-outs an
 * earlier run left.
 */
export function startSpoolPass(services: Services): void {
  const shops = { ...services, secretKey: services.config.secretKey, region: () => services.workspace.defaultRegion };
  const failed = (what: string) => (e: unknown) => void services.log.warn({ err: e }, `${what} spool pass failed`);
  services.spool.start(async () => {
    const optOutsSeen = services.spool.lookingAtOptOuts();
    const [inbound, shop, consent, opens] = await Promise.all([
      storeSpooledInbound(services, services.spoolDir).catch(failed('inbound')),
      storeSpooledShopDeliveries(shops, services.spoolDir).catch(failed('shop')),
      storeSpooledConsents(services, services.spoolDir).then(
        (counts) => (optOutsSeen(counts.away), counts),
        (e: unknown) => (optOutsSeen(false), failed('consent')(e)),
      ),
      storeSpooledOpens(services, services.spoolDir).catch(failed('open')),
      // Quietly: while the database is away the secrets already known stay.
      services.shopSecrets.load(services.database.db, services.config.secretKey).catch(() => {}),
    ]);
    return { waiting: Boolean(inbound?.away || shop?.away || consent?.away || opens?.away) };
  });
}

/** The work role: outbound sends and pulling connectors. */
export async function startWorkers(services: Services, options: { pullers?: boolean } = {}) {
  services.runsWorkers = true;
  const requeue = () => void requeueAbandonedSends(services).catch((e) => services.log.warn({ err: e }, 'abandoned-send sweep failed'));
  requeue(); // a reply this process was sending when it died last time goes out now, not in 30 s
  const timer = setInterval(() => {
    void wakeSnoozed(services).catch((e) => services.log.warn({ err: e }, 'snooze sweep failed'));
    void deleteQueuedFiles(services).catch((e) => services.log.warn({ err: e }, 'file deletion sweep failed'));
    void sweepStagedFiles(services).catch((e) => services.log.warn({ err: e }, 'unclaimed file sweep failed'));
    void matchEarlyReceipts(services.database, services.now()).catch((e) => services.log.warn({ err: e }, 'early receipt pass failed'));
    void fetchWaitingAttachments({ ...services, maxAttachmentBytes: services.config.maxAttachmentBytes }).catch((e) => services.log.warn({ err: e }, 'waiting-file download pass failed'));
    requeue();
  }, 30_000);
  timer.unref?.();
  const uploadSweep = setInterval(() => {
    void sweepUploads(services).catch((e) => services.log.warn({ err: e }, 'upload sweep failed'));
    void sweepLoginAttempts(services.database.db, services.now()).catch((e) => services.log.warn({ err: e }, 'login attempt sweep failed'));
    void failStuckSends(services).catch((e) => services.log.warn({ err: e }, 'stuck-send sweep failed'));
  }, 60 * 60_000);
  uploadSweep.unref?.();
  // Campaign sends are paced by the tick itself (throttle × elapsed), so a one-second timer is enough.
  let ticking = false;
  const campaignTimer = setInterval(() => {
    if (ticking) return; // a slow tick is not overlapped by the next one
    ticking = true;
    void runCampaignTick(services)
      .catch((e) => services.log.warn({ err: e }, 'campaign tick failed'))
      .finally(() => (ticking = false));
  }, 1_000);
  campaignTimer.unref?.();
  const outbound = (job: { id: string; name: string; data: { messageId: string; attempt: number } }) => sendOutbound(services.send, job.data, { id: job.id, queue: job.name });
  // Two lanes: service sends (agent replies) are jobs on their own queue, so they never wait behind a campaign,
  // whose messages the marketing lane claims in batches.
  await services.jobs.work(QUEUES.outboundSend, outbound, { concurrency: 4, urgent: true });
  services.marketingLane = startMarketingLane({ ...services.send, log: services.log }, { holdWhile: () => services.spool.optOutsWaiting });
  // A session-bound channel (WhatsApp) sends only from the process holding its session: that process works its queue.
  services.runtime.onSessions({
    held: async (channelId) => {
      await services.jobs.ensureQueue(sessionQueue(channelId));
      await services.jobs.work(sessionQueue(channelId), outbound, { concurrency: 1, urgent: true });
    },
    released: (channelId) => services.jobs.stopWork(sessionQueue(channelId)),
  });
  await startWorkflowWorkers(services);
  services.jobs.boss.once('stopped', startComplaintRetrainer(services));
  startWebhookWorker(services);
  services.jobs.boss.once('stopped', startPgliteHousekeeping(services.database, services.log));
  void services.valuePass.runNow(); // figures scored before this process started, or by a process that died mid-wait
  if (options.pullers !== false) await services.runtime.runPullers();
}
