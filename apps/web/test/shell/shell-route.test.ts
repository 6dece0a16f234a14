import { describe, expect, it } from "vitest";
import { parseRoute, resolveRoute, routeHash, type Route } from "../../src/pages/route.js";
import { clearSession, loadSession, saveSession, SESSION_KEY, type KeyValueStore } from "../../src/pages/session-store.js";

describe("parseRoute", () => {
  it("reads the three pages", () => {
    expect(parseRoute("#/login")).toEqual({ page: "login" });
    expect(parseRoute("#/documents")).toEqual({ page: "documents" });
    expect(parseRoute("#/documents/demo")).toEqual({ page: "document", id: "demo" });
  });

  it("forgives a trailing slash and a query, and unescapes the id", () => {
    expect(parseRoute("#/documents/")).toEqual({ page: "documents" });
    expect(parseRoute("#/documents/plan-2026/")).toEqual({ page: "document", id: "plan-2026" });
    expect(parseRoute("#/documents?x=1")).toEqual({ page: "documents" });
    expect(parseRoute("#/documents/a%20b")).toEqual({ page: "document", id: "a b" });
  });

  it("answers null for anything else", () => {
    for (const hash of ["", "#", "#/", "#/nowhere", "#/documents/a/b", "#/documents/%E0%A4%A", "#documents", "#/login/x"]) {
      expect(parseRoute(hash), hash).toBeNull();
    }
  });

  it("is the inverse of routeHash", () => {
    const routes: Route[] = [{ page: "login" }, { page: "documents" }, { page: "document", id: "plan-2026" }, { page: "document", id: "a/b ü?#" }];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });
});

describe("resolveRoute", () => {
  it("sends everyone signed out to the login page", () => {
    expect(resolveRoute({ page: "document", id: "demo" }, false)).toEqual({ page: "login" });
    expect(resolveRoute(null, false)).toEqual({ page: "login" });
  });

  it("sends the signed in from the login page and unknown paths to the documents", () => {
    expect(resolveRoute({ page: "login" }, true)).toEqual({ page: "documents" });
    expect(resolveRoute(null, true)).toEqual({ page: "documents" });
    expect(resolveRoute({ page: "document", id: "demo" }, true)).toEqual({ page: "document", id: "demo" });
  });
});

class MapStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

describe("the session store", () => {
  const session = { token: "t0k", expiresAt: "2030-01-01T00:00:00.000Z", user: { id: "u1", username: "chair", displayName: "The Chair" } };
  const now = new Date("2029-12-31T00:00:00Z");

  it("keeps a session and gives it back", () => {
    const store = new MapStore();
    expect(loadSession(store, now)).toBeNull();
    saveSession(store, session);
    expect(loadSession(store, now)).toEqual(session);
    clearSession(store);
    expect(loadSession(store, now)).toBeNull();
  });

  it("drops an expired session", () => {
    const store = new MapStore();
    saveSession(store, session);
    expect(loadSession(store, new Date("2030-01-01T00:00:00Z"))).toBeNull();
    expect(store.map.has(SESSION_KEY)).toBe(false);
  });

  it("drops what is not a session", () => {
    for (const raw of ["{", "null", "[]", JSON.stringify({ ...session, token: "" }), JSON.stringify({ ...session, expiresAt: "soon" }), JSON.stringify({ ...session, user: { id: 1 } })]) {
      const store = new MapStore();
      store.setItem(SESSION_KEY, raw);
      expect(loadSession(store, now), raw).toBeNull();
      expect(store.map.has(SESSION_KEY)).toBe(false);
    }
  });

  it("keeps only the session's fields", () => {
    const store = new MapStore();
    store.setItem(SESSION_KEY, JSON.stringify({ ...session, extra: 1, user: { ...session.user, createdAt: "x" } }));
    expect(loadSession(store, now)).toEqual(session);
  });

  it("survives a store that refuses to save", () => {
    const store = new MapStore();
    store.setItem = () => {
      throw new Error("QuotaExceededError");
    };
    expect(() => saveSession(store, session)).not.toThrow();
  });
});
