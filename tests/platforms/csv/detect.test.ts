import { describe, expect, it } from "vitest";
import { detectFormat, UnknownFormatError } from "~/platforms/csv/detect";
import { localToInstant, parseLocalTimestamp, parseTimestampWithOffset } from "~/platforms/csv/dates";
import { LocalCalendar } from "~/core/calendar";

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
};

describe("export format detection", () => {
  it("knows a Shopify export and a WebToffee export by their header, in any column order and case", () => {
    expect(
      detectFormat(["Id", "name", "Email", "Financial Status", "Currency", "Total", "Created at", "Lineitem name"])
        .format,
    ).toBe("shopify");
    expect(
      detectFormat(["order_id", "order_number", "order_date", "status", "order_total", "order_currency"]).format,
    ).toBe("woocommerce");
  });

  it("refuses an unknown header, naming the expected columns and the closest format's missing ones", () => {
    const e = thrown(() =>
      detectFormat(["Name", "Email", "Financial Status", "Currency", "Total", "Created at"]),
    ) as UnknownFormatError;
    expect(e).toBeInstanceOf(UnknownFormatError);
    expect(e.closest).toEqual({ format: "shopify", missing: ["Id"] });
    expect(e.message).toContain(
      "Shopify orders export (Name, Email, Financial Status, Currency, Total, Created at, Id)",
    );
    expect(e.message).toContain(
      "WooCommerce order export (WebToffee) (order_id, order_date, status, order_total, order_currency)",
    );
  });

  it("says when a header is one semicolon-separated column (re-saved by a spreadsheet program)", () => {
    const e = thrown(() =>
      detectFormat(["order_id;order_date;status;order_total;order_currency"]),
    ) as UnknownFormatError;
    expect(e.hint).toBe("semicolons");
    expect(e.message).toContain("separated by semicolons");
  });
});

describe("export timestamps", () => {
  it("reads Shopify's offset timestamps as instants and refuses what is not a calendar moment", () => {
    expect(parseTimestampWithOffset("2025-05-11 09:55:16 -0400")).toEqual(new Date("2025-05-11T13:55:16.000Z"));
    expect(parseTimestampWithOffset("2025-05-11T09:55:16+02:00")).toEqual(new Date("2025-05-11T07:55:16.000Z"));
    expect(parseTimestampWithOffset("2025-05-11 09:55:16")).toBeNull(); // no offset: not Shopify's format
    expect(parseTimestampWithOffset("2025-02-29 09:55:16 +0000")).toBeNull(); // 2025 is no leap year
    expect(parseTimestampWithOffset("2025-05-11 24:00:00 +0000")).toBeNull();
  });

  it("reads local wall-clock times in the shop's zone on both sides of a DST change", () => {
    const ams = new LocalCalendar("Europe/Amsterdam");
    expect(parseLocalTimestamp("26-10-2024 12:00:00", ams)).toEqual(new Date("2024-10-26T10:00:00.000Z")); // CEST
    expect(parseLocalTimestamp("27-10-2024 12:00:00", ams)).toEqual(new Date("2024-10-27T11:00:00.000Z")); // CET
    expect(parseLocalTimestamp("2024-10-27 12:00:00", ams)).toEqual(new Date("2024-10-27T11:00:00.000Z"));
    expect(parseLocalTimestamp("29-02-2024 23:59:59", ams)).toEqual(new Date("2024-02-29T22:59:59.000Z"));
    // 02:30 on 31 March 2024 does not exist in Amsterdam (clocks jump 02:00 -> 03:00): it moves on by the hour.
    expect(localToInstant(Date.UTC(2024, 2, 31, 2, 30), ams)).toEqual(new Date("2024-03-31T01:30:00.000Z"));
  });
});
