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
    "{linked} van {total} antwoorden zijn aan een klant gekoppeld (het account of de bestelling waar de enquête bij hoorde).",
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
  "customer.rfm.label": "RFM-score",
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
};
