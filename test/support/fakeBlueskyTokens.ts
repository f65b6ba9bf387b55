/**
 * The fake PDS's session tokens: HS256 JWTs typed as the reference PDS types them (`at+jwt` for access,
 * `refresh+jwt` for refresh; pds/src/account-manager/helpers/auth.ts), checked as its auth-verifier.ts
 * checks them, with expiry and revocation a test can force.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { refuse } from './fakeBlueskyRules.js';

/** auth.ts: access tokens live 120 minutes, refresh tokens 90 days. */
const ACCESS_TTL_S = 120 * 60;
const REFRESH_TTL_S = 90 * 24 * 3600;
/** account-manager.ts rotateRefreshToken: a rotated refresh token stays usable 2 hours. */
const REFRESH_GRACE_MS = 2 * 3600 * 1000;

export type TokenType = 'at+jwt' | 'refresh+jwt';

export interface SessionTokens {
  issue(did: string, audience: string): { accessJwt: string; refreshJwt: string };
  /** The payload of a valid bearer token of this type, or an XRPC refusal as the PDS answers it. */
  verify(authorization: string | undefined, typ: TokenType): any;
  /** refreshSession: the refresh token rotates; past its grace period it "has been revoked". */
  rotate(payload: { jti: string }): void;
  expireAccess(): void;
  revokeRefresh(): void;
}

function decode(part: string | undefined): any {
  if (!part) return null;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

export function sessionTokens(now: () => number): SessionTokens {
  const secret = randomUUID();
  const issuedAccess = new Set<string>();
  const expiredAccess = new Set<string>();
  /** Refresh tokens by their `jti`: when they were rotated, or revoked. */
  const refreshTokens = new Map<string, { rotatedAt?: number; revoked?: boolean }>();
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const sign = (data: string) => createHmac('sha256', secret).update(data).digest('base64url');
  const jwt = (typ: TokenType, payload: Record<string, unknown>) => {
    const head = `${b64({ typ, alg: 'HS256' })}.${b64(payload)}`;
    return `${head}.${sign(head)}`;
  };

  return {
    issue(did, audience) {
      const iat = Math.floor(now() / 1000);
      const jti = randomUUID();
      refreshTokens.set(jti, {});
      // A nonce keeps two tokens issued in the same second apart (one may be expired by expireAccess()).
      const accessJwt = jwt('at+jwt', { scope: 'com.atproto.appPass', sub: did, aud: audience, iat, exp: iat + ACCESS_TTL_S, nonce: randomUUID() });
      issuedAccess.add(accessJwt);
      return { accessJwt, refreshJwt: jwt('refresh+jwt', { scope: 'com.atproto.refresh', sub: did, aud: audience, jti, iat, exp: iat + REFRESH_TTL_S }) };
    },
    // verifyBearerJwt: no token 401 AuthMissing; unverifiable 400 InvalidToken; expired 400 ExpiredToken.
    verify(authorization, typ) {
      if (!authorization) throw refuse(401, 'AuthMissing', 'Authentication Required');
      if (!authorization.startsWith('Bearer ')) throw refuse(400, 'InvalidToken', 'Unexpected authorization type');
      const token = authorization.slice('Bearer '.length);
      const [head, body, signature] = token.split('.');
      const header = decode(head);
      const payload = decode(body);
      if (!header || !payload || signature !== sign(`${head}.${body}`) || header.typ !== typ) {
        throw refuse(400, 'InvalidToken', 'Token could not be verified');
      }
      if (payload.exp <= now() / 1000 || (typ === 'at+jwt' && expiredAccess.has(token))) {
        throw refuse(400, 'ExpiredToken', 'Token has expired');
      }
      return payload;
    },
    rotate({ jti }) {
      const state = refreshTokens.get(jti);
      if (!state || state.revoked || (state.rotatedAt !== undefined && now() - state.rotatedAt > REFRESH_GRACE_MS)) {
        throw refuse(400, 'ExpiredToken', 'Token has been revoked');
      }
      state.rotatedAt ??= now();
    },
    expireAccess() {
      for (const token of issuedAccess) expiredAccess.add(token);
    },
    revokeRefresh() {
      for (const state of refreshTokens.values()) state.revoked = true;
    },
  };
}
