import { OAS_MEMBER_STATES } from "@accord/schema";

/** The colours a delegation's brackets are drawn in. */
export interface DelegationColour {
  /** Tags, bracket glyphs and underlines, `#rrggbb`: at least 4.5:1 against white and against `tint`. */
  readonly ink: string;
  /** A light background for the extent of the delegation's brackets, `#rrggbb`. */
  readonly tint: string;
}

/** Untagged brackets (disputed base text): a neutral grey. */
export const UNTAGGED_COLOUR: DelegationColour = Object.freeze({ ink: "#595959", tint: "#efefef" });

// Colours are picked in OKLCH (perceptual lightness, chroma, hue) and written
// as sRGB. Each of the 35 OAS member states has its own slot on a grid of
// 3 lightness levels × 12 hues, ordered so that states next to each other in the
// list differ in both hue and lightness; any other code (a group, a state from
// outside the OAS) takes a hue from a hash of the code and one of two lightness
// levels between the states' levels, so it never takes a state's colour. Either way
// the colour depends on the code alone: the same in every document.

const LEVELS = [0.4, 0.47, 0.54] as const;
/** Lightness levels of other codes: between the states' levels, so never a state's colour. */
const OTHER_LEVELS = [0.435, 0.505] as const;
const CHROMA = 0.15;
const TINT_LIGHTNESS = 0.965;
const TINT_CHROMA = 0.025;
/** WCAG AA for normal text, with a margin for rounding to 8-bit channels. */
const MIN_CONTRAST = 4.6;

const OAS_SLOTS = new Map(OAS_MEMBER_STATES.map((entry, index) => [entry.code, index]));

const cache = new Map<string, DelegationColour>();
/** Codes are few; the bound only keeps a long-running server from collecting every string it was asked about. */
const CACHE_LIMIT = 1_000;

/**
 * The colours of a delegation, from its code alone: the same code gets the
 * same colours in every document and every rendering. Member states of the
 * OAS never share a colour; other codes are spread by a hash (two of them
 * may come close) on lightness levels no state uses. The ink is dark enough
 * for text (WCAG AA, 4.5:1) on white and on the tint; the tag's text always
 * says whose bracket it is, so colour is never the only cue. Never fails: any string gets a colour.
 */
export function delegationColour(code: string): DelegationColour {
  let colour = cache.get(code);
  if (!colour) {
    const [lightness, hue] = placeOf(code);
    colour = Object.freeze(makeColour(lightness, hue));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(code, colour);
  }
  return colour;
}

function placeOf(code: string): [number, number] {
  const slot = OAS_SLOTS.get(code);
  if (slot !== undefined) {
    const level = slot % 3;
    const column = (Math.floor(slot / 3) * 5) % 12;
    return [LEVELS[level]!, 25 + column * 30 + level * 10];
  }
  const h = hash(code);
  return [OTHER_LEVELS[(h >>> 12) % 2]!, h % 360];
}

/** FNV-1a with a final mix: a stable 32-bit hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h ^= h >>> 12;
  return h >>> 0;
}

function makeColour(lightness: number, hue: number): DelegationColour {
  const tint = toHex(inGamut(TINT_LIGHTNESS, TINT_CHROMA, hue));
  let l = lightness;
  let ink = toHex(inGamut(l, CHROMA, hue));
  while ((contrastRatio(ink, "#ffffff") < MIN_CONTRAST || contrastRatio(ink, tint) < MIN_CONTRAST) && l > 0.2) {
    l -= 0.01;
    ink = toHex(inGamut(l, CHROMA, hue));
  }
  return { ink, tint };
}

type Rgb = readonly [number, number, number];

/** Linear sRGB of an OKLCH colour, chroma reduced until it is displayable. */
function inGamut(lightness: number, chroma: number, hue: number): Rgb {
  const radians = (hue * Math.PI) / 180;
  for (let c = chroma; c > 0; c -= 0.002) {
    const rgb = oklabToLinearSrgb(lightness, c * Math.cos(radians), c * Math.sin(radians));
    if (rgb.every((v) => v >= 0 && v <= 1)) return rgb;
  }
  return oklabToLinearSrgb(lightness, 0, 0);
}

function oklabToLinearSrgb(l: number, a: number, b: number): Rgb {
  const l1 = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m1 = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s1 = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l1 - 3.3077115913 * m1 + 0.2309699292 * s1,
    -1.2684380046 * l1 + 2.6097574011 * m1 - 0.3413193965 * s1,
    -0.0041960863 * l1 - 0.7034186147 * m1 + 1.707614701 * s1,
  ];
}

function toHex(rgb: Rgb): string {
  return `#${rgb
    .map((v) => {
      const clamped = Math.min(1, Math.max(0, v));
      const encoded = clamped <= 0.0031308 ? 12.92 * clamped : 1.055 * clamped ** (1 / 2.4) - 0.055;
      return Math.round(encoded * 255).toString(16).padStart(2, "0");
    })
    .join("")}`;
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

/**
 * The WCAG contrast ratio of two `#rrggbb` colours, from 1 (same) to 21
 * (black on white). Throws nothing; a malformed colour reads as black.
 */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a) || 0;
  const lb = luminance(b) || 0;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
