import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import { join } from "node:path";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { Hocuspocus } from "@hocuspocus/server";
import express from "express";
import { WebSocketServer, type WebSocket } from "ws";
import { authentication } from "./collab/authentication.js";
import { durableLog } from "./collab/durable-log.js";
import { GroupCommit } from "./collab/group-commit.js";
import { LiveDocuments, MOVED_CLOSE_CODE } from "./collab/live.js";
import { DocumentOwnership } from "./collab/ownership.js";
import { permissions, type Permissions } from "./collab/permissions/validator.js";
import { presence } from "./collab/presence.js";
import { Readability, readable } from "./collab/readable.js";
import { startSweeper } from "./collab/sweeper.js";
import { warmUpLoading } from "./collab/warm-up.js";
import type { ServerConfig } from "./config.js";
import { createApi } from "./http/api.js";
import { FORWARDED_HEADER, forwardUpgrade } from "./http/forward-socket.js";
import { openStorage } from "./storage/open.js";
import { RevocationListener } from "./storage/postgres-events.js";
import { PostgresStorage } from "./storage/postgres.js";
import type { Storage } from "./storage/storage.js";

/** The path of the sync WebSocket. */
export const COLLAB_PATH = "/collab";

/** How often every connection is checked on PostgreSQL, where revocations are announced: for sessions that run out. */
const ANNOUNCED_SWEEP_MS = 10_000;

/** The sync WebSocket's path naming the document, for the balancer: `/collab/<id>`. */
const COLLAB_DOCUMENT_PATH = /^\/collab\/[^/]+$/;

/** A running server. */
export interface RunningServer {
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
  readonly storage: Storage;
  readonly live: LiveDocuments;
  readonly hocuspocus: Hocuspocus;
  /** On a shared PostgreSQL database: which documents this server may serve (their leases); null on SQLite. */
  readonly ownership: DocumentOwnership | null;
  /** The trust rule's check of client updates, with its counts. */
  readonly checks: Permissions;
  /** Stops accepting, closes every connection, writes what is pending, closes the database. */
  close(): Promise<void>;
}

/**
 * Starts Accord on one port: the REST API under /api, the Hocuspocus sync
 * WebSocket at /collab (document name = document id), the web app if built.
 * Every acknowledged edit is on disk (see durable-log.ts). On PostgreSQL
 * (`databaseUrl`) a document is served only while this server holds its
 * lease (ownership.ts), so several servers may share the database.
 */
