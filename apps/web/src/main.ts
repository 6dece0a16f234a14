import { Api, ApiError, type Session } from "./api.js";
import { statusColourProperties } from "./panels/status-colour.js";
import { documentPage } from "./pages/document.js";
import { documentsPage } from "./pages/documents.js";
import { loginPage } from "./pages/login.js";
import type { Page } from "./pages/page.js";
import { parseRoute, resolveRoute, routeHash, type Route } from "./pages/route.js";
import { clearSession, loadSession, saveSession, SESSION_KEY } from "./pages/session-store.js";
import { topBar } from "./pages/top-bar.js";

// The application shell: the session, a hash router over the three pages,
// and the top bar. Each navigation builds its page afresh and destroys the
// last one, so a document's connection never outlives its page.

const root = document.getElementById("app");
if (!root) throw new Error("index.html has no #app element");
for (const [name, value] of Object.entries(statusColourProperties())) document.documentElement.style.setProperty(name, value);

let session: Session | null = loadSession(localStorage);
let api = new Api(session?.token ?? "");
let page: Page | null = null;
/** Shown once on the login page: why the user was sent there. */
let loginMessage = "";
/** Where the user was going (or was) when sent to sign in: the app goes there after signing in. */
let afterLogin: Route | null = null;

function watchSession(client: Api): void {
  client.onUnauthorized = () => {
    if (client !== api || !session) return;
    signedOut("Your session has expired or was ended. Sign in again to continue.");
  };
}
watchSession(api);

function signedIn(started: Session): void {
  session = started;
  saveSession(localStorage, started);
  api = new Api(started.token);
  watchSession(api);
  const next = afterLogin ?? { page: "documents" };
  afterLogin = null;
  navigate(next, true);
}

function signedOut(message = ""): void {
  const current = parseRoute(location.hash);
  if (message && current && current.page !== "login") afterLogin = current;
  session = null;
  clearSession(localStorage);
  api = new Api();
  watchSession(api);
  loginMessage = message;
  navigate({ page: "login" }, true);
}

async function signOut(): Promise<void> {
  const ending = api;
  signedOut();
  // The session ends on the server too; a failure (offline, expired) leaves nothing to end that matters here.
  await ending.logout().catch((error: unknown) => {
    if (!(error instanceof ApiError)) console.error(error);
  });
}

/** Goes to a route: sets the hash (replacing the history entry when asked) and renders. */
function navigate(route: Route, replace = false): void {
  const hash = routeHash(route);
  if (location.hash !== hash) {
    if (replace) history.replaceState(null, "", hash);
    else history.pushState(null, "", hash);
  }
  render();
}

function render(): void {
  const wanted = parseRoute(location.hash);
  const route = resolveRoute(wanted, session !== null);
  if (!session && wanted && wanted.page !== "login") afterLogin = wanted;
  if (routeHash(route) !== location.hash) history.replaceState(null, "", routeHash(route));

  page?.destroy();
  page = makePage(route);
  document.title = page.title;
  root!.replaceChildren(topBar(session?.user ?? null, () => void signOut()), page.element);
}

function makePage(route: Route): Page {
  if (route.page === "login" || !session) {
    const message = loginMessage;
    loginMessage = "";
    return loginPage({ api, message, onSignedIn: signedIn });
  }
  if (route.page === "documents") return documentsPage({ api });
  return documentPage({ api, session, documentId: route.id });
}

window.addEventListener("hashchange", render);
// Signing in or out in another tab applies here too.
window.addEventListener("storage", (event) => {
  if (event.key !== SESSION_KEY) return;
  const stored = loadSession(localStorage);
  if (stored?.token === session?.token) return;
  if (stored) {
    session = stored;
    api = new Api(stored.token);
    watchSession(api);
    render();
  } else if (session) signedOut("You signed out in another window.");
});

render();
