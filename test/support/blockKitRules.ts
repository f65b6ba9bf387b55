/**
 * The small vocabulary the Block Kit validator (`blockKit.ts`) is written in: each rule checks one value
 * at a JSON pointer and records what Slack would say about it. The sentences are Slack's own, as they
 * come back in `response_metadata.messages` (seen in public reports: "must be less than 3001 characters",
 * "no more than 25 items allowed", "invalid additional property: style", "missing required field: name",
 * "must provide at least 1 items", "unsupported type: sections", "must be more than 0 characters").
 */

export interface BlockKitProblem {
  /** JSON pointer into the payload, e.g. `/blocks/0/text/text` or `/view/title/text`. */
  pointer: string;
  /** Slack's sentence, without the `[ERROR]` prefix and the pointer. */
  message: string;
}

/** Where the blocks are shown: some blocks and elements exist only in views. */
export type Surface = 'message' | 'modal' | 'home';

export interface Ctx {
  surface: Surface;
  problems: BlockKitProblem[];
}

export type Rule = (value: unknown, at: string, ctx: Ctx) => void;

export const fail = (ctx: Ctx, at: string, message: string) => {
  ctx.problems.push({ pointer: at, message });
};

/** Slack counts characters, not UTF-16 units: an emoji is one character (code points, as its backend's mb_strlen). */
export const chars = (s: string) => [...s].length;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function str(opts: { min?: number; max?: number; pattern?: RegExp; patternMessage?: string } = {}): Rule {
  return (v, at, ctx) => {
    if (typeof v !== 'string') return fail(ctx, at, 'must provide a string');
    const n = chars(v);
    if (opts.min !== undefined && n < opts.min) return fail(ctx, at, `must be more than ${opts.min - 1} characters`);
    if (opts.max !== undefined && n > opts.max) return fail(ctx, at, `must be less than ${opts.max + 1} characters`);
    if (opts.pattern && !opts.pattern.test(v)) fail(ctx, at, opts.patternMessage ?? 'does not match the expected format');
  };
}

export const bool: Rule = (v, at, ctx) => {
  if (typeof v !== 'boolean') fail(ctx, at, 'must provide a boolean');
};

export function int(opts: { min?: number; max?: number } = {}): Rule {
  return (v, at, ctx) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return fail(ctx, at, 'must provide an integer');
    if (opts.min !== undefined && v < opts.min) return fail(ctx, at, `must be greater than or equal to ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) fail(ctx, at, `must be less than or equal to ${opts.max}`);
  };
}

export function oneOf(...values: Array<string | number>): Rule {
  return (v, at, ctx) => {
    if (!values.includes(v as string | number)) fail(ctx, at, `must be one of ${values.join(', ')}`);
  };
}

export function list(item: Rule, opts: { min?: number; max?: number } = {}): Rule {
  return (v, at, ctx) => {
    if (!Array.isArray(v)) return fail(ctx, at, 'must provide an array');
    if (opts.min !== undefined && v.length < opts.min) return fail(ctx, at, `must provide at least ${opts.min} items`);
    if (opts.max !== undefined && v.length > opts.max) return fail(ctx, at, `no more than ${opts.max} items allowed`);
    v.forEach((entry, i) => item(entry, `${at}/${i}`, ctx));
  };
}

/**
 * An object with exactly these fields: a field it does not know is refused (Slack answers
 * "invalid additional property: KEY" at the object's pointer), a required one missing too.
 * `then` runs the checks across fields once the fields themselves are sound.
 */
export function obj(
  fields: Record<string, Rule>,
  required: string[] = [],
  then?: (o: Record<string, unknown>, at: string, ctx: Ctx) => void,
): Rule {
  return (v, at, ctx) => {
    if (!isObject(v)) return fail(ctx, at, 'must provide an object');
    const before = ctx.problems.length;
    for (const key of Object.keys(v)) {
      if (!(key in fields)) fail(ctx, at, `invalid additional property: ${key}`);
    }
    for (const key of required) {
      if (v[key] === undefined) fail(ctx, at, `missing required field: ${key}`);
    }
    for (const [key, rule] of Object.entries(fields)) {
      if (v[key] !== undefined) rule(v[key], `${at}/${key}`, ctx);
    }
    if (then && ctx.problems.length === before) then(v, at, ctx);
  };
}

/** Objects told apart by their `type`; a type not listed is refused as Slack refuses it ("unsupported type: X"). */
export function byType(variants: Record<string, Rule>): Rule {
  return (v, at, ctx) => {
    if (!isObject(v)) return fail(ctx, at, 'must provide an object');
    if (v.type === undefined) return fail(ctx, at, 'missing required field: type');
    const rule = typeof v.type === 'string' && Object.hasOwn(variants, v.type) ? variants[v.type] : undefined;
    if (!rule) return fail(ctx, `${at}/type`, `unsupported type: ${String(v.type)}`);
    rule(v, at, ctx);
  };
}

/** A rule that holds only on some surfaces (input blocks in views, for instance). */
export function only(surfaces: Surface[], rule: Rule): Rule {
  return (v, at, ctx) => {
    if (!surfaces.includes(ctx.surface)) {
      const type = isObject(v) ? String(v.type) : typeof v;
      return fail(ctx, `${at}/type`, `unsupported type: ${type}`);
    }
    rule(v, at, ctx);
  };
}

/** Lazily resolved, for the rules that refer to each other (a rich_text_input's initial value is a rich_text block). */
export const later = (get: () => Rule): Rule => (v, at, ctx) => get()(v, at, ctx);

/** `[ERROR] message [json-pointer:/path]`, the line Slack puts in `response_metadata.messages`. */
export const slackLine = (p: BlockKitProblem) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`;
/** The same without the `[ERROR] ` prefix, as in the top-level `errors` array of `invalid_blocks`. */
export const slackError = (p: BlockKitProblem) => `${p.message} [json-pointer:${p.pointer}]`;
