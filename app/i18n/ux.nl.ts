// Dutch UI text of the CSV exports, the NPS follow-up, the customer page's readings and the
// setup checklist (merged into nl.ts).
import type { uxEn } from "./ux.en";

export const uxNl: Record<keyof typeof uxEn, string> = {
  "export.failed": "Het downloaden is mislukt. Probeer het opnieuw.",
  "export.customers": "Klanten exporteren (CSV)",
  "export.customers.filtered": "Deze {count} klanten exporteren (CSV)",
  "export.segments": "Segmenten exporteren (CSV)",
  "export.nps": "Antwoorden exporteren (CSV)",
  "export.ledger": "Puntenoverzicht exporteren (CSV)",
  "nps.linked":
    "{linked} van {total} antwoorden zijn gekoppeld aan een klant in je analyse (via het account of de bestelling waar de enquête bij hoorde).",
  "nps.trend.title": "NPS per maand",
  "nps.trend.help":
    "De score van de antwoorden van elke maand; maanden zonder antwoorden blijven leeg. In een maand met weinig antwoorden springt de score sterk.",
  "nps.col.month": "Maand",
  "nps.col.answers": "Antwoorden",
  "nps.segments.title": "NPS per klantgroep",
  "nps.segments.help":
    "Elk antwoord telt mee in de groep waar de klant nu in zit. Antwoorden die niet aan een klant te koppelen zijn staan onder “Geen klant bekend”.",
  "nps.segment.unknown": "Geen klant bekend",
  "nps.detractors.title": "Criticasters om op te volgen",
  "nps.detractors.help":
    "De laatste antwoorden van 0 tot 6, nieuwste eerst. Open een klant om de bestellingen te zien voordat je contact opneemt.",
  "nps.detractors.none": "Geen criticasters: niemand antwoordde 0 tot 6.",
  "nps.anonymous": "Anoniem",
  "customer.risk.label": "Risico op afhaken",
  "customer.risk.low": "Laag",
  "customer.risk.medium": "Gemiddeld",
  "customer.risk.high": "Hoog",
  "customer.risk.hover": "Schatting van het model: {pct} kans dat deze klant gestopt is met kopen.",
  "customer.risk.explain.low": "Bestelt ongeveer in het tempo dat je op basis van eerdere bestellingen mag verwachten.",
  "customer.risk.explain.medium":
    "Stiller dan gewoonlijk: de volgende bestelling laat langer op zich wachten dan verwacht.",
  "customer.risk.explain.high":
    "Laatste bestelling {since} dagen geleden, terwijl deze klant ongeveer elke {gap} dagen bestelde: veel langer dan gewoonlijk, dus het model verwacht geen bestellingen meer.",
  "customer.risk.explain.highOnce":
    "{orders} keer besteld binnen {span} dagen en daarna {since} dagen niets: het model leest dat als gestopt en voorspelt daarom geen verdere waarde. Een terugwinbericht is de manier om daarachter te komen.",
  "customer.rfm.label": "RFM-segment (recentheid, frequentie, besteding)",
  "customer.rfm.explain":
    "Recentheid {r} van 5, frequentie {f} van 5, bestedingen {m} van 5 — {words}. 5 is het beste vijfde deel van je klanten, 1 het laagste.",
  "customer.rfm.r.high": "bestelde kort geleden",
  "customer.rfm.r.low": "heeft lang niet besteld",
  "customer.rfm.f.high": "bestelt vaak",
  "customer.rfm.f.low": "bestelt zelden",
  "customer.rfm.m.high": "besteedt het meest",
  "customer.rfm.m.low": "besteedt weinig",
  "customers.risk.hover": "{pct} kans dat deze klant gestopt is met kopen",
  "customer.rfm.r.mid": "bestelde een tijdje geleden",
  "customer.rfm.f.mid": "bestelt af en toe",
  "customer.rfm.m.mid": "besteedt gemiddeld",
  "customer.risk.explain.highOne":
    "Tot nu toe op één dag besteld, {since} dagen geleden: de meeste klanten die na zo lang niet terugkwamen, komen niet meer terug.",
  "setup.title": "Je retentie-app instellen",
  "setup.count": "{done} van {total} klaar",
  "setup.sync.title": "Bestelgeschiedenis",
  "setup.sync.status.idle": "Wacht op start",
  "setup.sync.status.running": "Bezig met importeren",
  "setup.sync.status.completed": "Binnen",
  "setup.sync.status.failed": "Gestopt",
  "setup.sync.progress":
    "{processed} van {total} records geïmporteerd ({percent}%). Je cijfers verschijnen een minuut nadat dit klaar is.",
  "setup.sync.progressUnknown":
    "Tot nu toe {processed} records geïmporteerd. Je cijfers verschijnen een minuut nadat dit klaar is.",
  "setup.sync.starting":
    "Je winkel bereidt de export van je bestelgeschiedenis voor. Dat duurt meestal een paar minuten.",
  "setup.sync.done": "Je bestelgeschiedenis is binnen: {processed} records.",
  "setup.sync.failed.access":
    "Je winkel weigerde de app toegang tot je bestellingen of klanten. Open de app nog een keer vanuit je winkelbeheer om de rechten goed te keuren en probeer het opnieuw.",
  "setup.sync.failed.keys":
    "Je winkel accepteert de sleutels van de app niet meer. Koppel de winkel opnieuw (WooCommerce > Retention > Koppelen) en probeer het opnieuw.",
  "setup.sync.failed.unreachable":
    "De app kon je winkel niet bereiken. Die was misschien even offline of druk: probeer het over een paar minuten opnieuw.",
  "setup.sync.failed.rate":
    "Je winkel vroeg de app het rustiger aan te doen. Probeer het over een paar minuten opnieuw.",
  "setup.sync.failed.other":
    "Het importeren van je bestelgeschiedenis stopte voor het einde. Wat al binnen is gaat niet verloren: probeer het opnieuw om verder te gaan.",
  "setup.sync.failed.detail": "Technisch detail: {error}",
  "setup.sync.retry": "Opnieuw proberen",
  "setup.storefront.title": "Beloningen en enquête in je webwinkel tonen",
  "setup.storefront.body":
    "Zet de Retention-app-embed aan in je thema (loyaliteitsknop, doorverwijsaanbod) en voeg het NPS-enquêteblok toe aan de bestelstatuspagina. Afgevinkt zodra de eerste klant ze gebruikt.",
  "setup.storefront.action": "Thema-editor openen",
  "setup.loyalty.title": "Het loyaliteitsprogramma aanzetten",
  "setup.loyalty.body":
    "Controleer de punten per euro, beloningen en niveaus en sla ze op: klanten zien precies deze getallen.",
  "setup.loyalty.action": "Loyaliteitsprogramma bekijken",
  "setup.pixels.title": "Je advertentiepixels koppelen",
  "setup.pixels.body": "Meta, Google of TikTok: alleen met toestemming van de klant.",
  "setup.pixels.action": "Pixel-id's toevoegen",
  "setup.winback.title": "Terugwinnen aanzetten",
  "setup.winback.body":
    "Geef klanten een groepstag in je winkel, zodat Shopify Email, Flow of Klaviyo de klanten die gestopt zijn kan terugwinnen.",
  "setup.winback.action": "Terugwinnen instellen",
  "setup.empty.title": "Je dashboard komt eraan",
  "setup.empty.soFar":
    "Tot nu toe zijn {customers} klanten en {orders} bestellingen binnen. Dit verschijnt er, en wanneer.",
  "setup.empty.retention.title": "Retentie en klantverloop",
  "setup.empty.retention.when":
    "Verschijnen bij de eerste analyse nadat je bestelgeschiedenis binnen is: het deel van de klanten uit het vorige kwartaal dat opnieuw bestelde.",
  "setup.empty.groups.title": "Klantgroepen en RFM-segmenten",
  "setup.empty.groups.when":
    "Verschijnen bij de eerste analyse, een minuut nadat de import klaar is: eenmalige, terugkerende, trouwe en inactieve klanten.",
  "setup.empty.prediction.title": "Voorspelde waarde en risico op afhaken per klant",
  "setup.empty.prediction.when":
    "Daarvoor zijn minstens {repeat} klanten nodig die vaker dan één keer bestelden; tot dan tonen de klantpagina's alleen de geschiedenis.",
  "setup.empty.nps.title": "Net Promoter Score",
  "setup.empty.nps.when":
    "Verschijnt bij het eerste antwoord op de enquête, zodra het NPS-blok op je bestelstatuspagina staat.",
  "setup.empty.loyalty.title": "Leden van het loyaliteitsprogramma",
  "setup.empty.loyalty.when": "Verschijnen zodra klanten lid worden via de knop in je webwinkel.",
  "setup.empty.cohorts.title": "Cohorten",
  "setup.empty.cohorts.when":
    "Vullen zich maand voor maand: de nieuwe klanten van elke maand en hoeveel er terugkwamen.",
  "nps.notAnalysed": "Klant zonder bestellingen in de analyse",
  "landing.title": "Houd de klanten die je al hebt",
  "landing.body":
    "Klantbehoud, klantverloop, herhaalaankopen en klantwaarde (CLV) voor je winkel, de klanten die op het punt staan af te haken, en sparen, doorverwijzen en win-back om ze terug te halen.",
  "login.title": "Inloggen",
  "login.shopDomain": "Winkeldomein",
  "login.submit": "Inloggen",
  "login.error.missingShop": "Vul je winkeldomein in om in te loggen",
  "login.error.invalidShop": "Vul een geldig winkeldomein in om in te loggen",
  "login.woocommerce":
    "Een WooCommerce-winkel? Open het dashboard vanuit WordPress: WooCommerce › Retention › Dashboard openen.",
  "woocommerce.connect.gone":
    "Koppel je WooCommerce-winkel vanuit WordPress: installeer de plug-in Retention for WooCommerce, open dan WooCommerce > Retention en kies Koppelen.",
};
