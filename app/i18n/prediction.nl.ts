// Dutch UI text of the prediction readings on the dashboard (merged into nl.ts).
import type { predictionEn } from "./prediction.en";

export const predictionNl: Record<keyof typeof predictionEn, string> = {
  "prediction.accuracy.title": "Hoe goed de voorspellingen uitkomen",
  "prediction.accuracy.summary":
    "Over de laatste {days} dagen voorspelden we {predicted} aankopen van uw bestaande klanten; ze deden er {actual}.",
  "prediction.accuracy.model":
    "Model: {model}, gekozen omdat het die periode het best voorspelde van de drie die we probeerden (gebruikelijke fout per klant: {others}).",
  "prediction.accuracy.predicted": "Voorspelde aankopen",
  "prediction.accuracy.actual": "Werkelijke aankopen",
  "prediction.accuracy.chart":
    "De staven: aankopen in die {days} dagen, voorspeld naast werkelijk, per groep klanten naar hoe vaak ze daarvoor hadden besteld.",
  "prediction.accuracy.bin": "{count, plural, one {# keer} other {# keer}}",
  "prediction.accuracy.binMore": "{count}+ keer",
  "prediction.accuracy.skipped": "We kunnen de voorspellingen nog niet aan echte aankopen toetsen: {reason}.",
  "prediction.clv.range": "95%-bereik {low} – {high}, naar hoe precies het koopgedrag van uw winkel bekend is.",
  "prediction.unavailable.insufficient":
    "Voorspellingen hebben minstens {min} klanten nodig die vaker dan één keer bestelden; die komen er als klanten terugkomen.",
  "prediction.unavailable.other": "Voor de gegevens van deze winkel konden geen voorspellingen worden berekend.",
  "prediction.buyAgain": "{share} van de klanten bestelt naar verwachting opnieuw binnen {days} dagen.",
};
