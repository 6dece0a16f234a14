import type { Delegation, NegotiationDocumentJSON, NegotiationProgress, ParagraphStatus, Role, Stance } from "@accord/schema";

/** A member's role in one negotiation: the schema's (`mayAct` of `@accord/schema` says what each may do). */
export type { Role };

/** The signed-in user, as the server describes it. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
}

/** A session: the token for the API and the WebSocket, and whose it is. */
export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: User;
}

/** Where a negotiation stands, for the document list (counted by the schema's `negotiationProgress`). */
export type Progress = NegotiationProgress;

/** One of the caller's negotiations. */
export interface DocumentSummary {
  readonly id: string;
  readonly title: string;
  readonly role: Role;
  readonly delegation: string;
  readonly createdAt: string;
  readonly progress: Progress | null;
}

/** A negotiation as `GET /api/documents/:id` describes it: title, metadata, the delegation registry, the caller's role. */
export interface DocumentInfo {
  readonly id: string;
  readonly title: string;
  readonly meta: Record<string, string>;
  readonly delegations: Delegation[];
  readonly role: Role;
  readonly delegation: string;
}

/** A member as `GET …/members` lists them. */
export interface MemberListing {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly delegation: string;
}

/** A proposal as `GET …/proposals` lists it. */
export interface ProposalListing {
  readonly id: string;
  readonly kind: "inline" | "paragraph" | "alternative";
  readonly state: "open" | "accepted" | "rejected" | "withdrawn";
  readonly by: readonly { code: string; name: string }[];
  readonly ops: readonly string[];
  readonly alternativeTo: string;
  readonly block: { id: string; type: string; label: string; status: string };
  readonly heading: string;
  readonly text: string;
  readonly note: string;
}

/** An expected failure of a call: the server's sentence and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's JSON answer when there was one (a final-text refusal lists its `items` there), else null. */
    readonly detail: Record<string, unknown> | null = null,
    /** The server's Retry-After header (seconds), when it sent one. */
    readonly retryAfter: string | null = null,
  ) {
    super(message);
  }
}

/** One thing that keeps a text from being final, as a 409 on `final=1` lists it. */
export interface UnresolvedItem {
  readonly kind: string;
  readonly id: string;
  readonly where: string;
  readonly description: string;
}

/** The unresolved items of a final-text refusal, or [] when the error is something else. */
export function unresolvedItems(error: ApiError): UnresolvedItem[] {
  const items = error.detail?.items;
  if (!Array.isArray(items)) return [];
  return items.filter((item): item is UnresolvedItem => !!item && typeof item === "object" && typeof (item as UnresolvedItem).description === "string");
}

/** The versions the server offers, as download links: the one list the Export menu reads (a new format is one line here). */
export const EXPORTS: readonly { label: string; query: string }[] = Object.freeze([
  { label: "Clean text (.txt)", query: "version=clean&format=txt" },
  { label: "Clean, print-ready (.html)", query: "version=clean&format=html" },
  { label: "Clean, Word (.docx)", query: "version=clean&format=docx" },
  { label: "Clean, PDF (.pdf)", query: "version=clean&format=pdf" },
  { label: "Clean with concordance (.html)", query: "version=clean&format=html&concordance=1" },
  { label: "Clean with concordance, Word (.docx)", query: "version=clean&format=docx&concordance=1" },
  { label: "Final text (.txt)", query: "version=clean&format=txt&final=1" },
  { label: "Final text, Word (.docx)", query: "version=clean&format=docx&final=1" },
  { label: "Marked-up text (.txt)", query: "version=markup&format=txt" },
  { label: "Marked-up, print-ready (.html)", query: "version=markup&format=html" },
  { label: "Marked-up, Word (.docx)", query: "version=markup&format=docx" },
  { label: "Marked-up, PDF (.pdf)", query: "version=markup&format=pdf" },
  { label: "Marked-up as Word revisions (.docx)", query: "version=revisions&format=docx" },
  { label: "Marked-up, Akoma Ntoso (.xml)", query: "version=markup&format=akn" },
]);

/** The formats a draft can be uploaded in, by file extension (the server's `format` query); an old .doc goes as Word so the server says how to save it, an .xml as Akoma Ntoso so the server says when it is other XML. */
export const UPLOAD_FORMATS: Readonly<Record<string, "txt" | "docx" | "akn">> = Object.freeze({ txt: "txt", docx: "docx", doc: "docx", xml: "akn" });

/** One problem the import found in a draft: line and column for a text, Word paragraph (or footnote) and column for a .docx. */
export interface ImportDiagnostic {
  readonly line: number | null;
  readonly paragraph: number | null;
  readonly footnote: number | null;
  readonly column: number | null;
  readonly message: string;
  readonly excerpt: string;
}

