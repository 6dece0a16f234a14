import { describeMember, membershipProblem } from "@accord/schema";
import type { Request, Response, Router } from "express";
import { z } from "zod";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../auth/passwords.js";
import { usernameProblem } from "../../auth/usernames.js";
import type { Membership, Role, User } from "../../storage/storage.js";
import { access, liveDocument, requirePermission } from "../access.js";
import type { ApiDeps } from "../deps.js";
import { HttpError } from "../errors.js";
import { parseBody, parseQuery } from "../validate.js";

const memberBody = z.strictObject({
  username: z.string().min(1).max(100),
  role: z.enum(["chair", "secretariat", "delegate", "observer"], { error: "one of chair, secretariat, delegate, observer" }),
  delegation: z.string().max(16).optional(),
  /** Creates the account when there is none by this name, with this initial password. */
  password: z.string().min(MIN_PASSWORD_LENGTH, { error: `the initial password needs at least ${MIN_PASSWORD_LENGTH} characters` }).max(MAX_PASSWORD_LENGTH, { error: `the initial password may have at most ${MAX_PASSWORD_LENGTH} characters` }).optional(),
  displayName: z.string().trim().min(1).max(200).optional(),
});

const removeBody = z.strictObject({ username: z.string().min(1).max(100) });

function describeMembership(username: string, role: Role, delegation: string): string {
  return `${username} is ${describeMember({ role, delegation })}`;
}

/**
 * Who is in a document: every member lists them; only those `mayAct` lets
 * manage members add, change or remove them, and adding someone who has no
 * account yet creates it with the initial password sent (an existing
 * account's password is never set here: 409). A document keeps at least one chair.
 */
export function memberRoutes(api: Router, deps: ApiDeps): void {
  api.get("/documents/:id/members", async (req, res) => {
    parseQuery(req, z.strictObject({}));
    const { id } = await access(deps, req, res);
    const members = await deps.storage.listMembers(id);
    res.json({
      members: members.map((m) => ({ username: m.user.username, displayName: m.user.displayName, role: m.role, delegation: m.delegation })),
    });
  });

  api.post("/documents/:id/members", async (req, res) => {
    const body = parseBody(req, memberBody);
    const { id, actor } = await access(deps, req, res);
    requirePermission(actor, "manage-members");
    const delegation = body.delegation ?? "";
    const problem = membershipProblem((await liveDocument(deps, id)).registry, body.role, delegation);
    if (problem) throw new HttpError(400, problem);
    const found = await deps.storage.findUserByName(body.username);
    if (found && body.password !== undefined) throw new HttpError(409, `the account '${body.username}' exists already: its password stays its own (leave the password out to add it)`);
    const user = found ?? (await createAccount(deps, body.username, body.password, body.displayName));
    const before = await deps.storage.getMembership(id, user.id);
    if (before?.role === "chair" && body.role !== "chair") await keepAChair(deps, id, user.id);
    const membership: Membership = { documentId: id, userId: user.id, role: body.role, delegation };
    await deps.storage.setMembership(membership);
    const sentence = `${describeMembership(user.username, body.role, delegation)}${before ? ` (was ${before.role}${before.delegation ? ` of ${before.delegation}` : ""})` : ""}.`;
    await deps.live.audit(id, actor, before ? "member-changed" : "member-added", found ? sentence : `${sentence} Account created.`, {
      username: user.username,
      ...(found ? {} : { accountCreated: true }),
      role: body.role,
      delegation,
      ...(before ? { previous: { role: before.role, delegation: before.delegation } } : {}),
    });
    res.status(before ? 200 : 201).json({ member: { username: user.username, displayName: user.displayName, role: body.role, delegation } });
  });

  const remove = async (req: Request, res: Response, username: string) => {
    const { id, actor } = await access(deps, req, res);
    requirePermission(actor, "manage-members");
    const user = await deps.storage.findUserByName(username);
    const membership = user ? await deps.storage.getMembership(id, user.id) : null;
    if (!user || !membership) throw new HttpError(404, `${username} is not a member of this document`);
    if (membership.role === "chair") await keepAChair(deps, id, user.id);
    await deps.storage.removeMembership(id, user.id);
    await deps.live.audit(id, actor, "member-removed", `${user.username} is no longer a member (was ${membership.role}${membership.delegation ? ` of ${membership.delegation}` : ""}).`, {
      username: user.username,
      previous: { role: membership.role, delegation: membership.delegation },
    });
    res.json({ removed: user.username });
  };

  api.delete("/documents/:id/members/:username", async (req, res) => {
    parseBody(req, z.strictObject({}));
    await remove(req, res, req.params.username);
  });
  api.delete("/documents/:id/members", async (req, res) => {
    await remove(req, res, parseBody(req, removeBody).username);
  });
}

/** A 409 when `userId` is the document's only chair (someone must be able to manage it). */
async function keepAChair(deps: ApiDeps, id: string, userId: string): Promise<void> {
  const chairs = (await deps.storage.listMembers(id)).filter((m) => m.role === "chair");
  if (chairs.every((m) => m.userId === userId)) throw new HttpError(409, "the document would have no chair: make someone else chair first");
}

/** Creates the account of a new member: a 400 without a password or with a malformed username, a 409 when the name was just taken. */
async function createAccount(deps: ApiDeps, username: string, password: string | undefined, displayName: string | undefined): Promise<User> {
  if (password === undefined) throw new HttpError(400, `there is no user '${username}': send an initial password to create the account`);
  const problem = usernameProblem(username);
  if (problem) throw new HttpError(400, problem);
  const user = await deps.storage.createUser(username, await hashPassword(password), displayName ?? username);
  if (!user) throw new HttpError(409, `the username '${username}' is taken`);
  return user;
}
