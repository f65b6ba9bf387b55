/**
 * OAuth 1.0a HMAC-SHA1 signatures checked as X checks them (RFC 5849; docs.x.com, Fundamentals ›
 * Authentication › OAuth 1.0a › "Authorizing a request" and "Creating a signature").
 *
 * Which URL is signed: the routing plugin of `src/platform/x.ts` rewrites `params.url` in
 * `onBeforeRequestConfig`, and twitter-api-v2 (1.29, `ClientRequestMaker.send`) runs that hook *before*
 * `getHttpRequestArgs` → `writeAuthHeaders` signs `url.toString()`. So the client signs the rewritten
 * URL, `http://127.0.0.1:PORT/2/...`, the very URL it sends the request to; in production it signs
 * `https://api.x.com/2/...`. Either way the signature covers the URL the request is addressed to, and
 * that is what a server verifies: the base string URI is built from the request's own scheme, its
 * `Host` header and its path (RFC 5849 §3.4.1.2). The fake does exactly that, so a plugin that
 * rewrote the host *after* signing (`onBeforeRequest`) would be refused here as X would refuse it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The four keys of an X app acting for one account, as twitter-api-v2 names them. */
export interface XKeys {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

/** RFC 5849 §3.6 (docs.x.com "Percent encoding parameters"): every byte but ALPHA / DIGIT / - . _ ~ as %XX. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The signature base string of RFC 5849 §3.4.1: method, base string URI, normalized parameters. */
export function signatureBaseString(method: string, baseUri: string, params: ReadonlyArray<readonly [string, string]>): string {
  // §3.4.1.3.2: encode names and values, sort by name then value, join with `=` and `&`.
  const normalized = params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => (an === bn ? compare(av, bv) : compare(an, bn)))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return `${method.toUpperCase()}&${percentEncode(baseUri)}&${percentEncode(normalized)}`;
}

/** HMAC-SHA1 with the key `consumer secret & token secret`, both percent-encoded (RFC 5849 §3.4.2). */
export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha1', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`).update(baseString).digest('base64');
}

/** The `OAuth k="v", …` parameters of an Authorization header, decoded (RFC 5849 §3.5.1); null if it is not one. */
export function parseAuthorization(header: string | undefined): Map<string, string> | null {
  const match = /^OAuth\s+(.*)$/is.exec(header ?? '');
  if (!match) return null;
  const params = new Map<string, string>();
  for (const part of match[1]!.split(',')) {
    const pair = /^\s*([^=\s]+)\s*=\s*"([^"]*)"\s*$/.exec(part);
    if (!pair) return null;
    try {
      params.set(decodeURIComponent(pair[1]!), decodeURIComponent(pair[2]!));
    } catch {
      return null;
    }
  }
  return params;
}

export interface SignedRequest {
  method: string;
  /** `http://host:port/path` built from the request itself (scheme, Host header, path; no query). */
  baseUri: string;
  /** Every query parameter, decoded, duplicates kept. */
  query: ReadonlyArray<readonly [string, string]>;
  /** The body's parameters when it is `application/x-www-form-urlencoded` (RFC 5849 §3.4.1.3.1), else none. */
  formBody: ReadonlyArray<readonly [string, string]>;
  authorization: string | undefined;
}

/**
 * Checks one request's OAuth 1.0a user-context credentials against the app's keys. `seenNonces`
 * remembers nonces: "X will use this value to determine whether a request has been submitted
 * multiple times" (docs.x.com, Authorizing a request › Nonce), so a replayed request is refused.
 */
export function verifyOAuth1(request: SignedRequest, keys: XKeys, seenNonces: Set<string>): boolean {
  const oauth = parseAuthorization(request.authorization);
  if (!oauth) return false;
  const signature = oauth.get('oauth_signature');
  const timestamp = oauth.get('oauth_timestamp') ?? '';
  const nonce = oauth.get('oauth_nonce');
  // X signs with HMAC-SHA1 only (Authorizing a request › Signature method); version, when given, is 1.0 (§3.1).
  if (!signature || !nonce || oauth.get('oauth_signature_method') !== 'HMAC-SHA1') return false;
  if (oauth.has('oauth_version') && oauth.get('oauth_version') !== '1.0') return false;
  if (!/^[1-9]\d*$/.test(timestamp)) return false; // §3.3: a positive integer of seconds
  if (oauth.get('oauth_consumer_key') !== keys.appKey || oauth.get('oauth_token') !== keys.accessToken) return false;

  // §3.4.1.3.1: the oauth_* parameters but the signature and `realm`, the query, and a form body.
  const params: Array<readonly [string, string]> = [...request.query, ...request.formBody];
  for (const [name, value] of oauth) if (name !== 'oauth_signature' && name !== 'realm') params.push([name, value]);
  const expected = hmacSha1Signature(signatureBaseString(request.method, request.baseUri, params), keys.appSecret, keys.accessSecret);
  if (!sameText(expected, signature)) return false;

  const key = `${keys.appKey} ${keys.accessToken} ${timestamp} ${nonce}`;
  if (seenNonces.has(key)) return false;
  seenNonces.add(key);
  return true;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
