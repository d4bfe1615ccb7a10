import { common } from "./common";
import { shell } from "./shell";
import { auth } from "./auth";
import { audit } from "./audit";
import { controls } from "./controls";
import { admin } from "./admin";
import { accounts } from "./accounts";
import { errors } from "./errors";
import { home } from "./home";
import { cases } from "./cases";
import { incidents } from "./incidents";
import { analytics } from "./analytics";
import { reimbursements } from "./reimbursements";

/** The English catalogue is the reference: every other language has exactly these keys. */
export const en = { common, shell, auth, audit, controls, admin, accounts, errors, home, cases, incidents, analytics, reimbursements };
