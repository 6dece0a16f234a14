import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { importText } from "@accord/text";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { DEFAULT_CONFIG, hashPassword, startServer, type Role, type RunningServer, type ServerConfig } from "@accord/server";

/** A server on a free port with its own data directory, for one test file. */
export interface TestServer {
  readonly server: RunningServer;
  readonly dataDir: string;
  readonly config: ServerConfig;
  /** Creates a user, a membership in `documentId` if given, and a session; returns the token. */
  member(name: string, documentId?: string, role?: Role, delegation?: string): Promise<string>;
  /** Imports a draft as a negotiation with this id. */
  create(id: string, text: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), "accord-server-")));
  const config: ServerConfig = { ...DEFAULT_CONFIG, port: 0, host: "127.0.0.1", dataDir: dir, quiet: true, ...overrides };
  const server = await startServer(config);
  return {
    server,
    dataDir: dir,
    config,
    async member(name, documentId, role = "chair", delegation = "") {
      const existing = await server.storage.findUserByName(name);
      const user = existing ?? (await server.storage.createUser(name, await hashPassword(`${name}-password`)))!;
      if (documentId) await server.storage.setMembership({ documentId, userId: user.id, role, delegation });
      return (await server.storage.createSession(user.id, 30 * 60_000)).token;
    },
    async create(id, text) {
      const { document, diagnostics } = importText(text);
      if (!(await server.live.create(id, document, null, diagnostics))) throw new Error(`document ${id} exists`);
    },
    async close() {
      await server.close();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A real client: a Hocuspocus provider over a real WebSocket. */
export interface Client {
  readonly doc: Y.Doc;
  readonly provider: HocuspocusProvider;
  readonly socket: HocuspocusProviderWebsocket;
  /** Resolves when the server has acknowledged every change this client made. */
  acknowledged(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

/**
 * Connects to a document at `/collab/<name>` (the path the web app opens, on
 * which a balancer routes) and waits until it is synced (or rejects when
 * authentication fails).
 */
export async function connect(server: RunningServer, name: string, token: string, options: { waitForSync?: boolean } = {}): Promise<Client> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: `${server.url.replace("http", "ws")}/collab/${encodeURIComponent(name)}`,
    WebSocketPolyfill: WebSocket,
    maxAttempts: 1,
  });
  let failed: (reason: string) => void = () => {};
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    token,
    document: doc,
    onAuthenticationFailed: ({ reason }) => failed(reason),
  });
  // A provider sharing a websocket provider must be attached to it.
  provider.attach();
  const client: Client = {
    doc,
    provider,
    socket,
    async acknowledged(timeoutMs = 10_000) {
      const start = Date.now();
      while (provider.hasUnsyncedChanges) {
        if (Date.now() - start > timeoutMs) throw new Error(`not acknowledged after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
  if (options.waitForSync === false) return client;
  await new Promise<void>((resolve, reject) => {
    failed = (reason) => reject(new Error(`authentication failed: ${reason}`));
    if (provider.isSynced) resolve();
    provider.on("synced", () => resolve());
    setTimeout(() => reject(new Error("not synced after 10 s")), 10_000);
  }).catch((error) => {
    client.destroy();
    throw error;
  });
  return client;
}

/** Waits until `check` holds, polling. */
export async function eventually(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what} not reached after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const DRAFT = `Objective 1.2
1. To implement strategies to prevent crime and violence. AGREED INF 04/19/12
2. To develop plans [Uru: while] respecting human rights.
3. To ensure a [Barb: ~~gender~~ age] perspective in all programs.`;
