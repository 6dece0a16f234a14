import { Unzip, UnzipInflate } from "fflate";

/** The bounds of reading a zip archive: every one is checked on what is actually read, never on what the archive declares. */
export interface ZipLimits {
  /** The archive's own size (bytes). */
  readonly maxArchiveBytes: number;
  /** Entries in the archive, read or not. */
  readonly maxEntries: number;
  /** Bytes inflated, all wanted entries together. */
  readonly maxInflatedBytes: number;
  /** Bytes inflated per byte of archive: a higher ratio is a zip bomb. */
  readonly maxRatio: number;
  /** Wall-clock deadline (`Date.now()` milliseconds) after which reading stops. */
  readonly deadline: number;
}

/** Limits for a Word draft: 20 MiB of archive, 2,000 entries, 64 MiB of text inflated at most 100 to 1, 10 s. */
export function defaultZipLimits(now = Date.now()): ZipLimits {
  return { maxArchiveBytes: 20 * 1024 * 1024, maxEntries: 2_000, maxInflatedBytes: 64 * 1024 * 1024, maxRatio: 100, deadline: now + 10_000 };
}

/** What a read archive holds: the wanted entries' bytes, and the names of all entries. */
export interface ZipContents {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly names: readonly string[];
}

/** A refusal of an archive, with a sentence a person can act on. */
export class ZipRefusal extends Error {}

/**
 * Reads the entries `wanted` names (the others are listed, not inflated)
 * from a zip archive in memory, streaming: inflation stops at the first
 * limit passed — entry count, total bytes inflated, ratio of inflated to
 * archive bytes, deadline — so a zip bomb costs at most the limit. Throws a
 * `ZipRefusal` saying what is wrong for an archive that is not a zip, is
 * corrupt, or passes a limit.
 */
export function readZip(bytes: Uint8Array, wanted: (name: string) => boolean, limits: ZipLimits): ZipContents {
  if (bytes.length > limits.maxArchiveBytes) throw new ZipRefusal(`the file is ${megabytes(bytes.length)}, over the limit of ${megabytes(limits.maxArchiveBytes)}`);
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
      throw new ZipRefusal("this is an old Word 97-2003 (.doc) file: open it in Word and save it as .docx");
    }
    throw new ZipRefusal("this is not a Word (.docx) file: a .docx is a zip archive, and this file is not one");
  }
  if (!hasEndRecord(bytes)) throw new ZipRefusal("the archive is damaged or cut short: its table of contents (the zip's central directory) is missing");
  const maxInflated = Math.min(limits.maxInflatedBytes, Math.max(1024 * 1024, bytes.length * limits.maxRatio));
  const files = new Map<string, Uint8Array>();
  const names: string[] = [];
  let inflated = 0;
  let failure: ZipRefusal | null = null;
  const unzip = new Unzip((file) => {
    if (failure) return;
    names.push(file.name);
    if (names.length > limits.maxEntries) {
      failure = new ZipRefusal(`the archive has more than ${limits.maxEntries} entries; a Word document has a few dozen`);
      return;
    }
    if (!wanted(file.name)) return;
    if (file.compression !== 0 && file.compression !== 8) {
      failure = new ZipRefusal(`the part ${file.name} is compressed with method ${file.compression}, which Word does not use`);
      return;
    }
    const chunks: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new ZipRefusal(`the archive is damaged: ${file.name} cannot be inflated (${error.message})`);
        return;
      }
      inflated += chunk.length;
      if (inflated > maxInflated) {
        failure = new ZipRefusal(
          `the archive inflates to more than ${megabytes(maxInflated)} (from ${megabytes(bytes.length)}): refused as a zip bomb`,
        );
        file.terminate();
        return;
      }
      if (Date.now() > limits.deadline) {
        failure = new ZipRefusal("reading the archive took too long");
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) files.set(file.name, concat(chunks));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    // Pushed in slices so a limit stops the reading between them.
    const slice = 64 * 1024;
    for (let at = 0; at < bytes.length && !failure; at += slice) unzip.push(bytes.subarray(at, at + slice), at + slice >= bytes.length);
  } catch (error) {
    if (!failure) failure = new ZipRefusal(`the archive is damaged (${error instanceof Error ? error.message : String(error)})`);
  }
  if (failure) throw failure;
  return { files, names };
}

/** True when the archive ends with a zip end-of-central-directory record (within its comment's 64 KiB). */
function hasEndRecord(bytes: Uint8Array): boolean {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 0x05 && bytes[at + 3] === 0x06) return true;
  }
  return false;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
