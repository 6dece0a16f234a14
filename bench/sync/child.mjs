// The server under test as a child process (bench/sync/server-child.mjs), so
// that its CPU time is its own: start it, ask it something over IPC and wait
// for the answer, stop it. Shared by bench/sync.mjs and bench/decisions.mjs.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./server-child.mjs", import.meta.url));

/**
 * Forks the server child and returns it with `ask(message, replyType)`, which
 * sends a message and resolves with the child's reply of that type (rejects
 * on a timeout, an error the child reports, or its exit).
 */
export function startChild(execArgv) {
  const child = fork(CHILD, [], { execArgv, stdio: ["ignore", "inherit", "pipe", "ipc"] });
  // The server's error output, kept short: counted, the first lines kept, split by before/after "stop".
  const stderr = { stopping: false, during: 0, afterStop: 0, first: [] };
  let partial = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop();
    for (const line of lines) {
      if (stderr.stopping) stderr.afterStop++;
      else stderr.during++;
      if (stderr.first.length < 8 && !stderr.stopping) stderr.first.push(line);
    }
  });
  const waiting = [];
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  child.on("message", (message) => {
    if (message.type === "error") {
      console.error(`server child: ${message.message}`);
      for (const w of waiting.splice(0)) w.reject(new Error(message.message));
      return;
    }
    const i = waiting.findIndex((w) => w.type === message.type);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(message);
  });
  exited.then(({ code, signal }) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`server child exited (${code ?? signal}) while waiting for ${w.type}`));
  });
  const ask = (message, replyType, timeoutMs = 120_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server child: no ${replyType} after ${timeoutMs} ms`)), timeoutMs);
      waiting.push({
        type: replyType,
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      child.send(message);
    });
  return { child, ask, exited, stderr };
}

/** Asks the child to stop, kills it if it does not exit within 10 s, and prints what it wrote to stderr. */
export async function stopChild({ child, ask, exited, stderr }) {
  stderr.stopping = true;
  if (child.exitCode === null && child.signalCode === null) {
    try {
      await ask({ type: "stop" }, "stopped", 20_000);
    } catch (error) {
      console.error(`  (stopping the server child: ${error.message})`);
    }
  }
  const timeout = new Promise((r) => setTimeout(() => r("timeout"), 10_000));
  if ((await Promise.race([exited, timeout])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
  if (stderr.during) console.log(`  server error output during the run: ${stderr.during} lines, starting with:\n    ${stderr.first.join("\n    ")}`);
  if (stderr.afterStop) console.log(`  server error output while shutting down: ${stderr.afterStop} lines (edits still queued when it closed)`);
}