export async function startServer(config: ServerConfig, options: { storage?: Storage } = {}): Promise<RunningServer> {
  // Before anything can ask for a document (a lease, a socket): the first load is then as fast as the next.
  if (config.warmUp) warmUpLoading();
  const storage = options.storage ?? (await openStorage(config, { leases: true }));
  const commits = new GroupCommit(storage, config.commitDelayMs);
  const ownership = storage instanceof PostgresStorage ? await DocumentOwnership.start({ storage, commits, ttlMs: config.leaseTtlMs }) : null;
  // Sockets waiting to authenticate, by the request that opened them.
  const waiting = new WeakMap<Request, NodeJS.Timeout>();
  // Each client's socket, by the request Hocuspocus saw (ownership closes one sent to the wrong server).
  const socketOf = new WeakMap<Request, WebSocket>();
  /** Closes a client's socket for it to reconnect (close code 4503 and `reason`); false when the request is no client's socket. */
  const closeSocket = (request: Request, reason: string): boolean => {
    const ws = socketOf.get(request);
    ws?.close(MOVED_CLOSE_CODE, reason.slice(0, 120));
    return ws !== undefined;
  };
  // Snapshots are taken under the check's hold of the document (`checks`, made next, with the log's record).
  const log = durableLog({ storage, commits, snapshotEvery: config.snapshotEvery, maxDocumentBytes: config.maxDocumentBytes, hold: (id) => checks.hold(id) });
  const checks = permissions(storage, log.record, { shadowIdleMs: config.shadowIdleMs });
  const readability = new Readability();
  const hocuspocus = new Hocuspocus({
    quiet: true,
    // Durability is the log's job; the debounced store only triggers compaction.
    debounce: 2000,
    maxDebounce: 10000,
    extensions: [
      // First of all: a document is loaded only once its lease is held.
      ...(ownership ? [ownership.extension] : []),
      authentication(storage, { closeSocket }),
      // Checked, then logged, then applied: a refused update never reaches the log.
      checks.extension,
      log.extension,
      // A document that does not read is not loaded: its clients are refused with the reason.
      readable(readability, { storage, takeLoadDigest: (name) => log.takeLoadDigest(name), storedDigest: (name) => log.storedDigest(name) }),
      presence({ maxUpdatesPerSecond: 30, maxStateBytes: 4096 }, (name) => checks.clientIds(name)),
      {
        extensionName: "accord-authenticated-in-time",
        async connected({ request }: { request: Request }) {
          clearTimeout(waiting.get(request));
          waiting.delete(request);
        },
      },
    ],
  });
  const live = new LiveDocuments(
    hocuspocus,
    storage,
    commits,
    (id) => checks.hold(id),
    config.keepLoadedMs,
    readability,
    ownership ? (id, work) => ownership.whileHolding(id, work) : undefined,
  );
  // On PostgreSQL every process announces revocations (postgres-events.ts), so the full check
  // is needed only for sessions that run out with time: every 10 s rather than every half second.
  const sweeper = startSweeper(hocuspocus, storage, ownership ? Math.max(config.sweepIntervalMs, ANNOUNCED_SWEEP_MS) : config.sweepIntervalMs);
  const revocations =
    storage instanceof PostgresStorage ? await RevocationListener.start(storage.url, (revocation) => sweeper.check(revocation), () => sweeper.check(null)) : null;

  const app = express();
  app.disable("x-powered-by");
  app.use("/api", createApi({ config, storage, live, hocuspocus }));
  app.get("/health", (_req, res) => void res.json({ ok: true }));
  serveWebApp(app, config.webRoot);

  const httpServer: HttpServer = createServer(app);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
  // Sockets joined to another server's (forward-socket.ts), closed with the server.
  const forwarded = new Set<Socket>();
  httpServer.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? "").split("?")[0]!;
    // `/collab/<document id>` names the document for a balancer hashing on it (deployment.md); the
    // document a client opens is still the one its messages name, served only where its lease is.
    if (path !== COLLAB_PATH && !COLLAB_DOCUMENT_PATH.test(path)) {
      socket.write("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      socket.destroy();
      return;
    }
    const accept = () =>
      sockets.handleUpgrade(request, socket, head, (ws) => {
        const webRequest = connect(hocuspocus, ws, request);
        socketOf.set(webRequest, ws);
        // An unauthenticated socket holds server memory for nothing: close it after a while.
        const timer = setTimeout(() => ws.close(4401, "authenticate first"), config.authTimeoutMs);
        waiting.set(webRequest, timer);
        ws.once("close", () => clearTimeout(timer));
      });
    const documentId = path === COLLAB_PATH ? null : safeDecode(path.slice(COLLAB_PATH.length + 1));
    if (!ownership || documentId === null || request.headers[FORWARDED_HEADER] !== undefined) return accept();
    // A socket for a document another server serves goes there (the balancer's ring changed, a
    // server came back): the client is served by the one authority, never from a copy here.
    ownership.servedElsewhere(documentId).then(
      (elsewhere) => {
        if (!elsewhere) return accept();
        const upstream = forwardUpgrade(request, socket, head, elsewhere);
        forwarded.add(upstream);
        upstream.once("close", () => forwarded.delete(upstream));
      },
      () => accept(),
    );
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  }).catch(async (error: unknown) => {
    // The process key's connection would keep the process alive, holding a key for nothing.
    sweeper.stop();
    await revocations?.close();
    await ownership?.close();
    throw error;
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
  ownership?.attach({
    hocuspocus,
    address: config.advertiseUrl || url,
    evict: (id, reason) => live.evict(id, reason),
    closeSocket,
  });

  let closing: Promise<void> | null = null;
  return {
    port,
    url,
    storage,
    live,
    hocuspocus,
    ownership,
    checks,
    close() {
      closing ??= (async () => {
        sweeper.stop();
        await revocations?.close();
        for (const client of sockets.clients) client.terminate();
        for (const upstream of forwarded) upstream.destroy();
        await live.releaseKept();
        hocuspocus.closeConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        hocuspocus.flushPendingStores();
        await commits.drain();
        await ownership?.close();
        await storage.close();
      })();
      return closing;
    },
  };
}

/** A path segment decoded, or null when it is not valid percent-encoding. */
function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Hands a WebSocket to Hocuspocus, as its own server does with crossws; returns the request it saw. */
function connect(hocuspocus: Hocuspocus, ws: WebSocket, request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers.set(key, value);
    else if (Array.isArray(value)) headers.set(key, value.join(", "));
  }
  const url = `http://${request.headers.host ?? "localhost"}${request.url ?? "/"}`;
  const webRequest = new Request(url, { headers });
  const client = hocuspocus.handleConnection(ws, webRequest);
  ws.on("message", (data: Buffer) => client.handleMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
  ws.on("close", (code: number, reason: Buffer) => client.handleClose({ code, reason: reason.toString() }));
  ws.on("error", () => ws.terminate());
  return webRequest;
}

/**
 * Serves the built web app (apps/web/dist) when its folder exists: files as
 * they are, hashed assets cached for a year, and index.html for every other
 * GET outside /api so that a reload on any page of the app works.
 */
function serveWebApp(app: express.Express, webRoot: string): void {
  const index = join(webRoot, "index.html");
  if (!existsSync(index)) return;
  app.use("/assets", express.static(join(webRoot, "assets"), { immutable: true, maxAge: "365d", fallthrough: false }));
  app.use(express.static(webRoot, { index: false }));
  app.get(/^\/(?!api\/|api$|collab$).*/, (_req, res) => {
    res.setHeader("cache-control", "no-cache");
    res.sendFile(index);
  });
}
