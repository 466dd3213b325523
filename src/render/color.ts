/**
 * Colours of text output (show(), and tools such as hexdiff), as Scapy's themes: ANSI on a
 * terminal when conf.color is on, plain otherwise. The theme is conf.colorTheme when set (a
 * Theme, or one of Scapy's theme names: "DefaultTheme", "BrightTheme", "RastaTheme",
 * "ColorOnBlackTheme", "BlackAndWhite", "NoTheme", "HTMLTheme"), else DefaultTheme.
 */
import { conf } from "../core/conf.ts";

type Style = (s: string) => string;

export interface Theme {
  readonly name: string;
  punct: Style;
  layerName: Style;
  fieldName: Style;
  fieldValue: Style;
  emphFieldName: Style;
  emphFieldValue: Style;
  /** hexdiff's two sides, and differing bytes. */
  left: Style;
  right: Style;
  fail: Style;
  success: Style;
}

const plain: Style = (s) => s;

/** ANSI SGR codes: 1 bold, 4 underline, 7 inverse, 30-37 colours. */
const ansi = (...codes: number[]): Style => {
  const open = `\x1b[${codes.join(";")}m`;
  return (s) => `${open}${s}\x1b[0m`;
};
const [BLACK, RED, GREEN, YELLOW, BLUE, PURPLE, CYAN] = [30, 31, 32, 33, 34, 35, 36];
const BOLD = 1;
const ULINE = 4;
const INVERT = 7;

function theme(name: string, styles: Partial<Omit<Theme, "name">>): Theme {
  return { name, punct: plain, layerName: plain, fieldName: plain, fieldValue: plain, emphFieldName: plain, emphFieldValue: plain, left: plain, right: plain, fail: plain, success: plain, ...styles };
}

export const PLAIN: Theme = theme("NoTheme", {});

export const ANSI: Theme = theme("DefaultTheme", {
  punct: ansi(BLUE),
  layerName: ansi(BOLD, RED),
  fieldName: ansi(BLUE),
  fieldValue: ansi(PURPLE),
  emphFieldName: ansi(BLUE, ULINE, BOLD),
  emphFieldValue: ansi(PURPLE, ULINE, BOLD),
  left: ansi(BLUE, INVERT),
  right: ansi(RED, INVERT),
  fail: ansi(RED, BOLD),
  success: ansi(BLUE, BOLD),
});

const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const span = (cls: string): Style => (s) => `<span class="${cls}">${htmlEscape(s)}</span>`;

export const THEMES: Readonly<Record<string, Theme>> = {
  DefaultTheme: ANSI,
  NoTheme: PLAIN,
  BlackAndWhite: theme("BlackAndWhite", { left: ansi(INVERT), right: ansi(INVERT), emphFieldName: ansi(BOLD), emphFieldValue: ansi(BOLD) }),
  BrightTheme: theme("BrightTheme", {
    layerName: ansi(RED, BOLD),
    fieldName: ansi(YELLOW, BOLD),
    fieldValue: ansi(PURPLE, BOLD),
    emphFieldName: ansi(YELLOW, BOLD),
    emphFieldValue: ansi(GREEN, BOLD),
    left: ansi(CYAN, INVERT),
    right: ansi(PURPLE, INVERT),
    fail: ansi(RED, BOLD),
    success: ansi(BLUE, BOLD),
  }),
  RastaTheme: theme("RastaTheme", {
    punct: ansi(RED),
    layerName: ansi(RED, BOLD),
    fieldName: ansi(YELLOW, BOLD),
    fieldValue: ansi(GREEN, BOLD),
    emphFieldName: ansi(GREEN),
    emphFieldValue: ansi(GREEN),
    left: ansi(RED, INVERT),
    right: ansi(GREEN, INVERT),
    fail: ansi(RED, BOLD),
    success: ansi(GREEN, BOLD),
  }),
  ColorOnBlackTheme: theme("ColorOnBlackTheme", {
    punct: ansi(BLACK, BOLD),
    layerName: ansi(YELLOW, BOLD),
    fieldName: ansi(CYAN),
    fieldValue: ansi(PURPLE, BOLD),
    emphFieldName: ansi(CYAN, BOLD),
    emphFieldValue: ansi(RED, BOLD),
    left: ansi(CYAN, INVERT),
    right: ansi(PURPLE, INVERT),
    fail: ansi(RED, BOLD),
    success: ansi(GREEN),
  }),
  HTMLTheme: theme("HTMLTheme", {
    punct: span("punct"),
    layerName: span("layer_name"),
    fieldName: span("field_name"),
    fieldValue: span("field_value"),
    emphFieldName: span("emph_field_name"),
    emphFieldValue: span("emph_field_value"),
    left: span("left"),
    right: span("right"),
    fail: span("fail"),
    success: span("success"),
  }),
};

/** A theme by Scapy's name, or a clear error listing them. */
export function themeByName(name: string): Theme {
  const t = THEMES[name];
  if (!t) throw new TypeError(`unknown colour theme ${JSON.stringify(name)}: use one of ${Object.keys(THEMES).join(", ")}`);
  return t;
}

/** The theme conf asks for (conf.colorTheme, when the configuration has one). */
export function configuredTheme(): Theme {
  const chosen = (conf as { colorTheme?: unknown }).colorTheme;
  if (chosen === undefined || chosen === null) return ANSI;
  if (typeof chosen === "string") return themeByName(chosen);
  if (typeof chosen === "object" && typeof (chosen as Theme).layerName === "function") return { ...PLAIN, ...(chosen as Theme) };
  throw new TypeError("conf.colorTheme must be a theme or a theme's name");
}

/** The theme for printing now: the configured one on a TTY, plain otherwise (HTML themes print anywhere). */
export function printTheme(): Theme {
  const t = configuredTheme();
  if (t.name === "HTMLTheme") return t;
  const stdout = (globalThis as { process?: { stdout?: { isTTY?: boolean } } }).process?.stdout;
  return conf.color && stdout?.isTTY ? t : PLAIN;
}

/** Writes text the way Python's print() does (a newline after it). */
export function printLine(text: string): void {
  console.log(text);
}
