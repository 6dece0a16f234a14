/** A place in the app, as the address bar's hash names it. */
export type Route =
  | { readonly page: "login" }
  | { readonly page: "documents" }
  | { readonly page: "document"; readonly id: string };

/**
 * Reads a location hash (`#/login`, `#/documents`, `#/documents/<id>`).
 * Returns null for anything else (an empty hash, an unknown path, a malformed
 * escape), which the router sends to the default page.
 */
export function parseRoute(hash: string): Route | null {
  const path = hash.replace(/^#/, "").replace(/\?.*$/, "").replace(/\/+$/, "");
  if (path === "/login") return { page: "login" };
  if (path === "/documents") return { page: "documents" };
  const match = /^\/documents\/([^/]+)$/.exec(path);
  if (!match) return null;
  try {
    const id = decodeURIComponent(match[1]!);
    return id ? { page: "document", id } : null;
  } catch {
    return null;
  }
}

/** The hash of a route, `#/documents/<id>` with the id escaped; the inverse of `parseRoute`. */
export function routeHash(route: Route): string {
  switch (route.page) {
    case "login": return "#/login";
    case "documents": return "#/documents";
    case "document": return `#/documents/${encodeURIComponent(route.id)}`;
  }
}

/**
 * Where the app goes for a route and the state of the session: signed out,
 * every page leads to the login page; signed in, the login page and unknown
 * paths lead to the documents list.
 */
export function resolveRoute(route: Route | null, signedIn: boolean): Route {
  if (!signedIn) return { page: "login" };
  if (!route || route.page === "login") return { page: "documents" };
  return route;
}