/** What `POST /api/documents/preview` says the import makes of a draft. */
export interface DraftPreview {
  readonly title: string;
  readonly symbol: string;
  readonly paragraphs: { readonly total: number };
  readonly headings: { readonly total: number };
  /** Paragraphs that are not negotiated (notes), as the schema's `negotiationStats` counts them. */
  readonly notes: { readonly total: number };
  readonly proposals: { readonly open: number };
  readonly diagnostics: readonly ImportDiagnostic[];
}

/**
 * The REST API of docs/api.md, for the page. Every call resolves with the
 * server's answer or rejects with an ApiError carrying the server's sentence
 * (a network failure becomes one too, with status 0).
 */
export class Api {
  /** Called when the server refuses the session (401 on a call that carried a token): it has expired or was ended. */
  onUnauthorized: ((error: ApiError) => void) | null = null;

  constructor(
    private token: string = "",
    private readonly base: string = "",
  ) {}

  /** Signs in; the returned session's token is used for every later call. */
  async login(username: string, password: string): Promise<Session> {
    const session = await this.call<Session>("POST", "/api/login", { username, password });
    this.token = session.token;
    return session;
  }

  /** Ends the session on the server; the token no longer works afterwards. */
  async logout(): Promise<void> {
    await this.call("POST", "/api/logout");
    this.token = "";
  }

  /** The signed-in user and when the session ends; a 401 when the token is no longer valid. */
  me(): Promise<{ user: User; expiresAt: string }> {
    return this.call("GET", "/api/me");
  }

  /** The caller's negotiations with their role and progress. */
  async documents(): Promise<DocumentSummary[]> {
    return (await this.call<{ documents: DocumentSummary[] }>("GET", "/api/documents")).documents;
  }

  /** A negotiation's title, metadata and the caller's role in it; a 404 when it does not exist or the caller is not a member. */
  document(id: string): Promise<DocumentInfo> {
    return this.call("GET", `/api/documents/${enc(id)}`);
  }

  /** The document as it stands (content, metadata, delegation registry), in the Accord document format. */
  content(id: string): Promise<NegotiationDocumentJSON> {
    return this.call("GET", `/api/documents/${enc(id)}/content`);
  }

  /** The document's proposals in order, optionally only those in one state. */
  async proposals(id: string, state?: ProposalListing["state"]): Promise<ProposalListing[]> {
    const query = state ? `?state=${state}` : "";
    return (await this.call<{ proposals: ProposalListing[] }>("GET", `/api/documents/${enc(id)}/proposals${query}`)).proposals;
  }

  /** Accepts, rejects, reopens or withdraws a proposal; resolves with the server's sentence. */
  async decide(id: string, proposal: string, action: "accept" | "reject" | "reopen" | "withdraw"): Promise<string> {
    return (await this.call<{ message: string }>("POST", `/api/documents/${enc(id)}/proposals/${enc(proposal)}/${action}`)).message;
  }

  /** Adds a delegation as co-sponsor of an open proposal (a delegate's own when left out); resolves with the server's sentence. */
  async support(id: string, proposal: string, delegation?: string): Promise<string> {
    return (await this.call<{ message: string }>("POST", `/api/documents/${enc(id)}/proposals/${enc(proposal)}/support`, delegation ? { delegation } : {})).message;
  }

  /** Sets a paragraph's or heading's status with its date, body and footnote; resolves with the server's sentence. */
  async setStatus(id: string, block: string, status: ParagraphStatus, details: { date?: string; body?: string; footnote?: string } = {}): Promise<string> {
    return (await this.call<{ message: string }>("POST", `/api/documents/${enc(id)}/blocks/${enc(block)}/status`, { status, ...details })).message;
  }

  /** Records a delegation's reservation on a block (a delegate's own when left out); resolves with the server's sentence. */
  async reserve(id: string, block: string, text: string, delegation?: string): Promise<string> {
    return (await this.call<{ message: string }>("POST", `/api/documents/${enc(id)}/blocks/${enc(block)}/reservation`, delegation ? { delegation, text } : { text })).message;
  }

  /** Chooses an option of a choice group (`[shall][should]`): accepted, the others rejected; resolves with the server's sentence, rejects with an ApiError (403, 409 with the reason). */
  async chooseOption(id: string, proposal: string): Promise<string> {
    return (await this.call<{ message: string }>("POST", `/api/documents/${enc(id)}/proposals/${enc(proposal)}/choose`)).message;
  }

  /**
   * States a delegation's position on a bracket (`delete`, `retain`, `reserve`), or takes it back (null): a delegate's
   * own when `delegation` is left out. Resolves with the server's sentence, rejects with an ApiError (403 for another
   * delegation's position, 409 where it does not apply).
   */
  async statePosition(id: string, proposal: string, stance: Stance | null, delegation?: string): Promise<string> {
    return (await this.call<{ message: string }>("POST", `/api/documents/${enc(id)}/proposals/${enc(proposal)}/position`, delegation ? { stance, delegation } : { stance })).message;
  }

