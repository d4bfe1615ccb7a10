import type { Messages } from "../../types";
import { common } from "./common";
import { shell } from "./shell";
import { auth } from "./auth";
import { audit } from "./audit";
import { controls } from "./controls";

export const ja: Messages = { common, shell, auth, audit, controls };
