import "server-only";
import crypto from "node:crypto";
import { passwordProblem } from "@/lib/auth/passwords";

// No 0/O, 1/l/I: the password is read off a screen and typed once.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const GROUPS = 4;
const GROUP_LENGTH = 5;

/**
 * A temporary password for a new or reset account: 20 characters from 57 (about 116 bits), in
 * groups of five so it can be read out. It always passes the password rule, and the user must
 * replace it at the first sign-in.
 */
export function newTemporaryPassword(): string {
  for (;;) {
    const groups: string[] = [];
    for (let g = 0; g < GROUPS; g++) {
      let s = "";
      for (let i = 0; i < GROUP_LENGTH; i++) s += ALPHABET[crypto.randomInt(ALPHABET.length)];
      groups.push(s);
    }
    const password = groups.join("-");
    if (passwordProblem(password) === null) return password;
  }
}
