export { type Io, CliError, UsageError } from "./cli.js";
export type { Command } from "./command.js";
export { type OptionSpec, type ParsedArgs, parseCommandArgs } from "./args.js";
export { type LoadedInput, loadInput, isDocumentPath, checkOutput, writeOutput } from "./input.js";
export { importCommand } from "./commands/import.js";
export { exportCommand, EXPORT_VERSIONS, EXPORT_FORMATS } from "./commands/export.js";
export { statsCommand, statsReport, formatStats, type StatsReport } from "./commands/stats.js";
