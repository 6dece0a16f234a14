/**
 * Runs `fn` with these environment variables set (undefined: removed), then
 * puts them back as they were, whether `fn` returns or throws.
 */
export function withEnv(values: Record<string, string | undefined>, fn: () => void): void {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  const set = (entries: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  set(values);
  try {
    fn();
  } finally {
    set(saved);
  }
}
