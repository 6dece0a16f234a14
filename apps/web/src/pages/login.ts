import { ApiError, type Api, type Session } from "../api.js";
import { h } from "../panels/dom.js";
import type { Page } from "./page.js";

/** What the login page needs from the app. */
export interface LoginPageOptions {
  readonly api: Api;
  /** Shown above the form: why the user is here ("Your session has expired …"), or empty. */
  readonly message?: string;
  onSignedIn(session: Session): void;
}

/**
 * The sign-in form: username and password with labels, Enter submits, the
 * server's sentence shown when it refuses, the button busy while it answers.
 */
export function loginPage(options: LoginPageOptions): Page {
  const username = h("input", { id: "login-username", name: "username", autocomplete: "username", required: true, autocapitalize: "none", spellcheck: "false" });
  const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const error = h("p", { class: "form-error", role: "alert", id: "login-error" });
  const submit = h("button", { type: "submit", class: "button-primary" }, "Sign in");
  let destroyed = false;

  const form = h(
    "form",
    { class: "login-form", "aria-describedby": "login-error", novalidate: true },
    h("h1", {}, "Sign in to Accord"),
    options.message ? h("p", { class: "form-message", role: "status" }, options.message) : null,
    h("label", { for: "login-username" }, "Username"),
    username,
    h("label", { for: "login-password" }, "Password"),
    password,
    error,
    submit,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void signIn();
  });

  async function signIn(): Promise<void> {
    const name = username.value.trim();
    if (!name || !password.value) {
      error.textContent = !name ? "Enter your username." : "Enter your password.";
      (!name ? username : password).focus();
      return;
    }
    error.textContent = "";
    submit.disabled = true;
    submit.textContent = "Signing in…";
    try {
      const session = await options.api.login(name, password.value);
      if (!destroyed) options.onSignedIn(session);
    } catch (failure) {
      if (destroyed) return;
      error.textContent = sentence(failure instanceof ApiError ? failure.message : String(failure));
      password.select();
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = "Sign in";
    }
  }

  queueMicrotask(() => username.focus());
  return {
    element: h("main", { class: "page login-page" }, form),
    title: "Sign in · Accord",
    destroy() {
      destroyed = true;
    },
  };
}

/** The server writes lower-case clauses ("wrong username or password"); the page shows sentences. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "";
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
