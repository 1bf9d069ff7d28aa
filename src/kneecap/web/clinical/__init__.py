"""Clinical: intake, examinations with decision support, handoffs, diagnoses, referrals."""
