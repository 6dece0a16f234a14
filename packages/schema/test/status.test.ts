import { describe, expect, it } from "vitest";
import {
  PARAGRAPH_STATUSES,
  describeStatus,
  formatIsoDate,
  isCalendarDate,
  isDeletedStatus,
  isLockedStatus,
  isParagraphStatus,
  isStatusDate,
} from "@accord/schema";

describe("paragraph statuses", () => {
  it("lists the six statuses in report order", () => {
    expect(PARAGRAPH_STATUSES).toEqual([
      "open",
      "agreed-informally",
      "agreed-ad-referendum",
      "approved",
      "deleted-informally",
      "deleted-ad-referendum",
    ]);
    expect(Object.isFrozen(PARAGRAPH_STATUSES)).toBe(true);
  });

  it("recognises statuses and nothing else", () => {
    for (const status of PARAGRAPH_STATUSES) expect(isParagraphStatus(status)).toBe(true);
    for (const value of ["", "agreed", "AGREED INF", "Open", "deleted", null, undefined, 1, ["open"]]) {
      expect(isParagraphStatus(value)).toBe(false);
    }
  });

  it("locks every status but open", () => {
    expect(PARAGRAPH_STATUSES.filter(isLockedStatus)).toEqual(PARAGRAPH_STATUSES.filter((s) => s !== "open"));
  });

  it("treats only the two deleted statuses as deleted", () => {
    expect(PARAGRAPH_STATUSES.filter(isDeletedStatus)).toEqual(["deleted-informally", "deleted-ad-referendum"]);
  });

  it("describes statuses in words", () => {
    expect(PARAGRAPH_STATUSES.map(describeStatus)).toEqual([
      "open",
      "agreed informally",
      "agreed ad referendum",
      "approved",
      "deleted informally",
      "deleted ad referendum",
    ]);
  });
});

describe("status dates", () => {
  it("accepts the empty string and real YYYY-MM-DD dates", () => {
    for (const date of ["", "2012-04-19", "2012-02-29", "2000-02-29", "2013-10-31", "2012-12-31"]) {
      expect(isStatusDate(date), date).toBe(true);
    }
  });

  it("refuses impossible dates", () => {
    for (const date of ["2012-02-30", "2013-02-29", "1900-02-29", "2012-04-31", "2012-13-01", "2012-00-10", "2012-01-00"]) {
      expect(isStatusDate(date), date).toBe(false);
    }
  });

  it("refuses other spellings and non-strings", () => {
    for (const value of ["04/19/12", "2012-4-19", "12-04-19", " 2012-04-19", "2012-04-19 ", "2012-04-19T00:00", null, undefined, 20120419]) {
      expect(isStatusDate(value), String(value)).toBe(false);
    }
  });

  it("checks calendar dates from numbers", () => {
    expect(isCalendarDate(2012, 4, 19)).toBe(true);
    expect(isCalendarDate(2012, 2, 29)).toBe(true);
    expect(isCalendarDate(2011, 2, 29)).toBe(false);
    expect(isCalendarDate(2012, 0, 1)).toBe(false);
    expect(isCalendarDate(2012, 1, 32)).toBe(false);
    expect(isCalendarDate(2012.5, 1, 1)).toBe(false);
    expect(isCalendarDate(Number.NaN, 1, 1)).toBe(false);
  });

  it("formats dates with zero padding and refuses impossible ones", () => {
    expect(formatIsoDate(2012, 4, 3)).toBe("2012-04-03");
    expect(formatIsoDate(2013, 10, 31)).toBe("2013-10-31");
    expect(isStatusDate(formatIsoDate(2012, 2, 29))).toBe(true);
    expect(() => formatIsoDate(2012, 2, 30)).toThrow(RangeError);
    expect(() => formatIsoDate(2012, 13, 1)).toThrow(/Not a calendar date/);
  });
});
