// Every English dictionary has a Dutch twin with the same keys, and every message takes the same ICU
// arguments (same names, same kinds: plain, plural, select, number, date) in both languages, so a message
// added in one language only, or a "{count}" renamed in one, fails here before a page shows "{count}".
// The dictionaries are found by file name (app/i18n/*.en.ts beside *.nl.ts, and en.ts/nl.ts), so a page
// dictionary added later is checked without touching this file.
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { LOCALES, PARSE_OPTIONS, translate, type MessageKey } from "~/i18n";
import { en } from "~/i18n/en";

type Dictionary = Record<string, string>;
const modules = import.meta.glob<Record<string, unknown>>("../../app/i18n/*.ts", { eager: true });

/** The one exported object of a dictionary module (en.ts exports `en`, loyalty.en.ts exports `loyaltyEn`, …). */
function dictionaryOf(file: string): Dictionary {
  const objects = Object.values(modules[file]).filter((v) => typeof v === "object" && v !== null);
  expect(objects, `${file} exports one dictionary object`).toHaveLength(1);
  return objects[0] as Dictionary;
}

const pairs = Object.keys(modules)
  .map((file) => file.match(/^(.*\/)((?:[\w-]+\.)?)en\.ts$/))
  .filter((m): m is RegExpMatchArray => m !== null)
  .map(([enFile, dir, prefix]) => ({ name: `${prefix}en/nl`, enFile, nlFile: `${dir}${prefix}nl.ts` }));

/** "count:plural", "name:argument", … for every argument a message uses, nested ones included. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) continue;
    into.add(`${el.value}:${TYPE[el.type]}`);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
  }
  return into;
}

describe("i18n dictionaries", () => {
  it("finds the page dictionaries and the merged ones (so the checks below cannot pass on nothing)", () => {
    const names = pairs.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["en/nl", "loyalty.en/nl", "winback.en/nl", "import.en/nl"]));
  });

  describe.each(pairs)("$name", ({ enFile, nlFile }) => {
    it("has a Dutch twin with exactly the English keys", () => {
      expect(modules[nlFile], `${nlFile} is missing`).toBeDefined();
      const english = dictionaryOf(enFile),
        dutch = dictionaryOf(nlFile);
      const onlyEnglish = Object.keys(english).filter((k) => !(k in dutch));
      const onlyDutch = Object.keys(dutch).filter((k) => !(k in english));
      expect({ onlyEnglish, onlyDutch }).toEqual({ onlyEnglish: [], onlyDutch: [] });
    });

    it("parses as ICU in both languages, with the same arguments of the same kinds (a plural without 'other' does not parse)", () => {
      const english = dictionaryOf(enFile),
        dutch = dictionaryOf(nlFile);
      const problems: string[] = [];
      for (const key of Object.keys(english)) {
        if (!(key in dutch)) continue; // reported by the key test
        let a: MessageFormatElement[], b: MessageFormatElement[];
        try {
          a = parse(english[key], PARSE_OPTIONS);
          b = parse(dutch[key], PARSE_OPTIONS);
        } catch (e) {
          problems.push(`${key}: not ICU (${(e as Error).message})`);
          continue;
        }
        const argsEn = [...argumentsOf(a)].sort().join(", "),
          argsNl = [...argumentsOf(b)].sort().join(", ");
        if (argsEn !== argsNl) problems.push(`${key}: English takes {${argsEn}}, Dutch takes {${argsNl}}`);
      }
      expect(problems).toEqual([]);
    });
  });

  it("the argument check catches a renamed argument and a plain one made plural; a plural without 'other' does not parse", () => {
    const args = (m: string) => [...argumentsOf(parse(m, PARSE_OPTIONS))].sort().join(", ");
    expect(args("{count} klanten")).not.toBe(args("{n} customers"));
    expect(args("{count, plural, one {# klant} other {# klanten}}")).not.toBe(args("{count} customers"));
    expect(args("{count, plural, one {# klant} other {# klanten}}")).toBe(
      args("{count, plural, one {# customer} other {# customers}}"),
    );
    expect(() => parse("{count, plural, one {# klant}}", PARSE_OPTIONS)).toThrow(/MISSING_OTHER_CLAUSE/);
  });
});

describe("translate", () => {
  it("chooses the plural form and writes the count the locale's way", () => {
    expect(translate("en", "customers.count", { count: 1 })).toBe("1 customer");
    expect(translate("en", "customers.count", { count: 9302 })).toBe("9,302 customers");
    expect(translate("nl", "customers.count", { count: 1 })).toBe("1 klant");
    expect(translate("nl", "customers.count", { count: 9302 })).toBe("9.302 klanten");
  });

  it("writes a number given as a plain argument the locale's way, and leaves strings as they are", () => {
    expect(translate("nl", "sync.progress", { processed: 9302, total: 12000 })).toBe("9.302 van 12.000 records");
    expect(translate("en", "sync.progress", { processed: 9302, total: 12000 })).toBe("9,302 of 12,000 records");
    expect(translate("nl", "segments.share", { share: "35,1%" })).toBe("35,1% van de omzet");
  });

  it("keeps a missing argument visible instead of failing the page", () => {
    expect(translate("en", "sync.progress", { processed: 3 })).toBe("3 of {total} records");
  });

  it("gives every key a message in every language", () => {
    for (const locale of LOCALES)
      for (const key of Object.keys(en) as MessageKey[]) expect(typeof translate(locale, key)).toBe("string");
  });
});
