import { createHmac, timingSafeEqual } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** Decodes an HS256 JWT after checking its signature with `secret`; throws on a wrong one. */
export function verifyHs256(token: string, secret: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error(`not a JWT: ${parts.length} parts`);
  const [head, body, sig] = parts;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('JWT signature does not verify');
  const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
  if (header.alg !== 'HS256') throw new Error(`JWT alg is ${header.alg}`);
  return { header, payload: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) };
}
