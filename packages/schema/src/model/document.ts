import { Node } from "prosemirror-model";
import { z } from "zod";
import { DelegationRegistry, type Delegation } from "../registries/delegations.js";
import { modelProblems } from "./invariants.js";
import { EMPTY_META, META_LIMITS, type DocumentMeta } from "./metadata.js";
import { schema, isDelegationCode } from "./schema.js";
import { DATE_STYLES, DEFAULT_DATE_STYLE, isDateStyle } from "./date-style.js";
import { isStatusDate } from "./status.js";

/** The `format` tag of Accord document files. */
export const DOCUMENT_FORMAT = "accord-document";
/**
 * The version of that format this code writes. Version 1 files (before the
 * metadata had `dateStyle`) are still read, in the default date style.
 */
export const DOCUMENT_FORMAT_VERSION = 2;

const metaSchemaV1 = z.strictObject({
  title: z.string().max(META_LIMITS.title),
  symbol: z.string().max(META_LIMITS.symbol),
  body: z.string().max(META_LIMITS.body),
  date: z.string().refine(isStatusDate, "a date YYYY-MM-DD or empty"),
  revision: z.string().max(META_LIMITS.revision),
});

const metaSchema = metaSchemaV1.extend({
  dateStyle: z.string().refine(isDateStyle, `a date style: one of ${DATE_STYLES.map((style) => `“${style}”`).join(", ")}`),
});

const delegationSchema = z.strictObject({
  code: z.string().refine(isDelegationCode, "a delegation code such as URY or WG"),
  name: z.string().min(1).max(200),
  kind: z.enum(["state", "group"]),
  tags: z.array(z.string().min(1).max(60)).max(50),
});

const fileSchema = z.strictObject({
  format: z.literal(DOCUMENT_FORMAT),
  version: z.literal(DOCUMENT_FORMAT_VERSION),
  meta: metaSchema,
  delegations: z.array(delegationSchema).max(1_000),
  content: z.record(z.string(), z.unknown()),
});

// A version 1 file is read as version 2 in the default date style.
const fileSchemaV1 = fileSchema.extend({ version: z.literal(1), meta: metaSchemaV1 }).transform((file) => ({
  ...file,
  version: DOCUMENT_FORMAT_VERSION,
  meta: { ...file.meta, dateStyle: DEFAULT_DATE_STYLE },
}));

/** The JSON form of a negotiation document. */
export type NegotiationDocumentJSON = z.infer<typeof fileSchema>;

/**
 * A negotiation document: its ProseMirror content, its metadata and its
 * delegation registry. Immutable; `with…` methods return a new document.
 */
export class NegotiationDocument {
  private constructor(
    readonly content: Node,
    readonly meta: DocumentMeta,
    readonly registry: DelegationRegistry,
  ) {}

  /**
   * Builds a document from content made with the schema's node and mark
   * constructors (which validate attributes as they create): checks the
   * structure of every block and the model's rules. Throws a RangeError
   * listing the problems — a caller's bug; user files go through
   * `parseDocumentJSON`, which returns the message instead.
   */
  static create(content: Node, meta: Partial<DocumentMeta> = {}, registry = DelegationRegistry.default): NegotiationDocument {
    if (content.type !== schema.topNodeType) throw new RangeError(`Content must be a ${schema.topNodeType.name} node`);
    // Attributes were validated when each node and mark was created; what is
    // left to check is what may contain what (a full check() re-validates every
    // mark of every text node, which costs more than the import it guards).
    if (!content.type.validContent(content.content)) throw new RangeError("Invalid content: a document holds one or more headings and paragraphs");
    content.forEach((block, _offset, index) => {
      if (!block.type.validContent(block.content)) {
        throw new RangeError(`Invalid content in ${block.type.name} ${index + 1}: ${block.content.toString().slice(0, 60)}`);
      }
    });
    return NegotiationDocument.withChecks(content, meta, registry);
  }

  private static withChecks(content: Node, meta: Partial<DocumentMeta>, registry: DelegationRegistry): NegotiationDocument {
    const problems = modelProblems(content, registry);
    if (problems.length) throw new RangeError(`Invalid negotiation document: ${problems.join("; ")}`);
    const fullMeta = Object.freeze({ ...EMPTY_META, ...meta });
    const parsedMeta = metaSchema.safeParse(fullMeta);
    if (!parsedMeta.success) throw new RangeError(`Invalid metadata: ${z.prettifyError(parsedMeta.error)}`);
    return new NegotiationDocument(content, fullMeta, registry);
  }

