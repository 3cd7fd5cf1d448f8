// English UI text of the Win-back page (merged into en.ts).
export const winbackEn = {
  "nav.winback": "Win-back",
  "winback.title": "Win-back",
  "winback.demo":
    "This is the demo shop: the push is switched off here, as there is no Shopify store to write to. The figures show what a push would write.",
  "winback.intro.heading": "What the app writes to your customers",
  "winback.intro.body":
    "After every analytics update, each customer with an account in your shop gets one tag that says which group they are in, and four fields (metafields) with their figures. Shopify Email, Shopify Flow and e-mail apps such as Klaviyo can read them; you decide what to send. Guests who ordered without an account have no customer record in Shopify and are skipped. Only changes are sent.",
  "winback.tags.body":
    "One tag per customer, swapped when they move to another group. Tags you or other apps added are never touched.",
  "winback.tag.one-time": "one order so far, ordered within the last {days} days",
  "winback.tag.repeat": "2 or more orders, ordered within the last {days} days",
  "winback.tag.active-loyal": "{orders} or more orders, ordered within the last {days} days",
  "winback.tag.inactive": "no order for {days} days or more",
  "winback.fields.body": "Fields on each customer, namespace retention:",
  "winback.field.segment": "the group, as in the tag",
  "winback.field.churn_risk": "chance the customer has stopped buying, 0 to 1",
  "winback.field.predicted_clv": "predicted lifetime value in {currency}",
  "winback.field.last_order_date": "date of the last order",
  "winback.use.heading": "How to use them",
  "winback.use.email":
    "Shopify Email: make a customer segment with customer_tags CONTAINS 'retention:inactive' and send it a win-back discount.",
  "winback.use.flow":
    "Shopify Flow: start a workflow with the trigger “Customer became inactive” (sent once, when a customer crosses {days} days without an order) and send a discount or add them to a list.",
  "winback.use.klaviyo":
    "Klaviyo and other e-mail apps: Shopify customer tags come along with the customer; build a segment on the tag retention:inactive.",
  "winback.use.loyal": "Thank the customers tagged retention:active-loyal with early access instead of a discount.",
  "winback.counts.heading": "Customers per tag",
  "winback.col.tag": "Tag",
  "winback.col.pushed": "Tagged in Shopify",
  "winback.col.wouldTag": "From the latest analysis",
  "winback.guests": "{count} guests without an account are skipped.",
  "winback.push.heading": "Push to Shopify",
  "winback.push.status": "Status",
  "winback.push.status.idle": "Not run yet",
  "winback.push.status.running": "Running",
  "winback.push.status.queued": "Running",
  "winback.push.status.completed": "Up to date",
  "winback.push.status.failed": "Failed, will retry",
  "winback.push.status.stopped": "Stopped (switched off)",
  "winback.push.last": "Last completed push: {at}",
  "winback.push.never": "No push has completed yet.",
  "winback.push.updated": "{count} customers updated in the last push.",
  "winback.push.now": "Push now",
  "winback.push.queued": "Push started",
  "winback.push.off": "The push is switched off.",
  "winback.failures.heading": "Customers Shopify refused",
  "winback.failures.help":
    "These are skipped until their group or figures change, or until you press Push now. A customer deleted in Shopify stays here.",
  "winback.failures.none": "None.",
  "winback.col.customer": "Customer",
  "winback.col.message": "Shopify's answer",
  "winback.col.at": "When",
  "winback.settings.heading": "Setting",
  "winback.settings.enabled": "Write segments to my Shopify customers (tags, fields and the Flow trigger)",
  "winback.settings.help":
    "Switching this off stops the push; the tags already written stay until you remove them below.",
  "winback.save": "Save",
  "winback.saved": "Saved",
  "winback.remove.heading": "Remove the app's tags",
  "winback.remove.body":
    "{count} customers still carry a retention: tag or field. Remove them from all customers (your own tags stay).",
  "winback.remove.button": "Remove tags and fields",
  "winback.remove.queued": "Removing the app's tags",
  "winback.remove.running": "Removing: {count} customers to go.",
  "winback.error.demo": "The demo shop cannot be pushed.",
  "winback.error.disabled": "Switch the push on first.",
  "winback.error.enabled": "Switch the push off first, or the next push writes the tags again.",
  // WooCommerce shops: the same page, about customer meta data and the segment webhook.
  "winback.intro.body.woocommerce":
    "After every analytics update, each customer with an account in your WooCommerce store gets the group they are in and three figures as customer meta data. E-mail plugins that read user meta (MailPoet, AutomateWoo, FunnelKit and the like) can use them, and the app can call a web address of yours whenever a customer moves to another group. Guests who ordered without an account have no customer record in WooCommerce and are skipped. Only changes are sent.",
  "winback.tags.body.woocommerce":
    "The group is stored in retention_segment and replaced when the customer moves to another group. Meta data you or other plugins added is never touched.",
  "winback.fields.body.woocommerce": "Meta data on each customer:",
  "winback.field.segment.woocommerce": "the group: one-time, repeat, inactive or active-loyal",
  "winback.use.webhook.woocommerce":
    "Segment webhook: set a web address below and the app POSTs a signed customer.segment_changed message to it each time a customer moves to another group (for example from repeat to inactive), so an e-mail tool or automation can send a win-back mail.",
  "winback.use.meta.woocommerce":
    "E-mail plugins: build a list or automation on the user meta retention_segment = inactive.",
  "winback.use.loyal.woocommerce":
    "Thank the customers with retention_segment = active-loyal with early access instead of a discount.",
  "winback.col.tag.woocommerce": "Group",
  "winback.col.pushed.woocommerce": "Written to WooCommerce",
  "winback.push.heading.woocommerce": "Push to WooCommerce",
  "winback.failures.heading.woocommerce": "Customers WooCommerce refused",
  "winback.failures.help.woocommerce":
    "These are skipped until their group or figures change, or until you press Push now. A customer deleted in WooCommerce stays here.",
  "winback.col.message.woocommerce": "WooCommerce's answer",
  "winback.settings.enabled.woocommerce":
    "Write segments to my WooCommerce customers (meta data and the segment webhook)",
  "winback.settings.help.woocommerce":
    "Switching this off stops the push and takes the app's retention_ meta data off your customers again.",
  "winback.remove.body.woocommerce":
    "{count} customers still carry the app's retention_ meta data. Remove it from all customers (your own meta data stays).",
  "winback.webhook.heading": "Segment webhook",
  "winback.webhook.help":
    "An https address that receives a POST with a JSON body each time a customer moves to another group. The X-Retention-Signature header is the base64 HMAC-SHA256 of the body with the secret below, the same scheme WooCommerce uses for its own webhooks. A failed delivery is retried for about two hours; the X-Retention-Event-Id header stays the same across retries.",
  "winback.webhook.url": "Web address (https)",
  "winback.webhook.secret": "Signing secret",
  "winback.webhook.saved": "Webhook address saved",
  "winback.error.webhookUrl": "Enter an https address, or leave the field empty to send no webhook.",
  "winback.counts.heading.woocommerce": "Customers per group",
  "winback.error.enabled.woocommerce": "Switch the push off first, or the next push writes the meta data again.",
} as const;
