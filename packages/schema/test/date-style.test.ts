import { DATE_STYLES, DEFAULT_DATE_STYLE, describeDateStyle, formatDate, isDateStyle, readDate, type DateStyle } from "@accord/schema";
import { describe, expect, it } from "vitest";

// One function writes a date in a document's style and one reads it back;
// the editor, the exports and the importer all call them.
// Invariant: for every style and every date the model can hold,
// readDate(formatDate(iso, style), style) gives iso again.

const WRITTEN: Record<DateStyle, string> = {
  "MM/DD/YY": "11/08/26",
  "MM/DD/YYYY": "11/08/2026",
  "DD/MM/YY": "08/11/26",
  "DD/MM/YYYY": "08/11/2026",
  "YYYY-MM-DD": "2026-11-08",
  "Month D, YYYY": "November 8, 2026",
  "D Month YYYY": "8 November 2026",
};

function iso(text: string, style: DateStyle): string {
  const reading = readDate(text, style);
  if (!reading.ok) throw new Error(`expected a date, got: ${reading.message}`);
  return reading.iso;
}

function message(text: string, style: DateStyle): string {
  const reading = readDate(text, style);
  if (reading.ok) throw new Error(`expected a refusal, got ${reading.iso}`);
  return reading.message;
}

describe("formatDate", () => {
  it.each(DATE_STYLES)("writes 2026-11-08 in %s", (style) => {
    expect(formatDate("2026-11-08", style)).toBe(WRITTEN[style]);
  });

  it("keeps four digits for a year a two-digit style could not say, and gives nothing for no date", () => {
    expect(formatDate("1999-12-31", "MM/DD/YY")).toBe("12/31/1999");
    expect(formatDate("2100-01-02", "DD/MM/YY")).toBe("02/01/2100");
    expect(formatDate("", "MM/DD/YY")).toBe("");
  });

  it("throws for a value that is not a model date (a caller's bug)", () => {
    expect(() => formatDate("11/18/26", "MM/DD/YY")).toThrow(RangeError);
    expect(() => formatDate("2026-02-30", "MM/DD/YY")).toThrow(RangeError);
  });
});

describe("readDate", () => {
  it.each(DATE_STYLES)("reads back what %s writes, for dates across the years", (style) => {
    for (const date of ["2026-11-08", "2012-04-19", "2000-01-01", "2099-12-31", "1999-02-28", "2024-02-29", "2013-10-31"]) {
      expect(iso(formatDate(date, style), style)).toBe(date);
    }
  });

  it("reads numbers in the style's order: month first, or day first", () => {
    expect(iso("04/05/12", "MM/DD/YY")).toBe("2012-04-05");
    expect(iso("04/05/12", "DD/MM/YY")).toBe("2012-05-04");
    expect(iso("4/5/2012", "DD/MM/YYYY")).toBe("2012-05-04");
    expect(iso("3/22/12", "MM/DD/YY")).toBe("2012-03-22");
    expect(iso("04/05/12", "D Month YYYY")).toBe("2012-05-04");
    expect(iso("04/05/12", "Month D, YYYY")).toBe("2012-04-05");
  });

  it("reads the forms that cannot be misread in any style", () => {
    for (const style of DATE_STYLES) {
      expect(iso("2026-11-18", style)).toBe("2026-11-18");
      expect(iso("November 18, 2026", style)).toBe("2026-11-18");
      expect(iso("november 18 2026", style)).toBe("2026-11-18");
      expect(iso("18 November 2026", style)).toBe("2026-11-18");
      expect(iso("  18   NOVEMBER 2026 ", style)).toBe("2026-11-18");
    }
  });

  it("says how to write the date, with an example in the style, when the text is no date", () => {
    expect(message("", "MM/DD/YY")).toBe("no date given; write the date as MM/DD/YY, e.g. 11/18/26");
    expect(message("18.11.26", "MM/DD/YY")).toBe("‘18.11.26’ is not a date in this document's style; write the date as MM/DD/YY, e.g. 11/18/26");
    expect(message("tomorrow", "D Month YYYY")).toMatch(/write the date as D Month YYYY, e\.g\. 18 November 2026$/);
    expect(message("Novembre 18, 2026", "Month D, YYYY")).toMatch(/is not a date/);
    expect(message("x".repeat(10_000), "MM/DD/YY")).toBe("that is not a date; write the date as MM/DD/YY, e.g. 11/18/26");
  });

  it("refuses a date that does not exist, saying so", () => {
    expect(message("02/30/26", "MM/DD/YY")).toBe("there is no such date as ‘02/30/26’; write the date as MM/DD/YY, e.g. 11/18/26");
    expect(message("18/11/26", "MM/DD/YY")).toMatch(/^there is no such date as ‘18\/11\/26’/);
    expect(message("11/18/26", "DD/MM/YY")).toMatch(/^there is no such date/);
    expect(message("2025-02-29", "YYYY-MM-DD")).toMatch(/^there is no such date/);
  });
});

describe("date styles", () => {
  it("names each style, the default being the OAS markers' MM/DD/YY", () => {
    expect(DEFAULT_DATE_STYLE).toBe("MM/DD/YY");
    expect(DATE_STYLES.every(isDateStyle)).toBe(true);
    expect(isDateStyle("dd/mm/yy")).toBe(false);
    expect(isDateStyle(undefined)).toBe(false);
    expect(describeDateStyle("DD/MM/YYYY")).toBe("DD/MM/YYYY, e.g. 18/11/2026");
  });
});