  /** Chooses a paragraph among its alternatives; resolves with the server's sentence. */
  async choose(id: string, block: string): Promise<string> {
    return (await this.call<{ message: string }>("POST", `/api/documents/${enc(id)}/blocks/${enc(block)}/choose`)).message;
  }

  /** Fetches an export as a Blob with the file name the server gives it. */
  async download(id: string, query: string): Promise<{ blob: Blob; filename: string }> {
    const response = await this.fetch("GET", `/api/documents/${enc(id)}/export?${query}`);
    const disposition = response.headers.get("content-disposition") ?? "";
    const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `${id}.txt`;
    return { blob: await response.blob(), filename };
  }

  /** Reads a draft (.txt, .docx or Akoma Ntoso .xml bytes) without creating anything; a 422 carries the server's reason when it is not a draft. */
  async previewDraft(file: Blob, format: string): Promise<DraftPreview> {
    const response = await this.fetch("POST", `/api/documents/preview?format=${enc(format)}`, file);
    return (await response.json()) as DraftPreview;
  }

  /** Creates a negotiation from a draft, the caller its chair; resolves with its id, title and the import's diagnostics. */
  async uploadDraft(file: Blob, format: string, id: string, title: string): Promise<{ id: string; title: string; diagnostics: ImportDiagnostic[] }> {
    const query = new URLSearchParams({ format });
    if (id) query.set("id", id);
    if (title) query.set("title", title);
    const response = await this.fetch("POST", `/api/documents/upload?${query}`, file);
    return (await response.json()) as { id: string; title: string; diagnostics: ImportDiagnostic[] };
  }

  /** Who is in a negotiation, with their roles (any member may ask). */
  async members(id: string): Promise<MemberListing[]> {
    return (await this.call<{ members: MemberListing[] }>("GET", `/api/documents/${enc(id)}/members`)).members;
  }

  /** Adds or changes a member (the chair); with a password, creates the account of someone who has none. */
  async setMember(id: string, member: { username: string; role: Role; delegation?: string; password?: string }): Promise<MemberListing> {
    return (await this.call<{ member: MemberListing }>("POST", `/api/documents/${enc(id)}/members`, member)).member;
  }

  /** Sets a member's new password (the chair or the secretariat), ending the member's sessions; resolves with the server's sentence. */
  async resetPassword(id: string, username: string, password: string): Promise<string> {
    return (await this.call<{ message: string }>("POST", `/api/documents/${enc(id)}/members/${enc(username)}/password`, { password })).message;
  }

  /** Removes a member (the chair); the last chair cannot be removed. */
  async removeMember(id: string, username: string): Promise<void> {
    await this.call("DELETE", `/api/documents/${enc(id)}/members/${enc(username)}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(method, path, body);
    return (await response.json()) as T;
  }

  /**
   * `send`, again while the server says a moment will do (`retryAfter`): a
   * document changing hands between servers, the database restarting. Up to
   * `RETRY_ATTEMPTS` times, waiting what the server asks (at most
   * `RETRY_MAX_WAIT_MS` each); the last answer is then the caller's.
   */
  private async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(method, path, body);
      } catch (error) {
        const wait = error instanceof ApiError ? retryAfter(error, method) : null;
        if (wait === null || attempt >= RETRY_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const raw = body instanceof Blob;
    if (body !== undefined) headers["content-type"] = raw ? "application/octet-stream" : "application/json";
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : raw ? body : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, "the server cannot be reached; check the connection and try again");
    }
    if (!response.ok) {
      let message = `the server answered ${response.status}`;
      let detail: Record<string, unknown> | null = null;
      try {
        const answer = (await response.json()) as { error?: string; unresolved?: string };
        message = answer.unresolved ?? answer.error ?? message;
        detail = answer as Record<string, unknown>;
      } catch {
        // Not JSON: keep the status line.
      }
      const error = new ApiError(response.status, message, detail, response.headers.get("retry-after"));
      if (response.status === 401 && headers.authorization) this.onUnauthorized?.(error);
      throw error;
    }
    return response;
  }
}

const enc = encodeURIComponent;

/** How many times a call is made in all while the server answers that a moment will do. */
export const RETRY_ATTEMPTS = 4;
/** The longest wait between two of them, whatever the server asks. */
export const RETRY_MAX_WAIT_MS = 3000;

/**
 * How long to wait before making a refused call again, or null when it must
 * not be: 421 (the document is changing hands; the server that answered did
 * nothing) for any call, 503 with Retry-After (the database restarting, a
 * restore under way) only for a GET, which changes nothing if it was half done.
 */
export function retryAfter(error: ApiError, method: string): number | null {
  if (error.status !== 421 && !(error.status === 503 && method === "GET" && error.retryAfter !== null)) return null;
  const seconds = Number(error.retryAfter ?? "1");
  return Math.min(RETRY_MAX_WAIT_MS, Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000);
}
