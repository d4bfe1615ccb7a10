import type { Messages } from "../../types";
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

export const ja: Messages = { common, shell, auth, audit, controls, admin, accounts, errors, home, cases, incidents, analytics, reimbursements };
