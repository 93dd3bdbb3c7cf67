// The InboundSink a channel's connector hands its traffic to: the ingest service, delivery updates, checkpoints.
import type { InboundSink } from '../../connectors/channel.ts';
import { ingestMessage, saveCheckpoint, type IngestChannel, type IngestDeps } from '../inbound/ingest-message.ts';
import { ingestPage } from '../inbound/ingest-page.ts';
import { applyDeliveryUpdate } from '../outbound/apply-delivery-update.ts';

export function channelSink(ingest: IngestDeps, channel: IngestChannel): InboundSink {
  return {
    receive: (message, options) => ingestMessage(ingest, channel, message, options),
    receivePage: (items) => ingestPage(ingest, channel, items),
    updateStatus: async (update) => void (await applyDeliveryUpdate(ingest.database, channel.id, update)),
    saveCheckpoint: (checkpoint) => saveCheckpoint(ingest.database.db, channel.id, checkpoint),
  };
}
