/** Escapes text for an XML text node or a double-quoted attribute value; characters XML 1.0 forbids are dropped (they cannot be written at all). */
export function escapeXml(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r/g, "&#13;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;");
}

/** Attributes of an element: an undefined or empty value is left out. */
export type XmlAttributes = Readonly<Record<string, string | undefined>>;

/**
 * Builds XML text in pieces, every name checked and every value escaped, so
 * nothing can be written that is not well-formed. A name that is not an XML
 * name is a caller's bug and throws a RangeError.
 */
export class XmlWriter {
  private readonly parts: string[] = [];
  private readonly open: string[] = [];

  /** Opens an element. */
  start(name: string, attributes: XmlAttributes = {}): this {
    this.parts.push(`<${checkName(name)}${attributeText(attributes)}>`);
    this.open.push(name);
    return this;
  }

  /** Closes the innermost open element. */
  end(): this {
    const name = this.open.pop();
    if (name === undefined) throw new RangeError("No element is open");
    this.parts.push(`</${name}>`);
    return this;
  }

  /** An element with no content. */
  empty(name: string, attributes: XmlAttributes = {}): this {
    this.parts.push(`<${checkName(name)}${attributeText(attributes)}/>`);
    return this;
  }

  /** An element holding only text. */
  leaf(name: string, attributes: XmlAttributes, text: string): this {
    return this.start(name, attributes).text(text).end();
  }

  /** Text content, escaped. */
  text(text: string): this {
    this.parts.push(escapeXml(text));
    return this;
  }

  /** The document written; throws when an element is still open. */
  toString(): string {
    if (this.open.length) throw new RangeError(`Elements still open: ${this.open.join(", ")}`);
    return this.parts.join("");
  }
}

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new RangeError(`Not an XML name: ${JSON.stringify(name)}`);
  return name;
}

function attributeText(attributes: XmlAttributes): string {
  let text = "";
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === "") continue;
    text += ` ${checkName(name)}="${escapeXml(value)}"`;
  }
  return text;
}
