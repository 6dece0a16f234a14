import type { Hocuspocus } from "@hocuspocus/server";
import type { LiveDocuments } from "../collab/live.js";
import type { ServerConfig } from "../config.js";
import type { Storage } from "../storage/storage.js";

/** What the HTTP API works with. */
export interface ApiDeps {
  readonly config: ServerConfig;
  readonly storage: Storage;
  readonly live: LiveDocuments;
  readonly hocuspocus: Hocuspocus;
}
