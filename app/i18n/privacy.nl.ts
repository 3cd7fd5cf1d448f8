// Dutch UI text of the customer data requests on the settings page (merged into nl.ts).
import type { privacyEn } from "./privacy.en";

export const privacyNl: Record<keyof typeof privacyEn, string> = {
  "privacy.heading": "Inzageverzoeken van klanten",
  "privacy.intro":
    "Vraagt een klant via Shopify welke gegevens winkels over hem bewaren, dan verzamelt de app hier wat zij bewaart. Download het bestand en stuur het naar de klant.",
  "privacy.intro.woocommerce":
    "Exporteert u de persoonsgegevens van een klant in WordPress (Extra > Persoonsgegevens exporteren), dan legt de app hier ook vast wat zij over die klant bewaart. Wist u ze daar, dan wist de app ze ook.",
  "privacy.none": "Geen enkele klant heeft om zijn gegevens gevraagd.",
  "privacy.customer": "Klant {id}",
  "privacy.requestedAt": "Aangevraagd op {date}",
  "privacy.download": "Downloaden (JSON)",
  "privacy.erased": "Gewist: de klant vroeg later om vergeten te worden.",
  "privacy.failed": "Het downloaden is mislukt. Probeer het opnieuw.",
};
