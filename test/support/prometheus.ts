/**
 * A strict reader of the Prometheus text exposition format 0.0.4, as "Exposition formats" (prometheus.io,
 * docs/instrumenting/exposition_formats, "Text format details") writes it. It throws on anything the
 * format forbids, so a test that reads `/metrics` through it fails where Prometheus would refuse or
 * misread the scrape. Every rule it enforces is named in a comment with its source.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

export interface Exposition {
  families: Map<string, Family>;
  /** The value of the sample with exactly this name and these labels, or undefined. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

export class ExpositionError extends Error {}

const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
// "the usual Prometheus expression language restrictions" (Data model: metric and label names).
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
// Go's strconv.ParseFloat, which the format names: decimal or hex floats, Inf, Infinity, NaN (any case).
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+|inf|infinity)$/i;
const NAN = /^nan$/i;
const INT64 = /^-?\d+$/;

export function parseExposition(text: string): Exposition {
  // "A line-feed character (\n) separates lines. The last line must end with a line-feed character."
  if (text.length > 0 && !text.endsWith('\n')) throw new ExpositionError('the last line must end with a line feed');
  if (text.includes('\r')) throw new ExpositionError('lines end with \\n alone (found \\r)');
  const families = new Map<string, Family>();
  const finished = new Set<string>();
  const typed = new Set<string>();
  const seen = new Set<string>();
  let current: string | null = null;
  const lines = text.split('\n').slice(0, -1);

  // "All lines for a given metric must be provided as one uninterrupted group."
  const enter = (family: string, at: number) => {
    if (family === current) return;
    if (finished.has(family)) throw fail(at, `lines of ${family} are not one uninterrupted group`);
    if (current !== null) finished.add(current);
    current = family;
  };

  lines.forEach((raw, index) => {
    const at = index + 1;
    // "Leading and trailing whitespace is ignored." (blanks and tabs); "Empty lines are ignored."
    const line = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (line === '') return;
    if (line.startsWith('#')) {
      const tokens = line.slice(1).replace(/^[ \t]+/, '').split(/[ \t]+/);
      const [keyword, name = ''] = tokens;
      if (keyword !== 'HELP' && keyword !== 'TYPE') return; // any other comment is ignored
      if (!fullMatch(METRIC_NAME, name)) throw fail(at, `${keyword} needs a metric name, got "${name}"`);
      enter(name, at);
      const family = families.get(name) ?? { name, type: 'untyped' as MetricType, samples: [] };
      families.set(name, family);
      // HELP and TYPE come before the family's samples.
      if (family.samples.length > 0) throw fail(at, `${keyword} of ${name} after its samples`);
      if (keyword === 'HELP') {
        if (family.help !== undefined) throw fail(at, `a second HELP line for ${name}`);
        const rest = line.replace(/^#[ \t]*HELP[ \t]+\S+[ \t]?/, '');
        family.help = unescape(rest, ['\\', 'n'], at);
      } else {
        if (tokens.length !== 3) throw fail(at, 'TYPE takes exactly a metric name and a type');
        if (typed.has(name)) throw fail(at, `a second TYPE line for ${name}`);
        if (!TYPES.has(tokens[2] as MetricType)) throw fail(at, `unknown type "${tokens[2]}"`);
        // "The TYPE line for a metric name has to appear before the first sample is reported for that metric name."
        if (['_bucket', '_sum', '_count'].some((suffix) => families.has(name + suffix))) throw fail(at, `TYPE of ${name} after its samples`);
        family.type = tokens[2] as MetricType;
        typed.add(name);
      }
      return;
    }
    const sample = parseSample(line, at);
    const familyName = familyOf(sample.name, families);
    enter(familyName, at);
    const family = families.get(familyName) ?? { name: familyName, type: 'untyped' as MetricType, samples: [] };
    families.set(familyName, family);
    // "Each line must have a unique combination of metric name and labels."
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw fail(at, `a second line for ${sample.name} with the same labels`);
    seen.add(key);
    checkSampleName(family, sample, at);
    family.samples.push(sample);
  });

  for (const family of families.values()) {
    if (family.type === 'histogram') checkHistogram(family);
    if (family.type === 'summary') checkSummary(family);
  }
  return {
    families,
    value(name, labels = {}) {
      const want = JSON.stringify(Object.entries(labels).sort());
      for (const family of families.values()) {
        const found = family.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want);
        if (found) return found.value;
      }
      return undefined;
    },
  };
}

function parseSample(line: string, at: number): Sample {
  const name = METRIC_NAME.exec(line)?.[0];
  if (!name) throw fail(at, `a sample must start with a metric name: "${line}"`);
  let rest = line.slice(name.length).replace(/^[ \t]+/, '');
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.replace(/^[ \t]+/, '');
      if (rest.startsWith('}')) break;
      const label = LABEL_NAME.exec(rest)?.[0];
      if (!label) throw fail(at, `bad label name in "${line}"`);
      // Data model: "Label names beginning with __ are reserved for internal use."
      if (label.startsWith('__')) throw fail(at, `label name ${label} is reserved`);
      if (label in labels) throw fail(at, `label ${label} given twice`);
      rest = rest.slice(label.length).replace(/^[ \t]+/, '');
      if (!rest.startsWith('="') && !/^=[ \t]*"/.test(rest)) throw fail(at, `label ${label} needs ="value"`);
      rest = rest.replace(/^=[ \t]*"/, '');
      const end = closingQuote(rest);
      if (end === -1) throw fail(at, `unterminated value of label ${label}`);
      labels[label] = unescape(rest.slice(0, end), ['\\', '"', 'n'], at);
      rest = rest.slice(end + 1).replace(/^[ \t]+/, '');
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) throw fail(at, `expected , or } after label ${label}`);
    }
    rest = rest.slice(1);
  }
  const tokens = rest.replace(/^[ \t]+/, '').split(/[ \t]+/).filter(Boolean);
  if (tokens.length < 1 || tokens.length > 2) throw fail(at, `expected a value and an optional timestamp: "${line}"`);
  const [valueText = '', timestampText] = tokens;
  if (!FLOAT.test(valueText) && !NAN.test(valueText)) throw fail(at, `bad value "${valueText}"`);
  if (timestampText !== undefined && !INT64.test(timestampText)) throw fail(at, `bad timestamp "${timestampText}"`);
  return { name, labels, value: parseFloatGo(valueText), ...(timestampText !== undefined ? { timestamp: Number(timestampText) } : {}) };
}

/** The family a sample belongs to: its own name, or a histogram's / summary's for the suffixed samples. */
function familyOf(name: string, families: Map<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const base = families.get(name.slice(0, -suffix.length));
    if (base?.type === 'histogram' || (base?.type === 'summary' && suffix !== '_bucket')) return base.name;
  }
  return name;
}

