// The registry writes dates as "February 3, 2023" or "March 2005" in the classic XML and as
// "2023-02-03" or "2005-03" in API v2. One ISO form lets versions be compared as strings.

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

const pad = (n: number) => String(n).padStart(2, "0");

/** ISO "YYYY-MM-DD"; a month-only date gets day 01; null when the text is not a date. */
export function isoDate(text: string | null | undefined): string | null {
  const t = text?.trim();
  if (!t) return null;
  const iso = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(t);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3] ?? "01"}`;
  const named = /^([A-Za-z]+)\s+(?:(\d{1,2}),\s*)?(\d{4})$/.exec(t);
  if (!named) return null;
  const month = MONTHS.indexOf(named[1].toLowerCase());
  if (month < 0) return null;
  const day = named[2] ? Number(named[2]) : 1;
  if (day < 1 || day > 31) return null;
  return `${named[3]}-${pad(month + 1)}-${pad(day)}`;
}

/** "ClinicalTrials.gov processed this data on February 03, 2023" -> "2023-02-03". */
export function downloadDate(text: string | null | undefined): string | null {
  const m = /processed this data on\s+(.+)$/i.exec(text?.trim() ?? "");
  return m ? isoDate(m[1].replace(/\b0(\d),/, "$1,")) : null;
}
