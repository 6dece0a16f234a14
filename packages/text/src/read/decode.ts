import type { Result } from "@accord/schema";

/** The largest text file the importer reads (10 MiB); drafts are far smaller. */
export const MAX_TEXT_BYTES = 10 * 1024 * 1024;

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Turns a file's bytes into text the importer can read, or says why not:
 * too large, binary (NUL or other control bytes), or not UTF-8 (with the
 * offending byte's line and column, and a hint when it looks like a Windows
 * code page). A UTF-8 or UTF-16 byte-order mark is honoured; line endings
 * become `\n`.
 */
export function decodeText(bytes: Uint8Array): Result<string> {
  if (bytes.length > MAX_TEXT_BYTES) {
    return { ok: false, message: `the file is too large (${bytes.length} bytes; the limit is ${MAX_TEXT_BYTES})` };
  }
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = decodeUtf16(bytes.subarray(2), "utf-16le");
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = decodeUtf16(bytes.subarray(2), "utf-16be");
  else {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    const nul = body.indexOf(0);
    if (nul >= 0) return { ok: false, message: `this is not a text file (it holds binary data: a NUL byte at offset ${nul})` };
    try {
      text = UTF8.decode(body);
    } catch {
      const { offset, line, column } = firstInvalidUtf8(body);
      const byte = body[offset]!;
      const hint = byte >= 0x80 && byte <= 0xff ? "; it looks like a Windows or Latin-1 code page — save it as UTF-8 text and import again" : "";
      return {
        ok: false,
        message: `the file is not UTF-8 text: byte 0x${byte.toString(16).padStart(2, "0")} at line ${line}, column ${column} is not valid UTF-8${hint}`,
      };
    }
  }
  const control = /[\u0001-\u0008\u000e-\u001f\u007f]/.exec(text);
  if (control) {
    const before = text.slice(0, control.index);
    const line = before.split("\n").length;
    return {
      ok: false,
      message: `this is not a text file (control character U+${control[0].charCodeAt(0).toString(16).padStart(4, "0")} at line ${line})`,
    };
  }
  return { ok: true, value: text.replace(/\r\n?/g, "\n").replace(/[\u000b\u000c\u2028\u2029]/g, "\n") };
}

function decodeUtf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): string {
  return new TextDecoder(encoding).decode(bytes);
}

function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number; column: number } {
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return { offset: i, line, column };
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return { offset: i, line, column };
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += length;
  }
  return { offset: 0, line, column };
}
