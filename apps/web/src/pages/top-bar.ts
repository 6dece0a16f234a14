import type { User } from "../api.js";
import { h } from "../panels/dom.js";
import { routeHash } from "./route.js";

/**
 * The bar on top of every page: the product name (a link to the documents
 * list), and when signed in the user's display name and a sign-out button.
 */
export function topBar(user: User | null, onSignOut: () => void): HTMLElement {
  return h(
    "header",
    { class: "top-bar" },
    h("a", { class: "brand", href: user ? routeHash({ page: "documents" }) : routeHash({ page: "login" }) }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "[ ]"), "Accord"),
    user
      ? h(
          "div",
          { class: "top-bar-user" },
          h("span", { class: "user-name", title: `Signed in as ${user.username}` }, user.displayName || user.username),
          h("button", { type: "button", class: "button-quiet", onclick: onSignOut }, "Sign out"),
        )
      : null,
  );
}
