// The `--cpu-slowdown` experiment of the browser benchmarks: Chromium's own CPU
// throttling (DevTools' "CPU: N× slowdown") on a page's renderer, to see how
// much room the targets leave on a slower machine. The server is not slowed.

/** Slows `page`'s renderer `rate` times (1 leaves it alone); throws if Chromium refuses the rate. */
export async function slowPage(context, page, rate) {
  if (rate <= 1) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
}
