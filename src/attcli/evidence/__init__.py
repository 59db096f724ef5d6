"""Evidence packs for the local authority: penalty notice, notice to improve, referral
(issue 17, docs/evidence.md)."""
