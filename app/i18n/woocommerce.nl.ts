// Dutch UI text for WooCommerce merchants (merged into nl.ts).
import type { woocommerceEn } from "./woocommerce.en";

export const woocommerceNl: Record<keyof typeof woocommerceEn, string> = {
  "nav.logout": "Uitloggen",
  "nav.menu": "Retentiemenu",
  "sync.woocommerce": "WooCommerce-synchronisatie (elke 15 minuten)",
  "woo.sso.title": "Het Retention-dashboard openen",
  "woo.sso.malformed": "Deze aanmeldlink is niet geldig.",
  "woo.sso.bad-signature": "Deze aanmeldlink kon voor deze winkel niet worden gecontroleerd.",
  "woo.sso.wrong-shop": "Deze aanmeldlink is voor een andere winkel.",
  "woo.sso.expired": "Deze aanmeldlink is verlopen.",
  "woo.sso.not-yet-valid": "Deze aanmeldlink is nog niet geldig: controleer de klok van je WordPress-server.",
  "woo.sso.reused": "Deze aanmeldlink is al gebruikt.",
  "woo.sso.not-connected": "Deze winkel is niet meer met Retention verbonden.",
  "woo.sso.again":
    "Open het dashboard opnieuw vanuit WordPress: WooCommerce › Retention › Dashboard openen. Elke link werkt één keer, één minuut lang.",
  "woo.signedOut.title": "Je bent uitgelogd",
  "woo.signedOut.ended": "Je sessie is verlopen.",
  "woo.signedOut.body":
    "Open het Retention-dashboard van je WooCommerce-winkel via WooCommerce › Retention in WordPress en kies Dashboard openen.",
  "import.intro.woocommerce":
    "Voeg bestelgeschiedenis toe die de synchronisatie niet bereikt: bestellingen uit een eerdere winkel (Shopify of een andere WooCommerce-winkel), of een export van de eigen bestellingen van deze winkel. Geïmporteerde bestellingen tellen mee in elk retentiecijfer. Hetzelfde bestand opnieuw importeren verandert niets.",
  "loyalty.summary.failedCodes.woocommerce": "Kortingsbonnen die de winkel weigerde (punten teruggegeven)",
  "loyalty.referral.help.woocommerce":
    "Elk lid krijgt een doorverwijslink. De vriend krijgt een kortingsbon voor de eerste bestelling; het lid krijgt punten zodra die bestelling betaald is. Jezelf doorverwijzen (zelfde account of e-mailadres) wordt geweigerd.",
  "loyalty.rewards.help.woocommerce":
    "Leden besteden beschikbare punten aan deze beloningen. Elke inwisseling maakt een WooCommerce-kortingsbon voor eenmalig gebruik die alleen die klant kan gebruiken.",
  "pixels.ids.help.woocommerce":
    "De Retention-plugin zet de pixels van de netwerken waarvan je een id invult op de pagina's van je winkel (paginaweergaven, productweergaven, toevoegen aan winkelwagen, aankopen). Laat een id leeg om dat netwerk niets te sturen. De plugin haalt de id's binnen enkele minuten na opslaan op bij de app.",
  "pixels.consent.body.woocommerce":
    "Er gaat niets naar een advertentienetwerk zonder marketingtoestemming van de bezoeker. De plugin laadt een pixel pas als je cookiebanner via de WP Consent API marketingtoestemming meldt; gebeurtenissen van vóór de toestemming worden niet verstuurd, en intrekken stopt het versturen meteen.",
};
