// English messages of the shop integrations settings (Shopify and WooCommerce order webhooks); spread into en.ts.
export const enIntegrations = {
  'settings.integrations': 'Integrations',
  'integrations.intro': 'Connect a shop so its orders and refunds arrive here: each order updates the customer’s value, segments and workflows.',
  'integrations.empty': 'No shop is connected yet.',
  'integrations.kind.shopify': 'Shopify',
  'integrations.kind.woocommerce': 'WooCommerce',
  'integrations.connect': 'Connect a shop',
  'integrations.platform': 'Platform',
  'integrations.name': 'Name',
  'integrations.secret': 'Signing secret (optional)',
  'integrations.secretHelp.shopify':
    'Shopify chooses this secret: paste the one shown under Settings → Notifications → Webhooks (“Your webhooks will be signed with …”), or your app’s client secret if an app sends the webhooks.',
  'integrations.secretHelp.woocommerce':
    'The Secret of your WooCommerce webhook. It must be at least 16 characters, so a short secret cannot be guessed and used to add false orders: if yours is shorter, leave this empty and paste the generated one into the webhook’s Secret field.',
  'integrations.secretHelpEmpty': 'Left empty, a strong secret is generated and shown once.',
  'integrations.topics.shopify':
    'In Shopify, under Settings → Notifications → Webhooks, create a webhook in JSON format to this URL for each event: Order creation (orders/create), Order update (orders/updated), Order cancellation (orders/cancelled), Order payment (orders/paid) and Refund create (refunds/create).',
  'integrations.topics.woocommerce':
    'In WooCommerce, under Settings → Advanced → Webhooks, add a webhook to this delivery URL with the topic Order created, and another with Order updated (Order restored is handled too), each with the same secret.',
  'integrations.url': 'Webhook URL',
  'integrations.copy': 'Copy',
  'integrations.copied': 'Copied',
  'integrations.secretMasked': 'Secret {secret}',
  'integrations.secretOnce': 'Signing secret for {name}, shown only this once: copy it into the shop now. {secret}',
  'integrations.disconnect': 'Disconnect',
  'integrations.confirmDisconnect': 'Disconnect {name}? Its webhooks are refused from now on; the orders already received stay.',
};
