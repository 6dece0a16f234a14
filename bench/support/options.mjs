// Command-line options of the benchmark scripts: `--name value` and `--flag`,
// each read by the kind of value it takes, every mistake a message naming the option.
import { resolve } from "node:path";

/** An option's value as a number from `min` to `max`, rounded to a whole number. */
export const integer = (min, max) => ({ takesValue: true, read: (text, arg) => Math.round(inRange(text, arg, min, max)) });

/** An option's value as a number from `min` to `max`, as given (a duration in seconds may be 2.5). */
export const number = (min, max) => ({ takesValue: true, read: (text, arg) => inRange(text, arg, min, max) });

/** An option's value as it is written. */
export const text = () => ({ takesValue: true, read: (value) => value });

/** An option's value as a path, resolved against the working directory. */
export const path = () => ({ takesValue: true, read: (value) => resolve(value) });

/** An option that takes no value: true when given. */
export const flag = () => ({ takesValue: false, read: () => true });

/**
 * An option whose value is one of `choices`; checked once every option is
 * read, and only when it differs from its default ("--only is idle or load").
 */
export const oneOf = (...choices) => ({
  takesValue: true,
  read: (value) => value,
  check: (value, arg) => {
    if (!choices.includes(value)) throw new Error(`${arg} is ${choices.join(" or ")}`);
  },
});

function inRange(text, arg, min, max) {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${arg} must be a number from ${min} to ${max}`);
  return n;
}

/**
 * The options `argv` gives, over `defaults`: `spec` maps each option's name
 * to the key it sets and how its value is read (`{ "--seed": ["seed",
 * integer(0, 2 ** 31)], "--cpu-prof": ["cpuProf", flag()] }`). Throws an
 * Error naming the option for an unknown one, a missing value, or a value
 * out of range or not among the choices.
 */
export function parseOptions(argv, defaults, spec) {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const entry = Object.hasOwn(spec, arg) ? spec[arg] : undefined;
    if (!entry) throw new Error(`unknown option ${arg}`);
    const [key, kind] = entry;
    let value;
    if (kind.takesValue) {
      value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
    }
    options[key] = kind.read(value, arg);
  }
  for (const [arg, [key, kind]] of Object.entries(spec)) {
    if (kind.check && options[key] !== defaults[key]) kind.check(options[key], arg);
  }
  return options;
}
