import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG, hashPassword, startServer, type Role, type RunningServer, type ServerConfig } from "@accord/server";

// The API tests run a real server on a free port with its own data
// directory, and talk to it over real HTTP with fetch.

/** What an API call answered. `body` is the parsed JSON, or the text for anything else. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** How to send a request. */
export interface Send {
  /** A bearer token. */
  readonly token?: string;
  /** A value to send as JSON. */
  readonly json?: unknown;
  /** A raw body, with `contentType` (default text/plain). */
  readonly text?: string | Uint8Array;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/** A running API for one test file. */
export interface ApiServer {
  readonly server: RunningServer;
  readonly config: ServerConfig;
  readonly url: string;
  /** `fetch` on `/api<path>`. */
  call(method: string, path: string, send?: Send): Promise<Answer>;
  /** Creates an account (through storage, with a hashed password `<name>-password`), optionally a member of a document. */
  user(name: string, membership?: { documentId: string; role: Role; delegation?: string }): Promise<void>;
  /** Signs in through POST /api/login and returns the token. */
  login(name: string, password?: string): Promise<string>;
  /** Creates a user, a membership, and signs in: the token. */
  member(name: string, documentId: string, role: Role, delegation?: string): Promise<string>;
  /** Imports a draft through POST /api/documents as `token`'s user; the document id. */
  create(token: string, text: string, id: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts a server with a fresh temporary data directory. */
export async function startApi(overrides: Partial<ServerConfig> = {}): Promise<ApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "accord-api-"));
  const config: ServerConfig = { ...DEFAULT_CONFIG, port: 0, host: "127.0.0.1", dataDir, quiet: true, ...overrides };
  const server = await startServer(config);
  const api: ApiServer = {
    server,
    config,
    url: server.url,
    async call(method, path, send = {}) {
      const headers: Record<string, string> = { ...send.headers };
      if (send.token !== undefined) headers["authorization"] = `Bearer ${send.token}`;
      let body: string | Uint8Array | undefined;
      if (send.json !== undefined) {
        headers["content-type"] ??= "application/json";
        body = JSON.stringify(send.json);
      } else if (send.text !== undefined) {
        headers["content-type"] ??= send.contentType ?? "text/plain; charset=utf-8";
        body = send.text;
      }
      const response = await fetch(`${server.url}/api${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      const parsed = (response.headers.get("content-type") ?? "").startsWith("application/json") ? JSON.parse(text) : text;
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async user(name, membership) {
      const existing = await server.storage.findUserByName(name);
      const user = existing ?? (await server.storage.createUser(name, await hashPassword(`${name}-password`), `${name[0]!.toUpperCase()}${name.slice(1)}`));
      if (!user) throw new Error(`cannot create ${name}`);
      if (membership) await server.storage.setMembership({ documentId: membership.documentId, userId: user.id, role: membership.role, delegation: membership.delegation ?? "" });
    },
    async login(name, password = `${name}-password`) {
      const answer = await api.call("POST", "/login", { json: { username: name, password } });
      if (answer.status !== 200) throw new Error(`login ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.token as string;
    },
    async member(name, documentId, role, delegation = "") {
      await api.user(name, { documentId, role, delegation });
      return api.login(name);
    },
    async create(token, text, id) {
      const answer = await api.call("POST", `/documents?id=${id}`, { token, text });
      if (answer.status !== 201) throw new Error(`create ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.id as string;
    },
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return api;
}

/** A member `startPlan` adds to document "plan": its role, and a delegate's delegation. */
export type PlanMember = readonly [role: Role, delegation?: string];

/** A server with document "plan" (`startPlan`): the chair's token, and each member's by name. */
export interface PlanApi<Name extends string> {
  readonly t: ApiServer;
  readonly chair: string;
  readonly members: Readonly<Record<Name, string>>;
}

/**
 * Starts a server (`startApi` with `overrides`) on which the chair, signed
 * in, has imported `DRAFT` as document "plan", and each of `members` (name →
 * role and delegation) has an account, a membership of "plan" and a token,
 * made in the order given. Throws, the server closed, when a step fails.
 */
export async function startPlan<const Name extends string = never>(
  members: Readonly<Record<Name, PlanMember>> = {} as Record<Name, PlanMember>,
  overrides: Partial<ServerConfig> = {},
): Promise<PlanApi<Name>> {
  const t = await startApi(overrides);
  try {
    await t.user("chair");
    const chair = await t.login("chair");
    await t.create(chair, DRAFT, "plan");
    const tokens = {} as Record<Name, string>;
    for (const [name, [role, delegation]] of Object.entries(members) as [Name, PlanMember][]) tokens[name] = await t.member(name, "plan", role, delegation);
    return { t, chair, members: tokens };
  } catch (error) {
    await t.close();
    throw error;
  }
}

/**
 * A draft with what the endpoints work on: an agreed paragraph, proposals of
 * Uruguay (b1), Barbados (b2, a replacement) and Argentina with Brazil (b3),
 * a stray `]` on line 9, Peru's proposed paragraph (p5) and Mexico's
 * alternative to it (p6).
 */
export const DRAFT = `Objective 1.2

1. To implement strategies to prevent crime and violence. AGREED INF 04/19/12

2. To develop plans [Uru: while] respecting human rights.

3. To ensure a [Barb: ~~gender~~ age] perspective in all programs.

4. Promote [Arg, Bra: joint] action on results] in the region.

5 bis. [PER: Instruct the secretariat to report.]

5 bis alt. [MEX: Instruct the chair to report.]
`;
