import { mayAct, type DelegationRegistry } from "@accord/schema";
import { ApiError, type Api, type MemberListing, type Role } from "../api.js";
import { h } from "../panels/dom.js";
import { sentence } from "./login.js";

/** What the members dialog needs from the document page. */
export interface MembersDialogOptions {
  readonly api: Api;
  readonly documentId: string;
  readonly registry: DelegationRegistry;
  /** The signed-in member: whether the controls are offered is `mayAct`'s answer for managing members (the server decides again). */
  readonly role: Role;
  readonly delegation: string;
}

const ROLES: readonly Role[] = ["chair", "secretariat", "delegate", "observer"];

/**
 * The members dialog (a modal `<dialog>`): who is in the negotiation and
 * their roles; to whoever may manage members, a form that adds a member
 * (creating the account with an initial password when there is none),
 * changes a role and removes someone; to whoever may reset passwords (the
 * chair and the secretariat), a form that sets a member's new password. The
 * server's refusal is shown as it says it.
 */
export class MembersDialog {
  readonly element: HTMLDialogElement;
  private readonly list = h("ul", { class: "member-list" });
  private readonly status = h("div", { class: "members-status", "aria-live": "polite" });
  private readonly manages: boolean;
  private readonly resets: boolean;
  private readonly resettable = h("select", { id: "password-member" });

  constructor(private readonly options: MembersDialogOptions) {
    const me = { role: options.role, delegation: options.delegation };
    this.manages = mayAct(me, "manage-members").ok;
    this.resets = mayAct(me, "reset-password").ok;
    this.element = h(
      "dialog",
      { class: "members-dialog", "aria-labelledby": "members-title" },
      h("h2", { id: "members-title" }, "Members"),
      this.list,
      this.manages ? this.addForm() : h("p", { class: "hint" }, "The chair adds, changes and removes members."),
      this.resets ? this.passwordForm() : null,
      this.status,
      h("form", { method: "dialog" }, h("button", { class: "button-primary", value: "close" }, "Close")),
    );
  }

  /** Opens the dialog and loads the members; does nothing when it is open already. */
  open(): void {
    if (this.element.open) return;
    this.element.showModal();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const members = await this.options.api.members(this.options.documentId);
      this.list.replaceChildren(...members.map((m) => this.row(m)));
      this.offerResets(members);
    } catch (failure) {
      this.fail("The members could not be loaded", failure);
    }
  }

  private row(member: MemberListing): HTMLElement {
    const describe = `${member.displayName} (${member.username}): ${member.role}${member.delegation ? ` of ${member.delegation}` : ""}`;
    if (!this.manages || member.role === "delegate") {
      return h(
        "li",
        { class: "member" },
        describe,
        this.manages ? h("button", { type: "button", class: "button-quiet", onclick: () => void this.remove(member.username) }, `Remove ${member.username}`) : null,
      );
    }
    const select = h("select", { id: `role-${member.username}`, "aria-label": `Role of ${member.username}` }, ...ROLES.filter((r) => r !== "delegate").map((r) => h("option", { value: r, selected: r === member.role }, r)));
    select.addEventListener("change", () => void this.run(() => this.options.api.setMember(this.options.documentId, { username: member.username, role: select.value as Role }), `${member.username} is now ${select.value}.`));
    return h(
      "li",
      { class: "member" },
      describe,
      select,
      h("button", { type: "button", class: "button-quiet", onclick: () => void this.remove(member.username) }, `Remove ${member.username}`),
    );
  }

  private addForm(): HTMLElement {
    const username = h("input", { type: "text", id: "member-username", required: true, autocomplete: "off" });
    const role = h("select", { id: "member-role" }, ...ROLES.map((r) => h("option", { value: r, selected: r === "delegate" }, r)));
    const delegation = h("select", { id: "member-delegation" }, h("option", { value: "" }, "(none)"), ...[...this.options.registry.entries].map((d) => h("option", { value: d.code }, `${d.name} (${d.code})`)));
    const password = h("input", { type: "password", id: "member-password", autocomplete: "new-password", minlength: 8 });
    const form = h(
      "form",
      { class: "member-add" },
      h("h3", {}, "Add or change a member"),
      h("label", { for: "member-username" }, "Username"),
      username,
      h("label", { for: "member-role" }, "Role"),
      role,
      h("label", { for: "member-delegation" }, "Delegation (delegates)"),
      delegation,
      h("label", { for: "member-password" }, "Initial password (only for a new account)"),
      password,
      h("button", { type: "submit", class: "button-primary" }, "Add member"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const body = {
        username: username.value.trim(),
        role: role.value as Role,
        ...(role.value === "delegate" ? { delegation: delegation.value } : {}),
        ...(password.value ? { password: password.value } : {}),
      };
      void this.run(() => this.options.api.setMember(this.options.documentId, body), `${body.username} is a member.`).then((ok) => {
        if (ok) form.reset();
      });
    });
    return form;
  }

  /** The members whose password the signed-in member may reset as far as the page knows (the server also asks about their other negotiations). */
  private offerResets(members: readonly MemberListing[]): void {
    const me = { role: this.options.role, delegation: this.options.delegation };
    const chosen = this.resettable.value;
    const offered = members.filter((m) => mayAct(me, "reset-password", { account: { username: m.username, role: m.role, unmanagedElsewhere: 0 } }).ok);
    this.resettable.replaceChildren(...offered.map((m) => h("option", { value: m.username, selected: m.username === chosen }, `${m.displayName} (${m.username})`)));
  }

  private passwordForm(): HTMLElement {
    const password = h("input", { type: "password", id: "password-new", autocomplete: "new-password", minlength: 8, required: true });
    const form = h(
      "form",
      { class: "member-password" },
      h("h3", {}, "Set a member's password"),
      h("p", { class: "hint" }, "Signs the member out everywhere; give them the new password yourself."),
      h("label", { for: "password-member" }, "Member"),
      this.resettable,
      h("label", { for: "password-new" }, "New password"),
      password,
      h("button", { type: "submit", class: "button-primary" }, "Set the password"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const username = this.resettable.value;
      if (!username) return;
      void this.run(async () => {
        const answer = await this.options.api.resetPassword(this.options.documentId, username, password.value);
        password.value = "";
        return answer;
      }, (answer) => String(answer));
    });
    return form;
  }

  private remove(username: string): Promise<boolean> {
    return this.run(() => this.options.api.removeMember(this.options.documentId, username), `${username} is no longer a member.`);
  }

  private async run<T>(action: () => Promise<T>, done: string | ((answer: T) => string)): Promise<boolean> {
    try {
      const answer = await action();
      this.status.replaceChildren(h("p", { class: "members-done" }, typeof done === "string" ? done : done(answer)));
      await this.load();
      return true;
    } catch (failure) {
      this.fail("Not done", failure);
      return false;
    }
  }

  private fail(what: string, failure: unknown): void {
    const message = failure instanceof ApiError ? failure.message : String(failure);
    this.status.replaceChildren(h("p", { class: "load-error", role: "alert" }, `${what}: ${sentence(message)}`));
  }
}
