// The admin pages' formatters live in app/i18n/format.ts (Intl for the merchant's language); kept here for the
// components that import them from this path.
export {
  formatCount,
  formatDate,
  formatDateTime,
  formatDelta,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPct,
} from "~/i18n/format";
export { intlLocale as numberLocale } from "~/i18n/locale";
