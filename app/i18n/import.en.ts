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
    "CSV files up to {mb} MB, in your shop's currency ({currency}). A file opened and saved in Excel can be imported too (semicolons, decimal commas, day-first dates, Windows characters): the report says how it was read.",
  "import.upload.heading": "Upload an export",
  "import.upload.label": "CSV file",
  "import.upload.submit": "Import",
  "import.upload.dateOrder": "Dates in the file",
  "import.upload.dateOrder.auto": "Recognise from the file",
  "import.upload.dateOrder.dmy": "Day first (31-12-2025)",
  "import.upload.dateOrder.mdy": "Month first (12/31/2025)",
  "import.result.heading": "Import finished",
  "import.result.format": "File",
  "import.result.format.shopify": "Shopify orders export",
  "import.result.format.woocommerce": "WooCommerce order export (WebToffee)",
  "import.result.written": "Orders imported",
  "import.result.unchanged": "Orders already up to date or synced from your shop",
  "import.result.customers": "Customers imported",
  "import.result.skipped": "Rows skipped",
  "import.result.skippedSummary": "{count, plural, =0 {No rows skipped} one {# row skipped} other {# rows skipped}}",
  "import.dialect.heading": "How the file was read",
  "import.dialect.encoding":
    "Characters: {encoding, select, windows1252 {Windows-1252 (the file is not UTF-8, as Excel on Windows saves it)} utf16 {UTF-16} other {UTF-8}}",
  "import.dialect.separator":
    "Columns separated by {separator, select, semicolon {semicolons} tab {tabs} other {commas}} ({columns} columns in the first row)",
  "import.dialect.decimal.comma_file": "Amounts with a decimal point (1234.56), as a comma-separated file writes them",
  "import.dialect.decimal.values":
    "Amounts with a {decimal, select, comma {decimal comma and thousands points (1.234,56)} other {decimal point (1234.56)}}, as the file writes them (for example {example})",
  "import.dialect.decimal.spreadsheet_default":
    "Amounts with a {decimal, select, comma {decimal comma and thousands points (1.234,56)} other {decimal point (1234.56)}}: no amount in the file shows its decimals, and this is how a spreadsheet program writes a file with these separators",
  "import.dialect.date.values":
    "Dates {order, select, dmy {day first (31-12-2025)} other {month first (12/31/2025)}}, as the file writes them (for example {example})",
  "import.dialect.date.dashes":
    "Dates day first (31-12-2025): every date in the file fits both orders, and dates written with dashes are day first (as Dutch Excel and the WooCommerce exporter write them), for example {example}",
  "import.dialect.date.merchant":
    "Dates {order, select, dmy {day first (31-12-2025)} other {month first (12/31/2025)}}, as you chose (for example {example})",
  "import.dialect.localTimes":
    "The file's times have no time zone (a spreadsheet program drops it): they are read in your shop's time zone ({timezone}).",
  "import.row.order": "order {order}: {reason}",
  "import.row.unnamedOrder": "order: {reason}",
  "import.reason.empty": "{column} is empty",
  "import.reason.notCurrency": '{column} "{value}" is not a currency code (like EUR)',
  "import.reason.notAmount": '{column} "{value}" is not an amount (digits with a "." before the decimals, like 12.50)',
  "import.reason.notAmountComma":
    '{column} "{value}" is not an amount the way this file writes them (digits with a "," before the decimals, like 1.234,56)',
  "import.reason.negative": "{column} {value} is negative",
  "import.reason.notShopifyId": 'Id "{value}" is not a Shopify order id',
  "import.reason.noOrderFields":
    "its first row has no order fields ({columns}), which Shopify writes on an order's first row; the order is skipped",
  "import.reason.notDate": '{column} "{value}" is not a date and time like {example}',
  "import.reason.notWooOrderId": 'order_id "{value}" is not a WooCommerce order id',
  "import.reason.wooNotOrder": "status {status}: not an order (a draft or a deleted order)",
  "import.reason.wooUnknownStatus": 'unknown status "{status}" (expected one of {statuses})',
  "import.reason.notWooCustomerId": 'customer_id "{value}" is not a WooCommerce customer id',
  "import.reason.customerStorage": "customer {customer}: {problem}",
  "import.reason.refundItems": 'refund_items "{value}" is not amount:...|reason:...|date:...',
  "import.reason.currency":
    "currency {currency} is not the shop's currency {shopCurrency}: the analytics add up one currency, so orders in another are not imported",
  "import.reason.future": "dated {date}, more than a day after now ({now}): an order cannot be placed in the future",
  "import.reason.refundsExceed": "refunds of {refunded} {currency} exceed the order total of {total} {currency}",
  "import.reason.storage": "{problem}",
  "import.reason.unclosedQuote":
    'a quoted field that starts on line {line} is never closed (a missing " reads the rest of the file as one field)',
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
  "import.error.ambiguous_dates":
    "Every date in this file (like {example} on line {line}) can be read day first or month first, and the file does not say which. Choose under “Dates in the file” how it writes dates and import it again. Nothing was imported.",
  "import.error.conflicting_dates":
    "Dates in this file are written both day first (line {line1}: {example1}) and month first (line {line2}: {example2}): a spreadsheet program probably changed some of them. Export the file again and upload it as exported. Nothing was imported.",
  "import.error.conflicting_numbers":
    "Amounts in this file are written both with a decimal comma (line {line1}: {example1}) and with a decimal point (line {line2}: {example2}): a spreadsheet program probably changed some of them. Export the file again and upload it as exported. Nothing was imported.",
  "import.error.missing": "Closest match: {format}, which also needs the columns {columns}.",
  "import.error.hint.semicolons":
    "The columns are separated by semicolons: the file was probably opened and saved in a spreadsheet program. Upload the file as exported.",
  "import.error.hint.tabs": "The columns are separated by tabs: upload the CSV file as exported.",
  "import.error.hint.spreadsheet": "This is a spreadsheet workbook, not a CSV file. Upload the CSV file as exported.",
} as const;
