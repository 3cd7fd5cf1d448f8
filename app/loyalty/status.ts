// Whether the loyalty program is on, as the merchant needs to know it: nothing in the app switches it
// off (the storefront serves whatever program is saved, or the defaults), so "on" means shoppers are
// using it; before the first one joins we cannot see the theme and say what is missing instead.
export type ProgramStatus = "on" | "waiting" | "off";

/** `saved`: the merchant has saved the program once; `members`: shoppers who joined. */
export function programStatus(saved: boolean, members: number): ProgramStatus {
  if (members > 0) return "on";
  return saved ? "waiting" : "off";
}
