// Shopify's REST webhook bodies carry ids as JSON numbers above 2^53 (820982911946154508),
// which JSON.parse rounds. This parse keeps every integer that does not fit a double
// exactly as its source text, using the reviver's access to the source (V8, Node 21+).

type ReviverContext = { source?: string };

export function parseJsonLossless<T = unknown>(text: string): T {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: ReviverContext) {
    if (
      typeof value === "number" &&
      !Number.isSafeInteger(value) &&
      context?.source &&
      /^-?\d+$/.test(context.source)
    ) {
      return context.source;
    }
    return value;
  } as (key: string, value: unknown) => unknown) as T;
}

/** "gid://shopify/Order/820982911946154508" -> "820982911946154508" */
export function gidToId(gid: string): string {
  const i = gid.lastIndexOf("/");
  return i >= 0 ? gid.slice(i + 1) : gid;
}
