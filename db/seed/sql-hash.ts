import { sql, type SQL } from "drizzle-orm";

/**
 * Deterministic pseudo-randomness inside SQL, for set-based generation: a row's values are pure
 * functions of its index, so the same scale always writes the same rows, on PGlite and on
 * PostgreSQL alike (integer arithmetic and sqrt only: no libm differences, no random()).
 */

/** A 32-bit integer hash of (index, salt): multiplicative spread, then one xorshift-multiply round (products stay below 2^63). */
export function hash32(index: SQL, salt: number): SQL {
  const x = sql`((((${index})::bigint * 2654435761) + ${salt}::bigint) % 4294967296)`;
  const y = sql`((((${x}) # ((${x}) >> 15)) * 73244475) % 4294967296)`;
  return sql`((${y}) # ((${y}) >> 13))`;
}

/** `bits` bits of a hash column starting at `shift`: uniform in [0, 2^bits). */
export function bitsOf(h: SQL, shift: number, bits: number): SQL {
  return sql`((${h} >> ${shift}::int) & ${2 ** bits - 1}::bigint)`;
}

/** A choice in [0, n) from 10 bits of a hash column. */
export function choose(h: SQL, shift: number, n: number): SQL {
  return sql`((${bitsOf(h, shift, 10)} * ${n}::bigint) >> 10)`;
}

/** A 1-based element of an array parameter. */
export function at(array: SQL, zeroBasedIndex: SQL): SQL {
  return sql`(${array})[(${zeroBasedIndex}) + 1]`;
}

export function intArray(values: readonly number[]): SQL {
  return sql`${sql.param(values)}::int[]`;
}

export function bigintArray(values: readonly number[]): SQL {
  return sql`${sql.param(values)}::bigint[]`;
}

export function textArray(values: readonly string[]): SQL {
  return sql`${sql.param(values)}::text[]`;
}

export function uuidArray(values: readonly string[]): SQL {
  return sql`${sql.param(values)}::uuid[]`;
}

/**
 * A UUID shaped like version 7: the first 48 bits are the row's time in milliseconds (so rows
 * generated in time order append to the primary-key index), then the version nibble 7, 12 hash
 * bits, the variant nibble a, 28 hash bits and the row index (so ids are unique). Built from two
 * bigints: to_hex of the first is 15 digits for any time between 2004 and 2527, and the second is
 * negative (variant bit set), so to_hex gives all 16 digits.
 */
export function timeOrderedUuid(seconds: SQL, h1: SQL, h2: SQL, index: SQL): SQL {
  const high = sql`((((${seconds}) * 1000 + ((${h2}) % 1000)) << 16) + 28672 + ((${h1}) & 4095))`;
  const low = sql`(-6917529027641081856 + ((((${h2}) >> 4) & 268435455) << 32) + (${index}))`;
  return sql`('0' || to_hex(${high}) || to_hex(${low}))::uuid`;
}
