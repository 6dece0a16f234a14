import { decodeText, MAX_TEXT_BYTES } from "@accord/text";
import { describe, expect, it } from "vitest";

const bytes = (...values: number[]) => Uint8Array.from(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("decodeText", () => {
  it("reads UTF-8, drops a byte-order mark and normalises line ends", () => {
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8("a\r\nb\rc\n")]))).toEqual({ ok: true, value: "a\nb\nc\n" });
  });

  it("keeps Word's replacement characters and tabs", () => {
    expect(decodeText(utf8("\uFFFD.\tNote"))).toEqual({ ok: true, value: "\uFFFD.\tNote" });
  });

  it("reads UTF-16 with a byte-order mark", () => {
    expect(decodeText(bytes(0xff, 0xfe, 0x41, 0x00, 0x0a, 0x00))).toEqual({ ok: true, value: "A\n" });
  });

  it("refuses binary data, saying so", () => {
    const result = decodeText(bytes(0x50, 0x4b, 0x03, 0x04, 0x00, 0x00));
    expect(result).toEqual({ ok: false, message: expect.stringContaining("not a text file") });
  });

  it("refuses a Windows code page file with line and column and a way out", () => {
    // "café" in Windows-1252 on line 2.
    const result = decodeText(Uint8Array.from([...utf8("first\ncaf"), 0xe9, 0x0a]));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/not UTF-8 text: byte 0xe9 at line 2, column 4 .*save it as UTF-8/);
  });

  it("refuses control characters", () => {
    expect(decodeText(utf8("text\u0007bell"))).toEqual({ ok: false, message: expect.stringContaining("control character U+0007 at line 1") });
  });

  it("refuses a file over the size limit", () => {
    expect(decodeText(new Uint8Array(MAX_TEXT_BYTES + 1))).toEqual({ ok: false, message: expect.stringContaining("too large") });
  });
});
