export { startServer, COLLAB_PATH, type RunningServer } from "./server.js";
export { configFromEnv, DEFAULT_CONFIG, type ServerConfig } from "./config.js";
export { openStorage, sqliteFile } from "./storage/open.js";
export { openSqliteStorage } from "./storage/sqlite.js";
export { type Storage, type User, type Role, type Membership, ROLES } from "./storage/storage.js";
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from "./auth/passwords.js";
export { LiveDocuments, type Actor } from "./collab/live.js";
export { ensureDemo, DEMO_DOCUMENT_ID, type DemoAccount } from "./demo.js";
export { membershipProblem, readStoredDocument } from "./http/membership.js";
