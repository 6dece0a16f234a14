export { YDOC_PARTS } from "./names.js";
export { writeDocument, readDocument, readHeader, documentToUpdate } from "./convert.js";
export { LiveReading } from "./live-reading.js";
export { placementOf, type Placement } from "./placement.js";
export { randomEdit, type RandomEdit } from "./random-edits.js";
export { runConvergence, replicaState, type Peer, type ConvergenceOptions, type ConvergenceReport } from "./convergence.js";
export { reconcileContent } from "./reconcile.js";
export { reconcileOptionPaths } from "./reconcile-options.js";
export { reconcileSpans } from "./reconcile-spans.js";
