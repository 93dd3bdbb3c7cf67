// The InboundSink a channel's connector hands its traffic to: the ingest service, delivery updates, checkpoints.
import type { InboundSink } from '../../connectors/channel.ts';
import { ingestMessage, saveCheckpoint, type IngestChannel, type IngestDeps } from '../inbound/ingest-message.ts';
import { ingestPage } from '../inbound/ingest-page.ts';
import { applyDeliveryUpdate } from '../outbound/apply-delivery-update.ts';
import { stripNul } from '../lib/strip-nul.ts';

export function channelSink(ingest: IngestDeps, channel: IngestChannel): InboundSink {
  return {
    receive: (message, options) => ingestMessage(ingest, channel, message, options),
    receivePage: (items) => ingestPage(ingest, channel, items),
    // Cleaned as inbound messages are (Postgres text cannot hold NUL): an id with NUL in it names no stored message.
    updateStatus: async (update) => void (await applyDeliveryUpdate(ingest.database, channel.id, stripNul(update))),
    saveCheckpoint: (checkpoint) => saveCheckpoint(ingest.database.db, channel.id, checkpoint),
  };
}