function checkSampleName(family: Family, s: Sample, at: number): void {
  const suffix = s.name.slice(family.name.length);
  if (family.type === 'histogram') {
    if (!['_bucket', '_sum', '_count'].includes(suffix)) throw fail(at, `histogram ${family.name} has a sample ${s.name}`);
    if (suffix === '_bucket' && !('le' in s.labels)) throw fail(at, `${s.name} without an le label`);
  } else if (family.type === 'summary') {
    if (!['', '_sum', '_count'].includes(suffix)) throw fail(at, `summary ${family.name} has a sample ${s.name}`);
    if (suffix === '' && !('quantile' in s.labels)) throw fail(at, `${s.name} without a quantile label`);
  } else if (suffix !== '') throw fail(at, `${s.name} in family ${family.name}`);
  // Metric types: a counter "can only increase or be reset to zero on restart".
  if (family.type === 'counter' && !(s.value >= 0)) throw fail(at, `counter ${s.name} is ${s.value}`);
}

/** Per label set: increasing `le`, cumulative counts, a `+Inf` bucket equal to `_count`, and `_sum`. */
function checkHistogram(f: Family): void {
  for (const [key, series] of bySeries(f, 'le')) {
    const buckets = series.filter((s) => s.name === `${f.name}_bucket`);
    const count = series.find((s) => s.name === `${f.name}_count`);
    if (!series.some((s) => s.name === `${f.name}_sum`) || !count) throw new ExpositionError(`histogram ${f.name}${key} lacks _sum or _count`);
    let previous = -Infinity;
    let cumulative = 0;
    for (const b of buckets) {
      const le = parseLe(b.labels.le ?? '', f.name);
      if (!(le > previous)) throw new ExpositionError(`histogram ${f.name}${key}: buckets not in increasing order of le`);
      if (b.value < cumulative) throw new ExpositionError(`histogram ${f.name}${key}: bucket counts must be cumulative`);
      previous = le;
      cumulative = b.value;
    }
    const inf = buckets.at(-1);
    if (!inf || parseLe(inf.labels.le ?? '', f.name) !== Infinity) throw new ExpositionError(`histogram ${f.name}${key} has no le="+Inf" bucket`);
    if (inf.value !== count.value) throw new ExpositionError(`histogram ${f.name}${key}: the +Inf bucket must equal _count`);
  }
}

function checkSummary(f: Family): void {
  for (const [key, series] of bySeries(f, 'quantile')) {
    let previous = -Infinity;
    for (const q of series.filter((s) => s.name === f.name)) {
      const quantile = Number(q.labels.quantile);
      if (!(quantile > previous)) throw new ExpositionError(`summary ${f.name}${key}: quantiles not in increasing order`);
      previous = quantile;
    }
    if (!series.some((s) => s.name === `${f.name}_sum`) || !series.some((s) => s.name === `${f.name}_count`)) {
      throw new ExpositionError(`summary ${f.name}${key} lacks _sum or _count`);
    }
  }
}

/** The family's samples grouped by their labels without `except`, in order. */
function bySeries(f: Family, except: string): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const s of f.samples) {
    const key = JSON.stringify(Object.entries(s.labels).filter(([k]) => k !== except).sort());
    out.set(key, [...(out.get(key) ?? []), s]);
  }
  return out;
}

function parseLe(text: string, family: string): number {
  if (!FLOAT.test(text)) throw new ExpositionError(`histogram ${family}: le="${text}" is not a number`);
  return parseFloatGo(text);
}

function parseFloatGo(text: string): number {
  if (NAN.test(text)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/0[xX]/.test(text)) {
    const [, sign, mantissa = '', exponent = '0'] = /^([+-]?)0[xX]([^pP]+)[pP](.+)$/.exec(text) ?? [];
    const [whole = '', fraction = ''] = mantissa.split('.');
    const value = (parseInt(whole || '0', 16) + (fraction ? parseInt(fraction, 16) / 16 ** fraction.length : 0)) * 2 ** Number(exponent);
    return sign === '-' ? -value : value;
  }
  return Number(text);
}

/** Index of the first unescaped `"`, or -1. */
function closingQuote(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Undoes the format's escapes; a backslash before anything but the allowed characters is an error. */
function unescape(text: string, allowed: string[], at: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[++i];
    if (next === undefined || !allowed.includes(next)) throw fail(at, `invalid escape \\${next ?? ''}`);
    out += next === 'n' ? '\n' : next;
  }
  return out;
}

function fullMatch(re: RegExp, text: string): boolean {
  return re.exec(text)?.[0] === text && text !== '';
}

function fail(line: number, message: string): ExpositionError {
  return new ExpositionError(`line ${line}: ${message}`);
}
