// English UI text of the order import page (merged into en.ts).
export const importEn = {
  "nav.import": "Import orders",
  "import.title": "Import orders",
  "import.intro":
    "Add order history the Shopify sync cannot reach: orders from a WooCommerce shop you had before, or an export of this shop's own orders. Imported orders count in every retention figure. Importing the same file again changes nothing.",
  "import.formats.heading": "Which files you can import",
  "import.formats.shopify.title": "Shopify orders export",
  "import.formats.shopify.how":
    "In the Shopify admin: Orders › Export › choose the orders (for example All orders) › CSV for Excel, Numbers, or other spreadsheet programs › Export orders. Shopify e-mails you the file.",
  "import.formats.shopify.note":
    "Orders keep their Shopify order number and id, so orders the sync already has are not counted twice.",
  "import.formats.woocommerce.title": "WooCommerce order export (WebToffee)",
  "import.formats.woocommerce.how":
    "In WordPress, install the free plugin “Order Export & Order Import for WooCommerce” by WebToffee, then: WebToffee Import Export (Basic) › Export › Order › Export. Keep the default columns.",
  "import.formats.woocommerce.note":
    "Order dates have no time zone in this export: they are read in your shop's time zone ({timezone}). Customers with an account are imported with their orders; guest orders are matched to customers by e-mail address.",
  "import.formats.limits":
    "CSV files up to {mb} MB, in your shop's currency ({currency}). Upload the file exactly as exported: opening and saving it in a spreadsheet program can change separators and dates.",
  "import.upload.heading": "Upload an export",
  "import.upload.label": "CSV file",
  "import.upload.submit": "Import",
  "import.result.heading": "Import finished",
  "import.result.format": "File",
  "import.result.format.shopify": "Shopify orders export",
  "import.result.format.woocommerce": "WooCommerce order export (WebToffee)",
  "import.result.written": "Orders imported",
  "import.result.unchanged": "Orders already up to date or synced from your shop",
  "import.result.customers": "Customers imported",
  "import.result.skipped": "Rows skipped",
  "import.result.refreshing": "Your figures are being recalculated with the imported orders.",
  "import.skipped.heading": "Skipped rows",
  "import.skipped.line": "Line",
  "import.skipped.reason": "Reason",
  "import.skipped.more": "The first {shown} of {total} skipped rows.",
  "import.error.title": "The file could not be imported",
  "import.error.noFile": "Choose a CSV file to import.",
  "import.error.empty": "The file is empty.",
  "import.error.no_orders": "The file has column names but no orders.",
  "import.error.too_large":
    "The file is larger than {mb} MB. Export a shorter date range per file and import the files one after the other.",
  "import.error.unknown_format":
    "This is not an export the import can read. The first row must hold the column names of one of these exports:",
  "import.error.write_failed":
    "The import stopped before it finished, and nothing from this file was written: your orders are as they were. Try again; if it keeps failing, the cause is in the app's log.",
  "import.error.missing": "Closest match: {format}, which also needs the columns {columns}.",
  "import.error.hint.semicolons":
    "The columns are separated by semicolons: the file was probably opened and saved in a spreadsheet program. Upload the file as exported.",
  "import.error.hint.tabs": "The columns are separated by tabs: upload the CSV file as exported.",
  "import.error.hint.spreadsheet": "This is a spreadsheet workbook, not a CSV file. Upload the CSV file as exported.",
} as const;
