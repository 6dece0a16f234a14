import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import type { ServerConfig } from "@accord/server";
import pg from "pg";
import { afterEach, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { describePostgres } from "../../../../test/support/postgres.js";
import { PROCESS_LOCK_SPACE } from "../../src/storage/postgres-lease.js";
import { connect, DRAFT, eventually, startTestServer, type Client, type TestServer } from "../support.js";
import { appendParagraph, documentText } from "../../../../test/support/y-documents.js";

// Two servers on one PostgreSQL database: a document is served by the one holding its
// lease, the other says where it is served; the holder that loses the lease (here made to
// run out in the database, as it does for a server paused past it) stops serving the
// document before anything of it is acknowledged by two servers.

const DEADLINE = 30_000;

let started: TestServer[] = [];
let clients: Client[] = [];
afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  for (const server of started) await server.close();
  started = [];
});

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

await describePostgres("document ownership between servers", (db) => {
  /** Two servers on one fresh database (leases of `leaseTtlMs`), a document "plan", and a chair's token. */
  async function twoServers(leaseTtlMs: number, overrides: Partial<ServerConfig> = {}): Promise<{ a: TestServer; b: TestServer; token: string; url: string }> {
    const url = await db.freshSchema();
    const a = await startTestServer({ databaseUrl: url, leaseTtlMs, ...overrides });
    started.push(a);
    const b = await startTestServer({ databaseUrl: url, leaseTtlMs, ...overrides });
    started.push(b);
    await a.create("plan", DRAFT);
    const token = await a.member("chair", "plan");
    return { a, b, token, url };
  }

  async function client(server: TestServer, token: string): Promise<Client> {
    const opened = await connect(server.server, "plan", token);
    clients.push(opened);
    return opened;
  }

  /** Connects to "plan" at `server`, expecting the server to close the socket: how it closed it. */
  async function closedAt(server: TestServer, token: string): Promise<{ code: number; reason: string }> {
    const socket = new HocuspocusProviderWebsocket({ url: `${server.server.url.replace("http", "ws")}/collab`, WebSocketPolyfill: WebSocket, maxAttempts: 1 });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: "plan", token, document: new Y.Doc() });
    try {
      return await new Promise((resolve) => {
        socket.on("close", ({ event }: { event: { code: number; reason: string } }) => resolve({ code: event.code, reason: String(event.reason) }));
        provider.attach();
      });
    } finally {
      provider.destroy();
      socket.destroy();
    }
  }

  it("serves a document from the server holding its lease; the other refuses it, saying where it is served", async () => {
    const { a, b, token, url } = await twoServers(10_000);
    const writer = await client(a, token);
    appendParagraph(writer.doc, "written at A");
    await writer.acknowledged();

    // A client sent to B has its socket closed, saying where the document is, to reconnect (through the balancer).
    const closed = await closedAt(b, token);
    expect(closed).toEqual({ code: 4503, reason: `served by another server (${a.server.url})` });
    const answer = await fetch(`${b.server.url}/api/documents/plan`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(421);
    expect(await answer.json()).toMatchObject({ document: "plan", servedBy: a.server.url });
    // Refused without loading a copy.
    expect(b.server.hocuspocus.documents.has("plan")).toBe(false);

    const [lease] = await sql<{ owner: number; address: string }>(url, "SELECT owner, address FROM accord_leases WHERE document_id = 'plan'");
    expect(lease).toEqual({ owner: a.server.ownership!.processKey, address: a.server.url });
  });

  it("hands a socket naming a document another server serves (/collab/<id>) to that server", async () => {
    const { a, b, token } = await twoServers(10_000);
    const atA = await client(a, token);
    appendParagraph(atA.doc, "written at A");
    await atA.acknowledged();

    const doc = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({ url: `${b.server.url.replace("http", "ws")}/collab/plan`, WebSocketPolyfill: WebSocket, maxAttempts: 1 });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: "plan", token, document: doc });
    provider.attach();
    const viaB: Client = { doc, provider, socket, acknowledged: async () => eventually(() => !provider.hasUnsyncedChanges, DEADLINE), destroy: () => (provider.destroy(), socket.destroy()) };
    clients.push(viaB);
    await eventually(() => provider.isSynced, DEADLINE, "the forwarded client's sync");
    expect(documentText(viaB.doc)).toContain("written at A");
    appendParagraph(viaB.doc, "written through B");
    await viaB.acknowledged();
    await eventually(() => documentText(atA.doc).includes("written through B"), DEADLINE, "A's client seeing the edit sent through B");
    // B only passed the bytes on: it never loaded the document.
    expect(b.server.hocuspocus.documents.has("plan")).toBe(false);
  });

  it("a member removed, or signed out, through another server loses the connection held at the document's server: announced, not polled", async () => {
    // Full checks only every ten minutes: what closes the connections within the test is the announcement.
    const { a, b, token } = await twoServers(10_000, { sweepIntervalMs: 600_000 });
    const revokedAtA = async (name: string, delegation: string) => {
      const delegateToken = await a.member(name, "plan", "delegate", delegation);
      const delegate = await client(a, delegateToken);
      const state = { revoked: false, token: delegateToken };
      delegate.provider.on("stateless", ({ payload }: { payload: string }) => (state.revoked ||= (JSON.parse(payload) as { type?: string }).type === "revoked"));
      return state;
    };
    const uru = await revokedAtA("uru", "URY");
    const arg = await revokedAtA("arg", "ARG");
    expect(a.server.hocuspocus.documents.get("plan")?.getConnectionsCount()).toBe(2);

    const removed = await fetch(`${b.server.url}/api/documents/plan/members/uru`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    expect(removed.status).toBeLessThan(300);
    await eventually(() => uru.revoked && a.server.hocuspocus.documents.get("plan")?.getConnectionsCount() === 1, DEADLINE, "A closing the removed member's connection");
    expect(arg.revoked).toBe(false);

    const signedOut = await fetch(`${b.server.url}/api/logout`, { method: "POST", headers: { authorization: `Bearer ${arg.token}` } });
    expect(signedOut.status).toBeLessThan(300);
    await eventually(() => arg.revoked && (a.server.hocuspocus.documents.get("plan")?.getConnectionsCount() ?? 0) === 0, DEADLINE, "A closing the signed-out member's connection");
  });

  it("a server that cannot listen lets its process key go", async () => {
    const url = await db.freshSchema();
    const a = await startTestServer({ databaseUrl: url });
    started.push(a);
    await expect(startTestServer({ databaseUrl: url, port: a.server.port })).rejects.toThrow(/EADDRINUSE/);
    const keys = await sql<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [PROCESS_LOCK_SPACE],
    );
    expect(keys[0]!.n).toBe(1);
  });

  it("gives the lease back when the document is unloaded: the other server takes it with every acknowledged edit", async () => {
    const { a, b, token } = await twoServers(10_000);
    const writer = await client(a, token);
    for (let i = 0; i < 5; i++) appendParagraph(writer.doc, `first-${i}`);
    await writer.acknowledged();
    writer.destroy();
    await eventually(() => !a.server.hocuspocus.documents.has("plan"), DEADLINE, "A unloading the document");

    // The release follows the unload: poll until B may take it.
    let reader: Client | null = null;
    const deadline = Date.now() + DEADLINE;
    while (!reader) {
      try {
        reader = await client(b, token);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (let i = 0; i < 5; i++) expect(documentText(reader.doc)).toContain(`first-${i}`);
    appendParagraph(reader.doc, "written at B");
    await reader.acknowledged();
  });

  it("a restore asked of the server that does not serve the document is refused, saying where it is served, and sets nothing aside; the serving server does it", async () => {
    const { a, b, token, url } = await twoServers(10_000);
    const writer = await client(a, token);
    for (let i = 0; i < 3; i++) {
      appendParagraph(writer.doc, `kept-${i}`);
      await writer.acknowledged();
    }
    const [{ last }] = (await sql<{ last: number }>(url, "SELECT max(seq)::int AS last FROM accord_updates WHERE document_id = 'plan'")) as [{ last: number }];
    const restore = (server: TestServer) =>
      fetch(`${server.server.url}/api/documents/plan/restore`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ upto: last - 1 }) });
    const setAside = async () => (await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM accord_updates WHERE document_id = 'plan' AND set_aside_by IS NOT NULL"))[0]!.n;

    const atB = await restore(b);
    expect(atB.status).toBe(421);
    expect(await atB.json()).toMatchObject({ document: "plan", servedBy: a.server.url });
    expect(await setAside()).toBe(0);
    expect(b.server.hocuspocus.documents.has("plan")).toBe(false);

    // The server serving it closes its editors' connections and restores it, holding the lease throughout.
    const atA = await restore(a);
    expect(atA.status).toBe(200);
    expect(await setAside()).toBe(1);
    const holders = await sql<{ owner: number }>(url, "SELECT owner FROM accord_leases WHERE document_id = 'plan' AND expires_at > clock_timestamp()");
    expect(holders.every((h) => h.owner === a.server.ownership!.processKey)).toBe(true);
    expect(b.server.hocuspocus.documents.has("plan")).toBe(false);
  });

  it("a server whose lease ran out and was taken stops serving the document: its append is refused, its clients disconnected", async () => {
    // Leases long enough that A's renewal does not notice within the test: the fence on the append does.
    const { a, b, token, url } = await twoServers(60_000);
    const atA = await client(a, token);
    for (let i = 0; i < 3; i++) {
      appendParagraph(atA.doc, `acknowledged-${i}`);
      await atA.acknowledged();
    }
    // A is paused past its lease, as far as the database knows.
    await sql(url, "UPDATE accord_leases SET expires_at = clock_timestamp() - interval '1 second' WHERE document_id = 'plan'");
    const atB = await client(b, token);
    expect(documentText(atB.doc)).toContain("acknowledged-2");

    let disconnected = false;
    atA.socket.on("disconnect", () => (disconnected = true));
    appendParagraph(atA.doc, "sent to A after B took over");
    await eventually(() => disconnected, DEADLINE, "A disconnecting its client");
    await eventually(() => !a.server.hocuspocus.documents.has("plan"), DEADLINE, "A unloading the document");
    expect(atA.provider.hasUnsyncedChanges).toBe(true);

    appendParagraph(atB.doc, "written at B");
    await atB.acknowledged();
    // A, asked again, does not serve a stale copy: B holds the document.
    expect(await closedAt(a, token)).toEqual({ code: 4503, reason: `served by another server (${b.server.url})` });
    expect(a.server.hocuspocus.documents.has("plan")).toBe(false);
    const logged = await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM accord_updates WHERE document_id = 'plan'");
    const fromB = documentText(atB.doc);
    expect(fromB).not.toContain("sent to A after B took over");
    // Nothing of A's refused append is in the log: B, loading it afresh, has the same text.
    b.server.hocuspocus.closeConnections("plan");
    atB.destroy();
    await eventually(() => !b.server.hocuspocus.documents.has("plan"), DEADLINE, "B unloading the document");
    const read = await b.server.live.read("plan");
    if (!read.ok) throw new Error(read.message);
    expect(read.value.content.textContent).toBe(fromB);
    expect(logged[0]!.n).toBeGreaterThan(4);

  });

  it("a server that finds at renewal that its lease was taken gives the document up by itself", async () => {
    const { a, b, token, url } = await twoServers(1_500);
    const atA = await client(a, token);
    appendParagraph(atA.doc, "acknowledged at A");
    await atA.acknowledged();
    let disconnected = false;
    atA.socket.on("disconnect", () => (disconnected = true));
    await sql(url, "UPDATE accord_leases SET expires_at = clock_timestamp() - interval '1 second' WHERE document_id = 'plan'");
    const atB = await client(b, token);
    expect(documentText(atB.doc)).toContain("acknowledged at A");
    // Nobody writes to A: its renewal finds the lease gone.
    await eventually(() => disconnected && !a.server.hocuspocus.documents.has("plan"), DEADLINE, "A giving the document up");
    const [lease] = await sql<{ owner: number }>(url, "SELECT owner FROM accord_leases WHERE document_id = 'plan'");
    expect(lease!.owner).toBe(b.server.ownership!.processKey);
  });
});
