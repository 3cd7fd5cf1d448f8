// Dutch UI text of the Win-back page (merged into nl.ts).
import type { winbackEn } from "./winback.en";

export const winbackNl: Record<keyof typeof winbackEn, string> = {
  "nav.winback": "Terugwinnen",
  "winback.title": "Terugwinnen",
  "winback.demo":
    "Dit is de demowinkel: het doorsturen staat hier uit, want er is geen Shopify-winkel om naar te schrijven. De cijfers laten zien wat er doorgestuurd zou worden.",
  "winback.intro.heading": "Wat de app bij je klanten zet",
  "winback.intro.body":
    "Na elke analyse-update krijgt elke klant met een account in je winkel één tag die zegt in welke groep hij zit, en vier velden (metafields) met zijn cijfers. Shopify Email, Shopify Flow en e-mailapps zoals Klaviyo kunnen ze lezen; jij bepaalt wat je stuurt. Gasten die zonder account bestelden hebben geen klantrecord in Shopify en worden overgeslagen. Alleen wijzigingen worden verstuurd.",
  "winback.tags.body":
    "Eén tag per klant, gewisseld zodra de klant naar een andere groep gaat. Tags van jezelf of van andere apps blijven altijd staan.",
  "winback.tag.one-time": "tot nu toe één bestelling, besteld in de afgelopen {days} dagen",
  "winback.tag.repeat": "2 of meer bestellingen, besteld in de afgelopen {days} dagen",
  "winback.tag.active-loyal": "{orders} of meer bestellingen, besteld in de afgelopen {days} dagen",
  "winback.tag.inactive": "{days} dagen of langer geen bestelling",
  "winback.fields.body": "Velden op elke klant, namespace retention:",
  "winback.field.segment": "de groep, zoals in de tag",
  "winback.field.churn_risk": "kans dat de klant gestopt is met kopen, 0 tot 1",
  "winback.field.predicted_clv": "voorspelde klantwaarde in {currency}",
  "winback.field.last_order_date": "datum van de laatste bestelling",
  "winback.use.heading": "Zo gebruik je ze",
  "winback.use.email":
    "Shopify Email: maak een klantsegment met customer_tags CONTAINS 'retention:inactive' en stuur het een terugwinkorting.",
  "winback.use.flow":
    "Shopify Flow: start een workflow met de trigger “Customer became inactive” (één keer verstuurd, zodra een klant {days} dagen niet besteld heeft) en stuur een korting of zet de klant op een lijst.",
  "winback.use.klaviyo":
    "Klaviyo en andere e-mailapps: Shopify-klanttags komen met de klant mee; maak een segment op de tag retention:inactive.",
  "winback.use.loyal": "Bedank klanten met de tag retention:active-loyal met vroege toegang in plaats van een korting.",
  "winback.counts.heading": "Klanten per tag",
  "winback.col.tag": "Tag",
  "winback.col.pushed": "Getagd in Shopify",
  "winback.col.wouldTag": "Volgens de laatste analyse",
  "winback.guests": "{count} gasten zonder account worden overgeslagen.",
  "winback.push.heading": "Doorsturen naar Shopify",
  "winback.push.status": "Status",
  "winback.push.status.idle": "Nog niet gedraaid",
  "winback.push.status.running": "Bezig",
  "winback.push.status.queued": "Bezig",
  "winback.push.status.completed": "Bijgewerkt",
  "winback.push.status.failed": "Mislukt, wordt opnieuw geprobeerd",
  "winback.push.status.stopped": "Gestopt (uitgezet)",
  "winback.push.last": "Laatst voltooid: {at}",
  "winback.push.never": "Er is nog niets doorgestuurd.",
  "winback.push.updated": "{count} klanten bijgewerkt bij de laatste keer.",
  "winback.push.now": "Nu doorsturen",
  "winback.push.queued": "Doorsturen gestart",
  "winback.push.off": "Het doorsturen staat uit.",
  "winback.failures.heading": "Klanten die Shopify weigerde",
  "winback.failures.help":
    "Deze worden overgeslagen tot hun groep of cijfers veranderen, of tot je op Nu doorsturen drukt. Een klant die in Shopify verwijderd is, blijft hier staan.",
  "winback.failures.none": "Geen.",
  "winback.col.customer": "Klant",
  "winback.col.message": "Antwoord van Shopify",
  "winback.col.at": "Wanneer",
  "winback.settings.heading": "Instelling",
  "winback.settings.enabled": "Segmenten naar mijn Shopify-klanten schrijven (tags, velden en de Flow-trigger)",
  "winback.settings.help":
    "Uitzetten stopt het doorsturen; de tags die er al staan blijven tot je ze hieronder verwijdert.",
  "winback.save": "Opslaan",
  "winback.saved": "Opgeslagen",
  "winback.remove.heading": "Tags van de app verwijderen",
  "winback.remove.body":
    "{count} klanten hebben nog een retention:-tag of -veld. Verwijder ze bij alle klanten (je eigen tags blijven staan).",
  "winback.remove.button": "Tags en velden verwijderen",
  "winback.remove.queued": "Tags van de app worden verwijderd",
  "winback.remove.running": "Bezig met verwijderen: nog {count} klanten.",
  "winback.error.demo": "De demowinkel kan niet doorgestuurd worden.",
  "winback.error.disabled": "Zet het doorsturen eerst aan.",
  "winback.error.enabled": "Zet het doorsturen eerst uit, anders zet de volgende keer de tags er weer op.",
  "winback.intro.body.woocommerce":
    "Na elke analyse-update krijgt elke klant met een account in je WooCommerce-winkel de groep waarin hij zit en drie cijfers als klant-metadata. E-mailplugins die gebruikersmetadata lezen (MailPoet, AutomateWoo, FunnelKit en dergelijke) kunnen ze gebruiken, en de app kan een webadres van jou aanroepen zodra een klant naar een andere groep gaat. Gasten die zonder account bestelden hebben geen klantrecord in WooCommerce en worden overgeslagen. Alleen wijzigingen worden verstuurd.",
  "winback.tags.body.woocommerce":
    "De groep staat in retention_segment en wordt vervangen als de klant naar een andere groep gaat. Metadata die jij of andere plugins toevoegden wordt nooit aangeraakt.",
  "winback.fields.body.woocommerce": "Metadata bij elke klant:",
  "winback.field.segment.woocommerce": "de groep: one-time, repeat, inactive of active-loyal",
  "winback.use.webhook.woocommerce":
    "Segment-webhook: vul hieronder een webadres in en de app stuurt er een ondertekend customer.segment_changed-bericht naartoe telkens als een klant naar een andere groep gaat (bijvoorbeeld van repeat naar inactive), zodat een e-mailtool of automatisering een terugwinmail kan sturen.",
  "winback.use.meta.woocommerce":
    "E-mailplugins: maak een lijst of automatisering op de gebruikersmetadata retention_segment = inactive.",
  "winback.use.loyal.woocommerce":
    "Bedank de klanten met retention_segment = active-loyal met vroege toegang in plaats van een korting.",
  "winback.col.tag.woocommerce": "Groep",
  "winback.col.pushed.woocommerce": "Geschreven naar WooCommerce",
  "winback.push.heading.woocommerce": "Doorsturen naar WooCommerce",
  "winback.failures.heading.woocommerce": "Klanten die WooCommerce weigerde",
  "winback.failures.help.woocommerce":
    "Deze worden overgeslagen tot hun groep of cijfers veranderen, of tot je op Nu doorsturen drukt. Een klant die in WooCommerce is verwijderd blijft hier staan.",
  "winback.col.message.woocommerce": "Antwoord van WooCommerce",
  "winback.settings.enabled.woocommerce":
    "Segmenten naar mijn WooCommerce-klanten schrijven (metadata en de segment-webhook)",
  "winback.settings.help.woocommerce":
    "Als je dit uitzet, stopt het doorsturen en haalt de app zijn retention_-metadata weer van je klanten af.",
  "winback.remove.body.woocommerce":
    "{count} klanten hebben nog retention_-metadata van de app. Haal die bij alle klanten weg (je eigen metadata blijft staan).",
  "winback.webhook.heading": "Segment-webhook",
  "winback.webhook.help":
    "Een https-adres dat een POST met een JSON-body krijgt telkens als een klant naar een andere groep gaat. De header X-Retention-Signature is de base64 HMAC-SHA256 van de body met het geheim hieronder, hetzelfde schema als WooCommerce voor zijn eigen webhooks gebruikt. Een mislukte levering wordt ongeveer twee uur lang opnieuw geprobeerd; de header X-Retention-Event-Id blijft bij elke poging gelijk.",
  "winback.webhook.url": "Webadres (https)",
  "winback.webhook.secret": "Ondertekengeheim",
  "winback.webhook.saved": "Webhook-adres opgeslagen",
  "winback.error.webhookUrl": "Vul een https-adres in, of laat het veld leeg om geen webhook te sturen.",
  "winback.counts.heading.woocommerce": "Klanten per groep",
  "winback.error.enabled.woocommerce":
    "Zet het doorsturen eerst uit, anders schrijft de volgende keer de metadata opnieuw.",
};
