// English UI text of the customer data requests on the settings page (merged into en.ts).
export const privacyEn = {
  "privacy.heading": "Customer data requests",
  "privacy.intro":
    "When a customer asks Shopify for the data shops hold about them, the app collects what it holds here. Download it and send it to the customer.",
  "privacy.intro.woocommerce":
    "When you export a customer's personal data in WordPress (Tools > Export Personal Data), the app records what it holds about them here too. Erasing their data there erases it in the app.",
  "privacy.none": "No customer has asked for their data.",
  "privacy.customer": "Customer {id}",
  "privacy.requestedAt": "Requested {date}",
  "privacy.download": "Download (JSON)",
  "privacy.erased": "Erased: the customer later asked to be forgotten.",
  "privacy.failed": "The download failed. Please try again.",
} as const;
