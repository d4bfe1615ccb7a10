/**
 * At or above this amount a reimbursement needs two approvals, one of the carrier's managers and
 * one of the victim's bank's (LINKGUARD_REIMBURSEMENT_QUORUM_YEN, default ¥1,000,000).
 */
export function quorumThresholdYen(): number {
  const v = Number(process.env.LINKGUARD_REIMBURSEMENT_QUORUM_YEN ?? "");
  return Number.isSafeInteger(v) && v > 0 ? v : 1_000_000;
}

export function approvalsNeededFor(amountYen: number): 1 | 2 {
  return amountYen >= quorumThresholdYen() ? 2 : 1;
}
