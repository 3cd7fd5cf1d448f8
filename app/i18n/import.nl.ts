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
    "CSV-bestanden tot {mb} MB, in de valuta van je winkel ({currency}). Een bestand dat in Excel is geopend en opgeslagen kan ook (puntkomma's, decimale komma's, datums met de dag eerst, Windows-tekens): het verslag zegt hoe het gelezen is.",
  "import.upload.heading": "Export uploaden",
  "import.upload.label": "CSV-bestand",
  "import.upload.submit": "Importeren",
  "import.upload.dateOrder": "Datums in het bestand",
  "import.upload.dateOrder.auto": "Herkennen uit het bestand",
  "import.upload.dateOrder.dmy": "Dag eerst (31-12-2025)",
  "import.upload.dateOrder.mdy": "Maand eerst (12/31/2025)",
  "import.result.heading": "Import voltooid",
  "import.result.format": "Bestand",
  "import.result.format.shopify": "Shopify-bestellingenexport",
  "import.result.format.woocommerce": "WooCommerce-bestellingenexport (WebToffee)",
  "import.result.written": "Geïmporteerde bestellingen",
  "import.result.unchanged": "Bestellingen al up-to-date of al gesynchroniseerd met je winkel",
  "import.result.customers": "Geïmporteerde klanten",
  "import.result.skipped": "Overgeslagen regels",
  "import.result.skippedSummary":
    "{count, plural, =0 {Geen rijen overgeslagen} one {# rij overgeslagen} other {# rijen overgeslagen}}",
  "import.dialect.heading": "Zo is het bestand gelezen",
  "import.dialect.encoding":
    "Tekens: {encoding, select, windows1252 {Windows-1252 (het bestand is geen UTF-8, zoals Excel op Windows het opslaat)} utf16 {UTF-16} other {UTF-8}}",
  "import.dialect.separator":
    "Kolommen gescheiden door {separator, select, semicolon {puntkomma's} tab {tabs} other {komma's}} ({columns} kolommen in de eerste rij)",
  "import.dialect.decimal.comma_file":
    "Bedragen met een decimale punt (1234.56), zoals een kommagescheiden bestand ze schrijft",
  "import.dialect.decimal.values":
    "Bedragen met een {decimal, select, comma {decimale komma en duizendtallen met punten (1.234,56)} other {decimale punt (1234.56)}}, zoals het bestand ze schrijft (bijvoorbeeld {example})",
  "import.dialect.decimal.spreadsheet_default":
    "Bedragen met een {decimal, select, comma {decimale komma en duizendtallen met punten (1.234,56)} other {decimale punt (1234.56)}}: geen bedrag in het bestand laat zijn decimalen zien, en zo schrijft een spreadsheetprogramma een bestand met deze scheidingstekens",
  "import.dialect.date.values":
    "Datums {order, select, dmy {met de dag eerst (31-12-2025)} other {met de maand eerst (12/31/2025)}}, zoals het bestand ze schrijft (bijvoorbeeld {example})",
  "import.dialect.date.dashes":
    "Datums met de dag eerst (31-12-2025): elke datum in het bestand past in beide volgordes, en datums met streepjes hebben de dag eerst (zo schrijven Nederlandse Excel en de WooCommerce-exporter ze), bijvoorbeeld {example}",
  "import.dialect.date.merchant":
    "Datums {order, select, dmy {met de dag eerst (31-12-2025)} other {met de maand eerst (12/31/2025)}}, zoals je koos (bijvoorbeeld {example})",
  "import.dialect.localTimes":
    "De tijden in het bestand hebben geen tijdzone (een spreadsheetprogramma laat die weg): ze worden gelezen in de tijdzone van je winkel ({timezone}).",
  "import.row.order": "bestelling {order}: {reason}",
  "import.row.unnamedOrder": "bestelling: {reason}",
  "import.reason.empty": "{column} is leeg",
  "import.reason.notCurrency": '{column} "{value}" is geen valutacode (zoals EUR)',
  "import.reason.notAmount": '{column} "{value}" is geen bedrag (cijfers met een "." voor de decimalen, zoals 12.50)',
  "import.reason.notAmountComma":
    '{column} "{value}" is geen bedrag zoals dit bestand ze schrijft (cijfers met een "," voor de decimalen, zoals 1.234,56)',
  "import.reason.negative": "{column} {value} is negatief",
  "import.reason.notShopifyId": 'Id "{value}" is geen Shopify-bestel-id',
  "import.reason.noOrderFields":
    "de eerste rij heeft geen bestelvelden ({columns}), die Shopify op de eerste rij van een bestelling schrijft; de bestelling is overgeslagen",
  "import.reason.notDate": '{column} "{value}" is geen datum en tijd zoals {example}',
  "import.reason.notWooOrderId": 'order_id "{value}" is geen WooCommerce-bestelnummer',
  "import.reason.wooNotOrder": "status {status}: geen bestelling (een concept of een verwijderde bestelling)",
  "import.reason.wooUnknownStatus": 'onbekende status "{status}" (verwacht: een van {statuses})',
  "import.reason.notWooCustomerId": 'customer_id "{value}" is geen WooCommerce-klantnummer',
  "import.reason.customerStorage": "klant {customer}: {problem}",
  "import.reason.refundItems": 'refund_items "{value}" is niet amount:...|reason:...|date:...',
  "import.reason.currency":
    "valuta {currency} is niet de valuta van je winkel ({shopCurrency}): de analyses tellen één valuta op, dus bestellingen in een andere worden niet geïmporteerd",
  "import.reason.future":
    "gedateerd {date}, meer dan een dag na nu ({now}): een bestelling kan niet in de toekomst geplaatst zijn",
  "import.reason.refundsExceed":
    "terugbetalingen van {refunded} {currency} zijn meer dan het besteltotaal van {total} {currency}",
  "import.reason.storage": "de database kan dit niet opslaan: {problem}",
  "import.reason.unclosedQuote":
    'een veld tussen aanhalingstekens dat op regel {line} begint, wordt nooit gesloten (een ontbrekende " leest de rest van het bestand als één veld)',
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
  "import.error.ambiguous_dates":
    "Elke datum in dit bestand (zoals {example} op regel {line}) kan met de dag of met de maand eerst gelezen worden, en het bestand zegt niet welke. Kies bij “Datums in het bestand” hoe het datums schrijft en importeer het opnieuw. Er is niets geïmporteerd.",
  "import.error.conflicting_dates":
    "Datums in dit bestand staan zowel met de dag eerst (regel {line1}: {example1}) als met de maand eerst (regel {line2}: {example2}): een spreadsheetprogramma heeft er waarschijnlijk een deel van veranderd. Exporteer het bestand opnieuw en upload het zoals het geëxporteerd is. Er is niets geïmporteerd.",
  "import.error.conflicting_numbers":
    "Bedragen in dit bestand staan zowel met een decimale komma (regel {line1}: {example1}) als met een decimale punt (regel {line2}: {example2}): een spreadsheetprogramma heeft er waarschijnlijk een deel van veranderd. Exporteer het bestand opnieuw en upload het zoals het geëxporteerd is. Er is niets geïmporteerd.",
  "import.error.missing": "Komt het dichtst bij: {format}, maar daarvoor ontbreken ook de kolommen {columns}.",
  "import.error.hint.semicolons":
    "De kolommen zijn gescheiden door puntkomma's: het bestand is waarschijnlijk geopend en opgeslagen in een spreadsheetprogramma. Upload het bestand zoals het geëxporteerd is.",
  "import.error.hint.tabs": "De kolommen zijn gescheiden door tabs: upload het CSV-bestand zoals het geëxporteerd is.",
  "import.error.hint.spreadsheet":
    "Dit is een spreadsheet-werkmap, geen CSV-bestand. Upload het CSV-bestand zoals het geëxporteerd is.",
};
