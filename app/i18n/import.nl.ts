// Dutch UI text of the order import page (merged into nl.ts).
import type { importEn } from "./import.en";

export const importNl: Record<keyof typeof importEn, string> = {
  "nav.import": "Bestellingen importeren",
  "import.title": "Bestellingen importeren",
  "import.intro":
    "Voeg bestelgeschiedenis toe die de Shopify-synchronisatie niet kan ophalen: bestellingen uit een eerdere WooCommerce-winkel, of een export van de bestellingen van deze winkel. Geïmporteerde bestellingen tellen mee in alle retentiecijfers. Hetzelfde bestand opnieuw importeren verandert niets.",
  "import.formats.heading": "Welke bestanden je kunt importeren",
  "import.formats.shopify.title": "Shopify-bestellingenexport",
  "import.formats.shopify.how":
    "In de Shopify-beheeromgeving: Bestellingen › Exporteren › kies de bestellingen (bijvoorbeeld Alle bestellingen) › CSV voor Excel, Numbers of andere spreadsheetprogramma's › Bestellingen exporteren. Shopify mailt je het bestand.",
  "import.formats.shopify.note":
    "Bestellingen houden hun Shopify-bestelnummer en -id, dus bestellingen die de synchronisatie al heeft, tellen niet dubbel.",
  "import.formats.woocommerce.title": "WooCommerce-bestellingenexport (WebToffee)",
  "import.formats.woocommerce.how":
    "Installeer in WordPress de gratis plugin “Order Export & Order Import for WooCommerce” van WebToffee, dan: WebToffee Import Export (Basic) › Export › Order › Export. Laat de standaardkolommen staan.",
  "import.formats.woocommerce.note":
    "Besteldatums hebben in deze export geen tijdzone: ze worden gelezen in de tijdzone van je winkel ({timezone}). Klanten met een account worden met hun bestellingen geïmporteerd; gastbestellingen worden op e-mailadres aan klanten gekoppeld.",
  "import.formats.limits":
    "CSV-bestanden tot {mb} MB, in de valuta van je winkel ({currency}). Upload het bestand precies zoals het geëxporteerd is: openen en opslaan in een spreadsheetprogramma kan scheidingstekens en datums veranderen.",
  "import.upload.heading": "Export uploaden",
  "import.upload.label": "CSV-bestand",
  "import.upload.submit": "Importeren",
  "import.result.heading": "Import voltooid",
  "import.result.format": "Bestand",
  "import.result.format.shopify": "Shopify-bestellingenexport",
  "import.result.format.woocommerce": "WooCommerce-bestellingenexport (WebToffee)",
  "import.result.written": "Geïmporteerde bestellingen",
  "import.result.unchanged": "Bestellingen al up-to-date of al gesynchroniseerd met je winkel",
  "import.result.customers": "Geïmporteerde klanten",
  "import.result.skipped": "Overgeslagen regels",
  "import.result.refreshing": "Je cijfers worden opnieuw berekend met de geïmporteerde bestellingen.",
  "import.skipped.heading": "Overgeslagen regels",
  "import.skipped.line": "Regel",
  "import.skipped.reason": "Reden",
  "import.skipped.more": "De eerste {shown} van {total} overgeslagen regels.",
  "import.error.title": "Het bestand kon niet worden geïmporteerd",
  "import.error.noFile": "Kies een CSV-bestand om te importeren.",
  "import.error.empty": "Het bestand is leeg.",
  "import.error.no_orders": "Het bestand heeft kolomnamen maar geen bestellingen.",
  "import.error.too_large":
    "Het bestand is groter dan {mb} MB. Exporteer een kortere periode per bestand en importeer de bestanden na elkaar.",
  "import.error.unknown_format":
    "Dit is geen export die de import kan lezen. De eerste regel moet de kolomnamen van een van deze exports bevatten:",
  "import.error.write_failed":
    "De import is gestopt voordat hij klaar was, en er is niets uit dit bestand opgeslagen: je bestellingen zijn zoals ze waren. Probeer het opnieuw; blijft het misgaan, dan staat de oorzaak in het logboek van de app.",
  "import.error.missing": "Komt het dichtst bij: {format}, maar daarvoor ontbreken ook de kolommen {columns}.",
  "import.error.hint.semicolons":
    "De kolommen zijn gescheiden door puntkomma's: het bestand is waarschijnlijk geopend en opgeslagen in een spreadsheetprogramma. Upload het bestand zoals het geëxporteerd is.",
  "import.error.hint.tabs": "De kolommen zijn gescheiden door tabs: upload het CSV-bestand zoals het geëxporteerd is.",
  "import.error.hint.spreadsheet":
    "Dit is een spreadsheet-werkmap, geen CSV-bestand. Upload het CSV-bestand zoals het geëxporteerd is.",
};