  /** Reads the JSON form, validating everything; throws a RangeError when it is malformed. */
  static fromJSON(json: unknown): NegotiationDocument {
    const parsed = (isVersion1(json) ? fileSchemaV1 : fileSchema).safeParse(json);
    if (!parsed.success) throw new RangeError(`Not an Accord document: ${z.prettifyError(parsed.error)}`);
    const registry = DelegationRegistry.of(parsed.data.delegations as Delegation[]);
    const content = Node.fromJSON(schema, parsed.data.content);
    if (content.type !== schema.topNodeType) throw new RangeError(`Content must be a ${schema.topNodeType.name} node`);
    // JSON comes from outside: check everything, attributes of every mark included.
    content.check();
    return NegotiationDocument.withChecks(content, parsed.data.meta as DocumentMeta, registry);
  }

  /** The same document with other content (checked as in `create`). */
  withContent(content: Node): NegotiationDocument {
    return NegotiationDocument.create(content, this.meta, this.registry);
  }

  /** The same document with some metadata fields replaced. */
  withMeta(meta: Partial<DocumentMeta>): NegotiationDocument {
    return NegotiationDocument.create(this.content, { ...this.meta, ...meta }, this.registry);
  }

  /** The same document with another registry (checked against the content). */
  withRegistry(registry: DelegationRegistry): NegotiationDocument {
    return NegotiationDocument.create(this.content, this.meta, registry);
  }

  /** The JSON form, as files store it. */
  toJSON(): NegotiationDocumentJSON {
    return {
      format: DOCUMENT_FORMAT,
      version: DOCUMENT_FORMAT_VERSION,
      meta: { ...this.meta },
      delegations: this.registry.toJSON(),
      content: this.content.toJSON() as Record<string, unknown>,
    };
  }

  /** True when both documents have equal content, metadata and registry. */
  eq(other: NegotiationDocument): boolean {
    return (
      this.content.eq(other.content) &&
      JSON.stringify(this.meta) === JSON.stringify(other.meta) &&
      JSON.stringify(this.registry.toJSON()) === JSON.stringify(other.registry.toJSON())
    );
  }
}

/** Whether `json` says it is a version 1 file (read with that version's schema, so its errors name what that version expects). */
function isVersion1(json: unknown): boolean {
  return typeof json === "object" && json !== null && (json as { version?: unknown }).version === 1;
}

const headerSchema = z.strictObject({ meta: metaSchema, delegations: fileSchema.shape.delegations });

/** What a document is beside its text: its metadata and its delegation registry. */
export interface DocumentHeader {
  readonly meta: DocumentMeta;
  readonly registry: DelegationRegistry;
}

/**
 * Reads a document's metadata and registry without its content, validated
 * as `NegotiationDocument.fromJSON` validates them (cheap where the content
 * is long: a page opening a negotiation needs only these). Throws a
 * RangeError, naming what is wrong, for anything else.
 */
export function documentHeaderFromJSON(json: unknown): DocumentHeader {
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw new RangeError(`Not an Accord document header: ${z.prettifyError(parsed.error)}`);
  return { meta: parsed.data.meta as DocumentMeta, registry: DelegationRegistry.of(parsed.data.delegations as Delegation[]) };
}

/** A value or the reason there is none, for failures a person must act on. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** The largest document file `parseDocumentJSON` accepts, in characters. */
export const MAX_DOCUMENT_JSON_LENGTH = 50_000_000;

/**
 * Reads a document file's text. Bad input (not JSON, not an Accord document,
 * content the schema refuses) is returned as a message, never thrown.
 */
export function parseDocumentJSON(text: string): Result<NegotiationDocument> {
  if (text.length > MAX_DOCUMENT_JSON_LENGTH) {
    return { ok: false, message: `document is too large (${text.length} characters; the limit is ${MAX_DOCUMENT_JSON_LENGTH})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
  try {
    return { ok: true, value: NegotiationDocument.fromJSON(json) };
  } catch (error) {
    // Anything ProseMirror's fromJSON throws here is the file's fault, not ours.
    return { ok: false, message: (error as Error).message };
  }
}
