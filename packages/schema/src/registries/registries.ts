import { DelegationRegistry } from "./delegations.js";
import { UN_DELEGATIONS } from "./un-delegations.js";

/** The delegation registries a document can start from: the OAS's 35 member states, or the UN's states, the EU and the negotiating groups. */
export type RegistryName = "oas" | "un";

/** Every registry name, the default first. */
export const REGISTRY_NAMES: readonly RegistryName[] = Object.freeze(["oas", "un"]);

/** True when `value` names a registry (`oas`, `un`). */
export function isRegistryName(value: unknown): value is RegistryName {
  return typeof value === "string" && (REGISTRY_NAMES as readonly string[]).includes(value);
}

const UN_REGISTRY = DelegationRegistry.of(UN_DELEGATIONS);

/** The registry called `name`: `DelegationRegistry.default` for `oas`, the UN's for `un`. */
export function registryNamed(name: RegistryName): DelegationRegistry {
  return name === "un" ? UN_REGISTRY : DelegationRegistry.default;
}

/** Words for a registry as a person reads them. */
export function describeRegistry(name: RegistryName): string {
  return name === "un"
    ? "UN: 193 member states, 2 observer states, the EU and the negotiating groups"
    : "OAS: the 35 member states of the Organization of American States";
}

/**
 * The registry a document's delegations were built on: `un` when it holds
 * every state of the UN's (whatever a document added or respelled), `oas`
 * otherwise. Exports write the document's header and statuses by it.
 */
export function registryBase(registry: DelegationRegistry): RegistryName {
  if (registry === UN_REGISTRY) return "un";
  let base = bases.get(registry);
  if (!base) {
    base = UN_STATE_CODES.every((code) => registry.get(code)) ? "un" : "oas";
    bases.set(registry, base);
  }
  return base;
}

// Registries are immutable: each one's base is worked out once.
const bases = new WeakMap<DelegationRegistry, RegistryName>();

const UN_STATE_CODES = UN_DELEGATIONS.filter((d) => d.kind === "state").map((d) => d.code);
