// The Customers list's query (search, filters, sort, page) as it travels in the URL; shared
// by the loader and the page, so it holds no server code.
import { RFM_SEGMENTS, SEGMENTS } from "~/analytics";

export const PAGE_SIZE = 50;
// Paging stops at 10,000 rows (as search engines do): past that, search and filters find a
// customer faster, and deep offsets cost the database more than they give the merchant.
export const MAX_PAGES = 200;
export const SORTS = ["revenue", "recent", "risk", "clv"] as const;
export type CustomerSort = (typeof SORTS)[number];

export interface CustomerListQuery {
  q: string;
  segment: string | null;
  rfm: string | null;
  sort: CustomerSort;
  page: number; // 1-based
}

/** Reads the list's query from a URL; unknown values fall back to the defaults instead of failing. */
export function parseCustomerListQuery(params: URLSearchParams): CustomerListQuery {
  const segment = params.get("segment");
  const rfm = params.get("rfm");
  const sort = params.get("sort") as CustomerSort;
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    // "%" and "\\" would act as LIKE wildcards/escapes (Prisma passes them through); "_" may stay:
    // as a one-character wildcard it only widens a search a little.
    q: (params.get("q") ?? "").replace(/[%\\]/g, "").trim().slice(0, 100),
    segment: segment && (SEGMENTS as string[]).includes(segment) ? segment : null,
    rfm: rfm && (RFM_SEGMENTS as string[]).includes(rfm) ? rfm : null,
    sort: SORTS.includes(sort) ? sort : "revenue",
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_PAGES) : 1,
  };
}
